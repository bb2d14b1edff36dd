"""Seat counters per session: the one place that takes and hands on seats.

Every seat is taken by a guarded UPDATE (`taken < capacity`) inside the caller's transaction;
its row count decides. A freed seat goes to the next person waiting before anyone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import F

from festival.programme.models import Session
from festival.registration.models import SessionSeats

UNLIMITED = 1_000_000  # a session without any capacity set (no room): never full


@dataclass(frozen=True)
class SessionInfo:
    id: int
    event_id: int
    code: str
    title: str
    title_en: str
    starts_at: datetime | None
    ends_at: datetime | None
    capacity: int
    requires_registration: bool
    state: str
    room: str


async def session_infos(
    session_ids: list[int] | None = None, *, event_id: int | None = None
) -> dict[int, SessionInfo]:
    """Sessions with their effective capacity (own or the room's), read in one query."""
    query = Session.all()
    if session_ids is not None:
        query = query.filter(id__in=session_ids)
    if event_id is not None:
        query = query.filter(event_id=event_id)
    rows = await query.values(
        "id",
        "event_id",
        "code",
        "title",
        "title_en",
        "starts_at",
        "ends_at",
        "capacity",
        "requires_registration",
        "state",
        "room__capacity",
        "room__name",
    )
    infos = {}
    for row in rows:
        capacity = row["capacity"] if row["capacity"] is not None else row["room__capacity"]
        infos[row["id"]] = SessionInfo(
            id=row["id"],
            event_id=row["event_id"],
            code=row["code"],
            title=row["title"],
            title_en=row["title_en"] or "",
            starts_at=row["starts_at"],
            ends_at=row["ends_at"],
            capacity=UNLIMITED if capacity is None else int(capacity),
            requires_registration=row["requires_registration"],
            state=str(row["state"]),
            room=row["room__name"] or "",
        )
    return infos


async def ensure_seat_rows(sessions: list[SessionInfo]) -> None:
    """Create the missing seat counters; concurrent creators are ignored by the unique key."""
    if not sessions:
        return
    existing = set(
        await SessionSeats.filter(session_id__in=[s.id for s in sessions]).values_list(
            "session_id", flat=True
        )
    )
    missing = [
        SessionSeats(session_id=s.id, event_id=s.event_id, capacity=s.capacity, taken=0)
        for s in sessions
        if s.id not in existing
    ]
    if missing:
        await SessionSeats.bulk_create(missing, ignore_conflicts=True)


async def take_seat(session_id: int) -> bool:
    """Take one seat if one is left. Call inside the use case's transaction."""
    rows = await SessionSeats.filter(session_id=session_id, taken__lt=F("capacity")).update(
        taken=F("taken") + 1
    )
    return rows == 1


async def release_seat(session_id: int) -> None:
    """Give one held seat back to the free pool (nobody is waiting for it)."""
    await SessionSeats.filter(session_id=session_id, taken__gt=0).update(taken=F("taken") - 1)


async def set_capacity(session: SessionInfo, capacity: int) -> None:
    await ensure_seat_rows([session])
    await SessionSeats.filter(session_id=session.id).update(capacity=capacity)
