"""The database-backed fixed-window rate limit."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from festival import clock
from festival.accounts.models import RateLimitHit
from festival.accounts.services import hit_rate_limit
from festival.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _frozen_clock() -> None:
    clock.set_now(datetime(2027, 3, 20, 9, 0, 10, tzinfo=UTC))


async def test_hit_rate_limit_allows_up_to_limit_then_refuses(database: None) -> None:
    results = [
        await hit_rate_limit("login:ip:10.0.0.1", limit=3, window_seconds=900) for _ in range(5)
    ]
    assert results == [True, True, True, False, False]
    row = await RateLimitHit.get(key="login:ip:10.0.0.1")
    assert row.count == 3


async def test_hit_rate_limit_counts_keys_separately(database: None) -> None:
    assert await hit_rate_limit("a", limit=1, window_seconds=60) is True
    assert await hit_rate_limit("b", limit=1, window_seconds=60) is True
    assert await hit_rate_limit("a", limit=1, window_seconds=60) is False


async def test_hit_rate_limit_opens_new_window_and_deletes_old_one(database: None) -> None:
    for _ in range(2):
        await hit_rate_limit("k", limit=2, window_seconds=900)
    assert await hit_rate_limit("k", limit=2, window_seconds=900) is False
    clock.advance(timedelta(minutes=15))
    assert await hit_rate_limit("k", limit=2, window_seconds=900) is True
    rows = await RateLimitHit.filter(key="k").values_list("count", flat=True)
    assert rows == [1]


async def test_hit_rate_limit_deletes_windows_older_than_a_day(database: None) -> None:
    await hit_rate_limit("old", limit=2, window_seconds=60)
    clock.advance(timedelta(days=1, minutes=5))
    await hit_rate_limit("new", limit=2, window_seconds=60)
    assert await RateLimitHit.filter(key="old").count() == 0


async def test_hit_rate_limit_under_concurrency_never_passes_limit(database: None) -> None:
    results = await asyncio.gather(
        *(hit_rate_limit("race", limit=5, window_seconds=900) for _ in range(30))
    )
    assert results.count(True) == 5
    assert (await RateLimitHit.get(key="race")).count == 5


async def test_hit_rate_limit_refuses_windows_longer_than_a_day(database: None) -> None:
    with pytest.raises(ValueError):
        await hit_rate_limit("x", limit=1, window_seconds=2 * 86400)


_WORKER = """
import asyncio, sys
from festival import db
from festival.accounts.services import hit_rate_limit

async def main():
    await db.init(sys.argv[1])
    try:
        hits = [hit_rate_limit("multi", limit=7, window_seconds=86400) for _ in range(10)]
        results = await asyncio.gather(*hits)
    finally:
        await db.close()
    print(sum(results))

asyncio.run(main())
"""


async def test_hit_rate_limit_holds_across_processes(database: None, settings: Settings) -> None:
    clock.set_now(None)  # the worker processes use the real clock
    command = [sys.executable, "-c", _WORKER, settings.database_url]
    processes = [
        await asyncio.create_subprocess_exec(*command, cwd=ROOT, stdout=asyncio.subprocess.PIPE)
        for _ in range(4)
    ]
    outputs = [await process.communicate() for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0, 0]
    assert sum(int(out.decode()) for out, _err in outputs) == 7
    assert (await RateLimitHit.get(key="multi")).count == 7
