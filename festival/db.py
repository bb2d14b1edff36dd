"""Database: Tortoise ORM on SQLite (embedded default) or PostgreSQL (asyncpg), chosen by URL.

All tables live in one Tortoise app, `festival`, whose migrations are in
`festival/migrations` (generated with `festival makemigrations`, applied by `festival migrate`).
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.context import TortoiseContext, get_current_context
from tortoise.migrations.api import migrate as migrate_api

APP_LABEL = "festival"
T = TypeVar("T")
# The largest value of an IntField (INTEGER on PostgreSQL): ids and numbers from outside are
# checked against it at the edge, so a larger one is a 404 or 422, never a database error.
MAX_INT = 2**31 - 1
# PostgreSQL rolled the transaction back as a deadlock victim or serialization failure.
TRANSIENT_SQLSTATES = {"40P01", "40001"}

# Every module holding models. A new area adds its models module here.
MODEL_MODULES = [
    "festival.audit",
    "festival.jobs",
    "festival.jobqueue",
    "festival.accounts.models",
    "festival.events.models",
    "festival.mail.models",
    "festival.programme.models",
    "festival.registration.models",
    "festival.submissions.models",
    "festival.tickets.models",
    "festival.checkin.models",
    "festival.feedback.models",
    "festival.archive.models",
    "festival.evaluation.models",
    "festival.payments.models",
    "festival.invoicing.models",
    "festival.messages.models",
]


def connection_config(database_url: str) -> dict[str, Any]:
    url = database_url
    if url.startswith("postgresql://"):
        url = "postgres://" + url[len("postgresql://") :]
    config = expand_db_url(url)
    if config["engine"] == "tortoise.backends.sqlite":
        # Wait for a write lock held by another process instead of failing at once.
        config["credentials"].setdefault("busy_timeout", 5000)
        # WAL (Tortoise's default) with synchronous=NORMAL: a commit no longer waits for fsync.
        # The file cannot be corrupted; a power cut may lose the last commits (not a crash).
        config["credentials"].setdefault("synchronous", "NORMAL")
    else:
        config["credentials"].setdefault("minsize", 1)
        config["credentials"].setdefault("maxsize", 10)
    return config


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": connection_config(database_url)},
        "apps": {
            APP_LABEL: {
                "models": list(MODEL_MODULES),
                "migrations": "festival.migrations",
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def init(database_url: str) -> TortoiseContext:
    """Open the connections for this process (global, so every task and request sees them)."""
    return await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


def is_open() -> bool:
    return get_current_context() is not None


async def close() -> None:
    await Tortoise.close_connections()


async def migrate(database_url: str) -> None:
    """Apply every migration not yet applied. Safe to run again; runs in its own context."""
    config = tortoise_config(database_url)
    async with TortoiseContext() as ctx:
        await ctx.init(config=config, init_connections=False)
        await migrate_api(config=config)


def check_file_opens(database_url: str) -> None:
    """SQLite: open the file once with the standard driver, so a file that cannot be opened
    (a folder in its place, no permission) is said at once: through Tortoise the failed connect
    leaves a lock held and the migration waits forever. Raises sqlite3.Error."""
    credentials = connection_config(database_url)["credentials"]
    path = credentials.get("file_path")
    if path and path != ":memory:":
        sqlite3.connect(path).close()


async def ping() -> bool:
    """True when the database answers a trivial query."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:
        return False
    return True


def engine_name() -> str:
    return connections.get("default").capabilities.dialect


# What `festival makemigrations` compares the models against (no database needed).
MIGRATIONS_CONFIG = tortoise_config("sqlite://:memory:")


def is_transient(error: BaseException) -> bool:
    """The database aborted the transaction only because of another one: running it again can
    succeed (PostgreSQL deadlocks and serialization failures; SQLite never raises these)."""
    while error is not None:
        if getattr(error, "sqlstate", None) in TRANSIENT_SQLSTATES:
            return True
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    return False


async def retrying(transaction: Callable[[], Awaitable[T]], *, attempts: int = 3) -> T:
    """Run `transaction` (one use case's `in_transaction()` block, nothing written outside it)
    again when the database aborted it as transient. Use cases that take rows in an order
    another use case may take the other way round (seats, booking rows, quota) use it."""
    for attempt in range(1, attempts + 1):
        try:
            return await transaction()
        except Exception as error:
            if attempt == attempts or not is_transient(error):
                raise
            await asyncio.sleep(random.uniform(0.002, 0.02) * attempt)
    raise AssertionError("unreachable")


async def table_counts() -> dict[str, int]:
    """Rows per table of every model (backup and restore checks, `festival restore`)."""
    conn = connections.get("default")
    counts = {}
    for app in Tortoise.apps.values():
        for model in app.values():
            table = model._meta.db_table
            # Table names come from the models, not from input.
            _, rows = await conn.execute_query(f'SELECT COUNT(*) AS n FROM "{table}"')  # noqa: S608
            counts[table] = int(rows[0]["n"])
    return dict(sorted(counts.items()))
