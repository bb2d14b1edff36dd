"""arq WorkerSettings for `festival worker`: the same job functions the in-process runner uses."""

from __future__ import annotations

from typing import Any

from arq.connections import RedisSettings
from arq.worker import Retry

from festival import db, jobs
from festival.settings import Settings
from workers.jobs import JOBS


async def startup(ctx: dict[str, Any]) -> None:
    settings = Settings.from_env()
    ctx["settings"] = settings
    ctx["retry_class"] = Retry
    ctx["max_tries"] = jobs.MAX_TRIES
    ctx["tortoise"] = await db.init(settings.database_url)
    # Jobs may queue follow-up jobs: they go back to Redis.
    await jobs.start({"settings": settings}, settings.redis_url)


async def shutdown(ctx: dict[str, Any]) -> None:
    await jobs.stop()
    await ctx["tortoise"].close_connections()


def worker_settings(settings: Settings) -> dict[str, Any]:
    if not settings.redis_url:
        raise SystemExit("festival worker needs FESTIVAL_REDIS_URL (without it jobs run inside `festival serve`).")
    return {
        "functions": list(JOBS.values()),
        "cron_jobs": [],
        "on_startup": startup,
        "on_shutdown": shutdown,
        "redis_settings": RedisSettings.from_dsn(settings.redis_url),
        "max_tries": jobs.MAX_TRIES,
        "job_timeout": 300,
        "keep_result": 3600,
    }
