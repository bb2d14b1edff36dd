"""db.retrying: a transaction PostgreSQL picks as a deadlock victim runs again and succeeds."""

from __future__ import annotations

import asyncio

import pytest
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from festival import db
from festival.accounts.models import RateLimitHit

pytestmark = pytest.mark.usefixtures("database")


async def test_retrying_runs_the_deadlock_victim_again() -> None:
    if db.engine_name() == "sqlite":
        pytest.skip("SQLite has one writer at a time: no deadlocks to retry")
    a = await RateLimitHit.create(key="a", window_start=0, count=0)
    b = await RateLimitHit.create(key="b", window_start=0, count=0)
    holding = {a.id: asyncio.Event(), b.id: asyncio.Event()}
    runs: list[int] = []

    async def take(first: int, second: int) -> None:
        runs.append(first)
        async with in_transaction():
            await RateLimitHit.filter(id=first).update(count=F("count") + 1)
            holding[first].set()
            await holding[second].wait()  # each holds one row and wants the other's
            await RateLimitHit.filter(id=second).update(count=F("count") + 1)

    await asyncio.wait_for(
        asyncio.gather(
            db.retrying(lambda: take(a.id, b.id)), db.retrying(lambda: take(b.id, a.id))
        ),
        timeout=30,
    )
    assert len(runs) == 3  # one of the two was rolled back once and ran again
    assert {r.key: r.count for r in await RateLimitHit.all()} == {"a": 2, "b": 2}


def test_is_transient_only_for_deadlocks_and_serialization_failures() -> None:
    class PgError(Exception):
        def __init__(self, sqlstate: str) -> None:
            self.sqlstate = sqlstate

    wrapped = RuntimeError("wrapped")
    wrapped.__cause__ = PgError("40P01")
    assert [db.is_transient(e) for e in (PgError("40001"), wrapped, PgError("23505"))] == [
        True,
        True,
        False,
    ]
