"""The one source of the current time (UTC), overridable in tests and the demo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    return _now()


def set_now(value: datetime | None) -> None:
    """Freeze the clock at `value` (aware), or restore the real clock with None."""
    global _now
    if value is None:
        _now = lambda: datetime.now(UTC)  # noqa: E731
    else:
        frozen = value.astimezone(UTC)
        _now = lambda: frozen  # noqa: E731


def advance(delta: timedelta) -> None:
    set_now(now() + delta)


def to_local(value: datetime, tz: str) -> datetime:
    return value.astimezone(ZoneInfo(tz))


def from_local(value: datetime, tz: str) -> datetime:
    """Interpret a naive local time (from a form) in `tz` and return it in UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(tz))
    return value.astimezone(UTC)
