"""Short-lived per-process caches of read-mostly configuration on hot paths.

Registering (issue 4: 200 registrations a second) reads the event, its ticket types, questions,
sessions and signing key on every request, though an organiser changes them a few times a day.
A `TTLCache` keeps such reads for `seconds` in this process:

- a change made in this process is seen at once: saving or deleting a watched model
  (`clear_on_change`) and the services that change watched rows with a bulk UPDATE
  (`clear_all()` after their transaction) empty every cache;
- a change made in another web process is seen within `seconds` (the README says so).

Only configuration goes here: never counters (seats taken, tickets sold) that a guarded UPDATE
in the database decides, and never anything per person. Cached model instances are shared
between requests: read them, never change them.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Generic, TypeVar

from tortoise.signals import post_delete, post_save

V = TypeVar("V")

_caches: weakref.WeakSet[TTLCache[Any]] = weakref.WeakSet()
_watched: set[type] = set()


class TTLCache(Generic[V]):
    """Values by key for `seconds`; at most `max_entries` (then it starts again empty)."""

    def __init__(self, seconds: float, *, max_entries: int = 1024) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._entries: dict[Hashable, tuple[float, V]] = {}
        _caches.add(self)

    async def get(self, key: Hashable, load: Callable[[], Awaitable[V]]) -> V:
        """The cached value of `key`, or `await load()` kept for the next `seconds`."""
        hit = self._entries.get(key)
        now = time.monotonic()
        if hit is not None and hit[0] > now:
            return hit[1]
        value = await load()
        if len(self._entries) >= self.max_entries:
            self._entries.clear()
        self._entries[key] = (now + self.seconds, value)
        return value

    def clear(self) -> None:
        self._entries.clear()


def clear_all() -> None:
    """Forget every cached value in this process (after a configuration change)."""
    for cache in list(_caches):
        cache.clear()


async def _on_change(*_args: Any) -> None:
    clear_all()


def clear_on_change(*models: type) -> None:
    """Empty every cache whenever one of `models` is saved or deleted through the ORM."""
    new = [model for model in models if model not in _watched]
    if new:
        _watched.update(new)
        post_save(*new)(_on_change)
        post_delete(*new)(_on_change)
