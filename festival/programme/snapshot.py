"""The frozen form of a programme: what a ScheduleVersion stores and the public side shows.

`build_snapshot(event_id)` reads the live tables in a fixed number of queries (five,
whatever the size of the programme) and returns plain JSON-able dicts.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tortoise.expressions import Q

from festival.events.models import Room, Track, Venue
from festival.programme.models import Session, SessionState, Speaker

PUBLIC_STATES = (SessionState.PUBLISHED, SessionState.CANCELLED)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


async def build_snapshot(event_id: int) -> dict[str, Any]:
    """Rooms, venues, tracks, speakers and the placed published/cancelled sessions of an event.

    Sessions: state published or cancelled, with a room and both times. Speakers: only those
    on one of these sessions. Times are ISO 8601 in UTC; capacity is the effective one.
    """
    rooms = await Room.filter(event_id=event_id).order_by("position", "name", "id")
    venues = await Venue.filter(event_id=event_id).order_by("name", "id")
    tracks = await Track.filter(event_id=event_id).order_by("position", "name", "id")
    sessions = (
        await Session.filter(
            Q(
                event_id=event_id,
                state__in=list(PUBLIC_STATES),
                room_id__isnull=False,
                starts_at__isnull=False,
                ends_at__isnull=False,
            )
        )
        .order_by("starts_at", "room_id", "id")
        .prefetch_related("speakers")
    )
    room_capacity = {room.id: room.capacity for room in rooms}
    speaker_ids: set[int] = set()
    session_rows = []
    for s in sessions:
        ids = sorted(sp.id for sp in s.speakers)
        speaker_ids.update(ids)
        session_rows.append(
            {
                "id": s.id,
                "code": s.code,
                "title": s.title,
                "title_en": s.title_en,
                "abstract": s.abstract,
                "abstract_en": s.abstract_en,
                "format": str(s.format),
                "track_id": s.track_id,
                "room_id": s.room_id,
                "starts_at": _iso(s.starts_at),  # type: ignore[arg-type]  # filtered: not null
                "ends_at": _iso(s.ends_at),  # type: ignore[arg-type]
                "capacity": s.capacity
                if s.capacity is not None
                else room_capacity.get(s.room_id or 0),
                "requires_registration": s.requires_registration,
                "language": s.language,
                "audiences": list(s.audiences or []),
                "accessibility": list(s.accessibility or []),
                "state": str(s.state),
                "speaker_ids": ids,
                "repeat_of_id": s.repeat_of_id,
            }
        )
    # The speakers were loaded with the sessions; keep their order stable by name.
    by_id: dict[int, Speaker] = {}
    for s in sessions:
        for sp in s.speakers:
            by_id[sp.id] = sp
    speakers = sorted(by_id.values(), key=lambda sp: (sp.name.casefold(), sp.id))
    return {
        "rooms": [
            {
                "id": r.id,
                "name": r.name,
                "capacity": r.capacity,
                "venue_id": r.venue_id,
                "accessibility_notes": r.accessibility_notes,
                "position": r.position,
            }
            for r in rooms
        ],
        "venues": [
            {
                "id": v.id,
                "name": v.name,
                "address": v.address,
                "city": v.city,
                "directions": v.directions,
                "step_free_notes": v.step_free_notes,
            }
            for v in venues
        ],
        "tracks": [
            {
                "id": t.id,
                "name": t.name,
                "name_en": t.name_en,
                "color": t.color,
                "position": t.position,
            }
            for t in tracks
        ],
        "speakers": [
            {
                "id": sp.id,
                "code": sp.code,
                "name": sp.name,
                "organisation": sp.organisation,
                "role": sp.role,
                "bio": sp.bio,
                "bio_en": sp.bio_en,
                "photo": sp.photo,
            }
            for sp in speakers
        ],
        "sessions": session_rows,
    }
