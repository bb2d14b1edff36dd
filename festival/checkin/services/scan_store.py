"""The scan's one write: the check-in row and its audit entry together, in one round trip.

The audit row comes from the audit service (`audit.entry_values`, `audit.insert_entry_sql`), so
check-in writes only its own table's layout. On SQLite, scans arriving together share one commit
through aiosqlite's `_execute` (see _SqliteWriter; pinned and tested in tests/checkin).
"""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from festival import audit
from festival.checkin.models import Checkin

_CHECKIN_COLUMNS = (
    "event_id",
    "ticket_tid",
    "attendee_id",
    "checkpoint",
    "session_id",
    "result",
    "scanned_at",
    "received_at",
    "clock_skew",
    "device",
    "device_label",
    "scan_id",
    "live_key",
    "offline",
    "walk_in",
    "admitted_unbooked",
    "first_checkin_id",
    "undone_by",
)


def _db_values(columns: tuple[str, ...], row: dict[str, Any]) -> list[Any]:
    """Values as Tortoise sends them: enums as their value, the rest as is (aware datetimes keep
    their offset, as the ORM stores them)."""
    return [value.value if isinstance(value, Enum) else value for value in map(row.get, columns)]


def _checkin_defaults(row: dict[str, Any]) -> dict[str, Any]:
    defaults = {"live_key": None, "admitted_unbooked": False, "first_checkin_id": None}
    return {**defaults, "undone_by": "", **row}


async def insert_scan(
    row: dict[str, Any], *, actor: Any, action: str, event_id: int, data: dict[str, Any]
) -> int:
    """Insert a Checkin row and its audit entry atomically; returns the check-in id. Raises
    tortoise IntegrityError when the unique scan_id or live_key is taken (nothing is written).

    Outside a transaction this is one round trip: on SQLite one call on the database thread
    (BEGIN, two INSERTs, COMMIT; scans arriving together share it, see _SqliteWriter), on
    PostgreSQL one statement. Inside a transaction (a seat
    taken at the door, an offline take-over) it writes through the ORM in that transaction."""
    db = connections.get("default")
    checkin = _db_values(_CHECKIN_COLUMNS, _checkin_defaults(row))
    entry = audit.entry_values(actor, action, subject_type="checkin", event_id=event_id, data=data)
    kind = type(db).__name__
    if kind == "SqliteClient" and hasattr(db, "acquire_connection"):
        return await _insert_sqlite(db, checkin, entry)
    if kind == "AsyncpgDBClient":
        return await _insert_postgres(db, checkin, entry)
    async with in_transaction():  # inside the caller's transaction: a savepoint
        created = await Checkin.create(**row)
        await audit.record(actor, action, created, event_id=event_id, **data)
    return int(created.id)


def _insert_sql(table: str, columns: tuple[str, ...], marks: list[str]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join(marks)})'  # noqa: S608


_SQLITE_CHECKIN = _insert_sql(Checkin._meta.db_table, _CHECKIN_COLUMNS, ["?"] * 18)
_SQLITE_AUDIT = audit.insert_entry_sql(["?"] * len(audit.ENTRY_COLUMNS))


def _sqlite_write_batch(conn: Any, batch: list[tuple[list[Any], list[Any]]]) -> list[Any]:
    """Runs on aiosqlite's thread: every scan of the batch in one transaction (one COMMIT), each
    in its own savepoint, so a scan refused by a unique key leaves the others written. Returns
    per scan its check-in id or the sqlite3.IntegrityError that refused it."""
    import sqlite3

    results: list[Any] = []
    conn.execute("BEGIN")
    try:
        for checkin, entry in batch:
            conn.execute("SAVEPOINT scan")
            try:
                checkin_id = int(conn.execute(_SQLITE_CHECKIN, checkin).lastrowid)
                conn.execute(_SQLITE_AUDIT, [*entry, str(checkin_id)])
            except sqlite3.IntegrityError as error:
                conn.execute("ROLLBACK TO scan")
                results.append(error)
            else:
                results.append(checkin_id)
            conn.execute("RELEASE scan")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return results


class _SqliteWriter:
    """Group commit for scans on SQLite: scans that arrive while a write is on the database
    thread go together in the next write. Under load (a queue at the door, several scanners)
    one COMMIT serves many scans; a lone scan is written at once, as before."""

    def __init__(self) -> None:
        self.pending: list[tuple[list[Any], list[Any], asyncio.Future[int]]] = []
        self.task: asyncio.Task[None] | None = None

    async def write(self, db: Any, checkin: list[Any], entry: list[Any]) -> int:
        loop = asyncio.get_running_loop()
        if self.task is not None and self.task.get_loop() is not loop:
            self.task, self.pending = None, []  # left behind by a loop that has ended
        future: asyncio.Future[int] = loop.create_future()
        self.pending.append((checkin, entry, future))
        if self.task is None:
            # A task of its own: a scanner that hangs up must not stop the others' writes.
            self.task = loop.create_task(self._drain(db))
        return await future

    async def _drain(self, db: Any) -> None:
        from tortoise.exceptions import IntegrityError

        try:
            while self.pending:
                batch, self.pending = self.pending, []
                try:
                    # acquire_connection holds Tortoise's lock: no other statement runs between.
                    async with db.acquire_connection() as connection:
                        # aiosqlite's _execute runs one function on its database thread.
                        results = await connection._execute(
                            _sqlite_write_batch, connection._conn, [(c, e) for c, e, _f in batch]
                        )
                except BaseException as error:
                    for _c, _e, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    if not isinstance(error, Exception):
                        raise
                    continue
                for (_c, _e, future), result in zip(batch, results, strict=True):
                    if future.done():
                        continue
                    if isinstance(result, Exception):
                        future.set_exception(IntegrityError(result))
                    else:
                        future.set_result(result)
        finally:
            self.task = None


_sqlite_writer = _SqliteWriter()


async def _insert_sqlite(db: Any, checkin: list[Any], entry: list[Any]) -> int:
    return await _sqlite_writer.write(db, checkin, entry)


def _postgres_sql() -> str:
    n = len(_CHECKIN_COLUMNS)
    audit_marks = [f"${n + i}" for i in range(1, len(audit.ENTRY_COLUMNS))]
    audit_marks[-1] += "::jsonb"  # data
    insert = _insert_sql(
        Checkin._meta.db_table, _CHECKIN_COLUMNS, [f"${i}" for i in range(1, n + 1)]
    )
    entry = audit.insert_entry_sql([*audit_marks, "CAST(c.id AS VARCHAR)"], source="c")
    return f'WITH c AS ({insert} RETURNING "id") {entry} RETURNING subject_id'


_POSTGRES_INSERT = _postgres_sql()


async def _insert_postgres(db: Any, checkin: list[Any], entry: list[Any]) -> int:
    # One statement is atomic on its own: both rows or neither.
    _count, rows = await db.execute_query(_POSTGRES_INSERT, [*checkin, *entry])
    return int(rows[0]["subject_id"])
