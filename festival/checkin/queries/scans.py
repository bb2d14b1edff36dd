"""The scan's one read: ticket, signing key, attendee card, booking and live check-in in a single
query (issue 5: a scan must cost one round trip to read, not seven ORM queries).

It reads other areas' tables (tickets, registration, events) without writing them; table names
come from their models, values are always bound parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise import connections
from tortoise.functions import Count

from festival.checkin.models import ENTRANCE, Checkin
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


async def scan_counts() -> dict[tuple[str, str], int]:
    """Scans on this instance per (checkpoint kind, result): kind "entrance" or "session"
    (operations' metrics)."""
    counts: dict[tuple[str, str], int] = {}
    for kind, query in (
        (ENTRANCE, Checkin.filter(checkpoint=ENTRANCE)),
        ("session", Checkin.exclude(checkpoint=ENTRANCE)),
    ):
        rows = await query.group_by("result").annotate(n=Count("id")).values("result", "n")
        for row in rows:
            counts[kind, str(row["result"])] = int(row["n"])
    return counts
