"""The job queue table of the embedded default: without Redis, web processes write the jobs they
queue here and one job process (`festival worker`, which `festival serve` starts) claims and runs
them. A job row lives while the job is queued or running and is deleted when it has finished, so
its key de-duplicates exactly as long as the in-process and arq runners do.

A claim is a lease (`locked_until`): a job process that dies leaves its rows, and they are claimed
again when the lease runs out, or at once by the next job process that takes over the queue.
Times are milliseconds since the epoch, so the claim is one plain statement on both engines.
This module knows no job and no area; festival.jobs runs what it hands out.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise import connections, fields
from tortoise.expressions import Q
from tortoise.models import Model

from festival import clock

LEASE_SECONDS = 60.0  # a running job's claim; the job process renews it while the job runs


class QueuedJob(Model):
    """A job waiting or running in the database queue of the embedded default."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=80)
    kwargs = fields.TextField(default="{}")  # JSON text (written by raw SQL on both engines)
    job_key = fields.CharField(max_length=200, null=True, unique=True)  # None: no de-duplication
    run_at = fields.BigIntField()  # ms since the epoch
    tries = fields.IntField(default=0)  # claims so far
    locked_until = fields.BigIntField(null=True)  # ms; None: not claimed
    worker = fields.CharField(max_length=40, default="")
    queued_at = fields.BigIntField()  # ms

    class Meta:
        table = "job_queue"
        indexes = (("run_at", "id"),)

    def __str__(self) -> str:
        return f"{self.name}({self.kwargs})"


@dataclass(frozen=True)
class Claimed:
    id: int
    name: str
    kwargs: dict[str, Any]
    tries: int


def millis(moment: datetime | None = None) -> int:
    return int((moment or clock.now()).timestamp() * 1000)


def _sql(statement: str, dialect: str) -> str:
    """`?` placeholders become `$1, $2, ...` on PostgreSQL."""
    if dialect != "postgres":
        return statement
    parts = statement.split("?")
    return "".join(f"{part}${n}" for n, part in enumerate(parts[:-1], 1)) + parts[-1]


_PUSH = """
INSERT INTO job_queue (name, kwargs, job_key, run_at, tries, worker, queued_at)
VALUES (?, ?, ?, ?, 0, '', ?)
ON CONFLICT (job_key) DO NOTHING
"""

_CLAIM = """
UPDATE job_queue SET tries = tries + 1, locked_until = ?, worker = ?
WHERE id IN (
    SELECT id FROM job_queue
    WHERE run_at <= ? AND (locked_until IS NULL OR locked_until < ?)
    ORDER BY run_at, id LIMIT ? {lock}
)
RETURNING id, name, kwargs, tries
"""


async def push(
    name: str, kwargs: dict[str, Any], *, key: str | None, defer: float | None = None
) -> None:
    """Queue a job; nothing when a job with the same key is still queued or running. Inside a
    transaction the job is queued with it: a rollback queues nothing. Outside one on SQLite,
    jobs pushed together share one commit (see _SqlitePushes)."""
    db = connections.get("default")
    now = millis()
    values = [name, json.dumps(kwargs), key, now + int((defer or 0) * 1000), now]
    if type(db).__name__ == "SqliteClient" and hasattr(db, "acquire_connection"):
        await _sqlite_pushes.write(db, values)
        return
    await db.execute_query(_sql(_PUSH, db.capabilities.dialect), values)


def _sqlite_push_batch(conn: sqlite3.Connection, rows: list[list[Any]]) -> None:
    """Runs on aiosqlite's database thread: every push of the batch in one transaction."""
    conn.execute("BEGIN")
    try:
        conn.executemany(_PUSH, rows)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


class _SqlitePushes:
    """Group commit for pushes on SQLite (the embedded default's web process): jobs pushed while
    a batch is on the database thread go together in the next one, so under a rush of
    registrations one COMMIT queues many jobs; a lone push is written at once. Each caller
    returns once its own job is committed, as with a plain INSERT."""

    def __init__(self) -> None:
        self.pending: list[tuple[list[Any], asyncio.Future[None]]] = []
        self.task: asyncio.Task[None] | None = None

    async def write(self, db: Any, values: list[Any]) -> None:
        loop = asyncio.get_running_loop()
        if self.task is not None and self.task.get_loop() is not loop:
            self.task, self.pending = None, []  # left behind by a loop that has ended
        future: asyncio.Future[None] = loop.create_future()
        self.pending.append((values, future))
        if self.task is None:
            # A task of its own: a request that is cancelled must not stop the others' pushes.
            self.task = loop.create_task(self._drain(db))
        await future

    async def _drain(self, db: Any) -> None:
        try:
            while self.pending:
                batch, self.pending = self.pending, []
                try:
                    # acquire_connection holds Tortoise's lock: no other statement runs between.
                    async with db.acquire_connection() as connection:
                        await connection._execute(
                            _sqlite_push_batch, connection._conn, [v for v, _f in batch]
                        )
                except BaseException as error:
                    for _v, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    if not isinstance(error, Exception):
                        raise
                    continue
                for _v, future in batch:
                    if not future.done():
                        future.set_result(None)
        finally:
            self.task = None


_sqlite_pushes = _SqlitePushes()


async def claim(worker: str, *, limit: int) -> list[Claimed]:
    """Up to `limit` jobs that are due and not held by a live lease, now leased to `worker`.
    One statement: two job processes never claim the same row (SQLite's write lock, or
    PostgreSQL's row locks skipped by the other)."""
    db = connections.get("default")
    dialect = db.capabilities.dialect
    now = millis()
    lock = "FOR UPDATE SKIP LOCKED" if dialect == "postgres" else ""
    # execute_query_dict: it returns the RETURNING rows on both engines.
    rows = await db.execute_query_dict(
        _sql(_CLAIM.format(lock=lock), dialect),
        [now + int(LEASE_SECONDS * 1000), worker, now, now, limit],
    )
    claimed = [
        Claimed(
            id=int(row["id"]),
            name=str(row["name"]),
            kwargs=json.loads(row["kwargs"]),
            tries=int(row["tries"]),
        )
        for row in rows
    ]
    return sorted(claimed, key=lambda c: c.id)


async def finish(job_id: int, worker: str) -> None:
    """The job ran (or failed for good): its row goes, and its key may be queued again."""
    await QueuedJob.filter(id=job_id, worker=worker).delete()


async def later(job_id: int, worker: str, *, defer: float) -> None:
    """Run the job again after `defer` seconds (a retry); the lease is given up."""
    await QueuedJob.filter(id=job_id, worker=worker).update(
        run_at=millis() + int(defer * 1000), locked_until=None
    )


async def renew(job_ids: list[int], worker: str) -> None:
    """Keep the leases of jobs this process is still running."""
    if job_ids:
        await QueuedJob.filter(id__in=job_ids, worker=worker).update(
            locked_until=millis() + int(LEASE_SECONDS * 1000)
        )


async def take_over() -> int:
    """Free every lease: for the one job process of `festival serve`, whose predecessor is gone,
    so the jobs it was running run again at once. Returns how many were held."""
    return await QueuedJob.filter(locked_until__isnull=False).update(locked_until=None)


async def due() -> int:
    """Jobs that could be claimed now (due, no live lease)."""
    now = millis()
    return (
        await QueuedJob.filter(run_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .count()
    )


async def backlog() -> int:
    """Jobs queued or running."""
    return await QueuedJob.all().count()
