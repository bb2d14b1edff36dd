"""Access needs of the people holding a seat per session, and the rooms those sessions are in."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence

from festival.events.models import Room
from festival.programme import queries as programme_queries
from festival.registration.models import AttendeeStatus, Booking, BookingStatus

SEATED = (BookingStatus.CONFIRMED, BookingStatus.OFFERED)


async def session_rooms(event_id: int) -> dict[int, Room]:
    """Session id -> its room, for the event's sessions that have one (two queries)."""
    infos = await programme_queries.session_infos(event_id=event_id)
    rooms = {room.id: room for room in await Room.filter(event_id=event_id)}
    return {i.id: rooms[i.room_id] for i in infos.values() if i.room_id in rooms}


async def needs_by_session(
    event_id: int, *, session_ids: Sequence[int] | None = None
) -> dict[int, Counter[str]]:
    """Session id -> how many active attendees with a seat there (confirmed or offered) state
    each access need."""
    query = Booking.filter(
        event_id=event_id, status__in=list(SEATED), attendee__status=AttendeeStatus.ACTIVE
    )
    if session_ids is not None:
        query = query.filter(session_id__in=list(session_ids))
    rows = await query.values_list("session_id", "attendee__access_needs")
    out: dict[int, Counter[str]] = defaultdict(Counter)
    for session_id, needs in rows:
        out[session_id].update(set(_needs(needs)))
    return dict(out)


def _needs(value: object) -> list[str]:
    # a JSON column read through a relation may come back as its text
    if isinstance(value, str):
        value = json.loads(value or "[]")
    return [str(n) for n in value] if isinstance(value, list) else []
