"""Database-backed fixed-window rate limits (login and reset attempts)."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

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

    The database decides, so the limit holds across web processes: a guarded
    `UPDATE ... WHERE count < limit`, or the first insert of the window (the unique
    (key, window_start) index settles a race between two inserts; the loser updates instead).
    Call it outside a transaction that may roll back, or the hit is undone with it.
    """
    if not 0 < window_seconds <= MAX_WINDOW_SECONDS:
        raise ValueError("window_seconds must be between 1 second and 1 day")
    key = key[:200]
    window = _window_start(window_seconds)
    for _attempt in range(3):
        rows = await RateLimitHit.filter(key=key, window_start=window, count__lt=limit).update(
            count=F("count") + 1
        )
        if rows:
            return True
        if await RateLimitHit.filter(key=key, window_start=window).exists():
            return False
        if limit <= 0:
            return False
        try:
            async with in_transaction():  # a savepoint when the caller has a transaction open
                await RateLimitHit.create(key=key, window_start=window, count=1)
        except IntegrityError:
            continue  # another process opened this window first: count in its row
        await _delete_old_windows(key, window)
        return True
    return False


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
