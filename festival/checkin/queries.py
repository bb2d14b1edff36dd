"""The scan's one read: ticket, signing key, attendee card, booking and live check-in in a single
query (issue 5: a scan must cost one round trip to read, not seven ORM queries).

It reads other areas' tables (tickets, registration, events) without writing them; table names
come from their models, values are always bound parameters.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from festival.audit import AuditEntry
from festival.checkin.models import Checkin
from festival.events.models import Event
from festival.registration.models import Attendee, Booking, BookingStatus, Registration
from festival.tickets.models import EventKey, Ticket


@dataclass(frozen=True)
class LiveScan:
    """The scan that holds someone's live check-in at a checkpoint (the one that won)."""

    id: int
    scanned_at: datetime
    checkpoint: str
    device: str
    device_label: str


@dataclass(frozen=True)
class ScanFacts:
    """Everything a scan decides on, read at once."""

    tid: str
    event_id: int
    attendee_id: int
    ticket_status: str
    private_key: bytes | None  # seed of the event's key with the payload's kid; None: no key
    card: dict[str, Any] | None  # the attendee as the scanner shows them; None: gone
    admit_unbooked_if_seats: bool
    booked: bool  # a confirmed booking for the checkpoint's session (False at the entrance)
    live: LiveScan | None


def _sql() -> str:
    t, k, a = Ticket._meta.db_table, EventKey._meta.db_table, Attendee._meta.db_table
    r, e = Registration._meta.db_table, Event._meta.db_table
    b, c = Booking._meta.db_table, Checkin._meta.db_table
    # Identifiers come from our models, every value is a bound parameter.
    return f"""
SELECT t.event_id AS event_id, t.attendee_id AS attendee_id, t.status AS ticket_status,
       k.private_key AS private_key,
       a.id AS a_id, a.name AS a_name, a.organisation AS a_organisation, a.role AS a_role,
       a.status AS a_status, r.code AS registration_code,
       e.admit_unbooked_if_seats AS admit_unbooked,
       (SELECT COUNT(*) FROM "{b}" b WHERE b.attendee_id = t.attendee_id
          AND b.session_id = ? AND b.status = ?) AS booked,
       c.id AS c_id, c.scanned_at AS c_scanned_at, c.device AS c_device,
       c.device_label AS c_device_label
FROM "{t}" t
LEFT JOIN "{k}" k ON k.event_id = t.event_id AND k.kid = ?
LEFT JOIN "{a}" a ON a.id = t.attendee_id
LEFT JOIN "{r}" r ON r.id = a.registration_id
LEFT JOIN "{e}" e ON e.id = t.event_id
LEFT JOIN "{c}" c ON c.attendee_id = t.attendee_id AND c.checkpoint = ?
  AND c.live_key IS NOT NULL
WHERE t.tid = ?
"""  # noqa: S608


_queries: dict[str, str] = {}


def _query(dialect: str) -> str:
    """The query with the engine's placeholders (built once per engine)."""
    if dialect not in _queries:
        text = _sql()
        if dialect != "sqlite":
            parts = text.split("?")
            text = parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], 1))
        _queries[dialect] = text
    return _queries[dialect]


def _to_datetime(value: str | datetime) -> datetime:
    """A stored time as Tortoise reads it (aware, UTC); SQLite hands back ISO text."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(UTC)


async def scan_facts(
    tid: str, *, kid: str, checkpoint: str, session_id: int | None
) -> ScanFacts | None:
    """What the database knows about ticket `tid` for a scan at `checkpoint`; None: no ticket."""
    db = connections.get("default")
    rows = await db.execute_query_dict(
        _query(db.capabilities.dialect),
        [session_id or 0, BookingStatus.CONFIRMED.value, kid, checkpoint, tid],
    )
    if not rows:
        return None
    row = rows[0]
    card = None
    if row["a_id"] is not None:
        card = {
            "id": row["a_id"],
            "name": row["a_name"],
            "organisation": row["a_organisation"],
            "role": str(row["a_role"]),
            "registration_code": row["registration_code"],
            "status": str(row["a_status"]),
            "tid": tid,
        }
    live = None
    if row["c_id"] is not None:
        live = LiveScan(
            id=row["c_id"],
            scanned_at=_to_datetime(row["c_scanned_at"]),
            checkpoint=checkpoint,
            device=row["c_device"],
            device_label=row["c_device_label"],
        )
    seed = row["private_key"]
    return ScanFacts(
        tid=tid,
        event_id=row["event_id"],
        attendee_id=row["attendee_id"],
        ticket_status=str(row["ticket_status"]),
        private_key=bytes(seed) if seed is not None else None,
        card=card,
        admit_unbooked_if_seats=bool(row["admit_unbooked"]),
        booked=bool(row["booked"]) and session_id is not None,
        live=live,
    )


# ---------------------------------------------------------------- the scan's one write

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
_AUDIT_COLUMNS = (
    "at",
    "actor_kind",
    "actor_id",
    "actor_label",
    "action",
    "subject_type",
    "event_id",
    "data",
)


def _db_values(columns: tuple[str, ...], row: dict[str, Any]) -> list[Any]:
    """Values as Tortoise sends them: enums as their value, JSON as text, the rest as is
    (aware datetimes keep their offset, as the ORM stores them)."""
    return [
        value.value if isinstance(value, Enum) else _json(value) if name == "data" else value
        for name, value in ((name, row.get(name)) for name in columns)
    ]


_json = AuditEntry._meta.fields_map["data"].encoder  # type: ignore[attr-defined]


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
    from festival import audit, clock

    db = connections.get("default")
    checkin = _db_values(_CHECKIN_COLUMNS, _checkin_defaults(row))
    entry = _db_values(
        _AUDIT_COLUMNS,
        {
            "at": clock.now(),
            "actor_kind": actor.kind,
            "actor_id": actor.id,
            "actor_label": actor.label[:255],
            "action": action,
            "subject_type": "checkin",
            "event_id": event_id,
            "data": data,
        },
    )
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
_SQLITE_AUDIT = _insert_sql(
    AuditEntry._meta.db_table, (*_AUDIT_COLUMNS, "subject_id"), ["?"] * (len(_AUDIT_COLUMNS) + 1)
)


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
    audit_marks = [f"${n + i}" for i in range(1, len(_AUDIT_COLUMNS) + 1)]
    audit_marks[-1] += "::jsonb"
    audit_names = ", ".join(f'"{c}"' for c in (*_AUDIT_COLUMNS, "subject_id"))
    insert = _insert_sql(
        Checkin._meta.db_table, _CHECKIN_COLUMNS, [f"${i}" for i in range(1, n + 1)]
    )
    marks = ", ".join(audit_marks)
    table = AuditEntry._meta.db_table
    return (
        f'WITH c AS ({insert} RETURNING "id") INSERT INTO "{table}" ({audit_names}) '  # noqa: S608
        f"SELECT {marks}, CAST(c.id AS VARCHAR) FROM c RETURNING subject_id"
    )


_POSTGRES_INSERT = _postgres_sql()


async def _insert_postgres(db: Any, checkin: list[Any], entry: list[Any]) -> int:
    # One statement is atomic on its own: both rows or neither.
    _count, rows = await db.execute_query(_POSTGRES_INSERT, [*checkin, *entry])
    return int(rows[0]["subject_id"])
