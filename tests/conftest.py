"""Test setup: one real database per run (SQLite file, or the PostgreSQL named by
FESTIVAL_DATABASE_URL), migrated once, emptied between tests; jobs run in-process, or
through arq on the real Redis named by FESTIVAL_REDIS_URL."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tortoise import connections

from festival import cache, clock, db, jobs
from festival.app import create_app
from festival.settings import Settings
from workers.jobs import JOBS

TEST_SECRET = "test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("festival-data")


@pytest.fixture(scope="session")
def database_url(data_dir: Path) -> str:
    url = os.environ.get("FESTIVAL_DATABASE_URL") or f"sqlite://{data_dir}/test.sqlite3"
    asyncio.run(_reset_and_migrate(url))
    return url


async def _reset_and_migrate(url: str) -> None:
    if not url.startswith("sqlite"):
        await db.init(url)
        await connections.get("default").execute_script(
            "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
        )
        await db.close()
    await db.migrate(url)


@pytest.fixture
def settings(database_url: str, data_dir: Path, tmp_path: Path) -> Settings:
    return Settings(
        env="test",
        database_url=database_url,
        redis_url=os.environ.get("FESTIVAL_REDIS_URL") or None,
        secret_key=TEST_SECRET,
        base_url="http://testserver",
        data_dir=tmp_path,
        login_rate_limit=5,
    )


async def _empty_tables() -> None:
    conn = connections.get("default")
    tables = [m._meta.db_table for m in _all_models()]
    if db.engine_name() == "sqlite":
        # Table names come from the models, not from input.
        deletes = "".join(f'DELETE FROM "{t}";' for t in tables)  # noqa: S608
        await conn.execute_script(f"PRAGMA foreign_keys=OFF;{deletes}PRAGMA foreign_keys=ON;")
    else:
        quoted = ", ".join(f'"{t}"' for t in tables)
        await conn.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE;")


def _all_models() -> list[Any]:
    from tortoise import Tortoise

    return [m for app in Tortoise.apps.values() for m in app.values()]


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[None]:
    """An open, empty database and a job runner, for service tests."""
    await db.init(settings.database_url)
    try:
        await _empty_tables()
        cache.clear_all()  # ids start again: no cached row of an earlier test may answer
        if settings.redis_url:
            from redis.asyncio import Redis

            redis = Redis.from_url(settings.redis_url)
            await redis.flushdb()
            await redis.aclose()
        # Tests retry failed jobs at once instead of after the production back-off.
        await jobs.start(
            {"settings": settings, "retry_delay": no_delay}, settings.redis_url, functions=JOBS
        )
        yield
    finally:
        clock.set_now(None)
        await jobs.stop()
        await db.close()


@pytest.fixture
async def app(settings: Settings, database: None) -> AsyncIterator[Any]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


def no_delay(job_try: int) -> float:
    return 0


async def run_jobs(settings: Settings) -> None:
    """Run every queued job to the end: the in-process tasks, or a burst arq worker on Redis
    (with its own connection, which it closes; retries without waiting). On arq the jobs see
    `settings` as ctx["settings"]; in-process jobs see the runner's ctx (set before enqueueing)."""
    runner = jobs.runner()
    if isinstance(runner, jobs.InProcessRunner):
        await runner.drain()
        return
    from arq import create_pool
    from arq.connections import RedisSettings
    from arq.worker import Retry, Worker

    from workers.settings import KEEP_RESULT

    assert settings.redis_url
    ctx = {
        "settings": settings,
        "retry_class": Retry,
        "max_tries": jobs.MAX_TRIES,
        "retry_delay": no_delay,
    }
    pool = await create_pool(RedisSettings.from_dsn(settings.redis_url))
    worker = Worker(
        functions=list(JOBS.values()),
        redis_pool=pool,
        burst=True,
        poll_delay=0.01,
        max_tries=jobs.MAX_TRIES,
        keep_result=KEEP_RESULT,
        ctx=ctx,
        handle_signals=False,
    )
    try:
        await worker.main()
    finally:
        # Not worker.close(): it calls redis' deprecated close(), an error under -W error.
        await pool.aclose()
