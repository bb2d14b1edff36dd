"""Database-backed fixed-window rate limits (login and reset attempts)."""

from __future__ import annotations

from tortoise import connections
from tortoise.expressions import F

from festival import clock
from festival.accounts.models import RateLimitHit

MAX_WINDOW_SECONDS = 24 * 3600


def _window_start(window_seconds: int) -> int:
    now = int(clock.now().timestamp())
    return now - now % window_seconds


def seconds_left_in_window(window_seconds: int) -> int:
    return _window_start(window_seconds) + window_seconds - int(clock.now().timestamp())


async def hit_rate_limit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit on `key` in the current fixed window. True while the hit is within `limit`,
    False when the window is already full (then nothing is counted).

    The database decides, so the limit holds across web processes: one atomic upsert opens the
    window's row or counts in it only while `count < limit` (SQLite 3.35+ and PostgreSQL both
    run `INSERT ... ON CONFLICT DO UPDATE ... WHERE ... RETURNING`).
    Call it outside a transaction that may roll back, or the hit is undone with it.
    """
    if not 0 < window_seconds <= MAX_WINDOW_SECONDS:
        raise ValueError("window_seconds must be between 1 second and 1 day")
    if limit <= 0:
        return False
    key = key[:200]
    window = _window_start(window_seconds)
    db = connections.get("default")
    rows = await db.execute_query_dict(_hit_sql(db.capabilities.dialect), [key, window, limit])
    if not rows:
        return False
    if rows[0]["count"] == 1:  # this hit opened the window
        await _delete_old_windows(key, window)
    return True


def _hit_sql(dialect: str) -> str:
    a, b, c = ("?", "?", "?") if dialect == "sqlite" else ("$1", "$2", "$3")
    table = RateLimitHit._meta.db_table  # identifiers from the model; values are parameters
    return (
        f'INSERT INTO "{table}" ("key", "window_start", "count") VALUES ({a}, {b}, 1) '  # noqa: S608
        f'ON CONFLICT ("key", "window_start") DO UPDATE SET "count" = "{table}"."count" + 1 '
        f'WHERE "{table}"."count" < {c} RETURNING "count"'
    )


async def release_rate_limit(key: str, *, window_seconds: int) -> None:
    """Give back one hit in the current window (a login that turned out to be right)."""
    window = _window_start(window_seconds)
    await RateLimitHit.filter(key=key[:200], window_start=window, count__gt=0).update(
        count=F("count") - 1
    )


async def _delete_old_windows(key: str, window: int) -> None:
    """Opportunistic clean-up when a window opens: this key's past windows, and rows older
    than a day (no window is longer)."""
    cutoff = int(clock.now().timestamp()) - MAX_WINDOW_SECONDS
    await RateLimitHit.filter(key=key, window_start__lt=window).delete()
    await RateLimitHit.filter(window_start__lt=cutoff).delete()


LOGIN_WINDOW_SECONDS = 15 * 60
