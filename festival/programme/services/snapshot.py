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

Row = dict[str, Any]


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


async def _placed_sessions(event_id: int) -> list[Session]:
    """Published or cancelled sessions with a room and both times, their speakers loaded."""
    return (
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


def _session_row(s: Session, room_capacity: dict[int, int]) -> Row:
    return {
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
        "capacity": s.capacity if s.capacity is not None else room_capacity.get(s.room_id or 0),
        "requires_registration": s.requires_registration,
        "language": s.language,
        "audiences": list(s.audiences or []),
        "accessibility": list(s.accessibility or []),
        "state": str(s.state),
        "speaker_ids": sorted(sp.id for sp in s.speakers),
        "repeat_of_id": s.repeat_of_id,
    }


def _speakers_of(sessions: list[Session]) -> list[Speaker]:
    """The speakers loaded with the sessions, once each, in a stable order by name."""
    by_id: dict[int, Speaker] = {}
    for s in sessions:
        for sp in s.speakers:
            by_id[sp.id] = sp
    return sorted(by_id.values(), key=lambda sp: (sp.name.casefold(), sp.id))


# The columns each kind of row keeps in a snapshot (a published version never changes).
ROOM_FIELDS = (
    "id",
    "name",
    "capacity",
    "venue_id",
    "accessibility_notes",
    "accessibility_notes_en",
    "position",
)
VENUE_FIELDS = (
    "id",
    "name",
    "address",
    "city",
    "directions",
    "directions_en",
    "step_free_notes",
    "step_free_notes_en",
)
TRACK_FIELDS = ("id", "name", "name_en", "color", "position")
SPEAKER_FIELDS = (
    "id",
    "code",
    "name",
    "organisation",
    "role",
    "role_en",
    "bio",
    "bio_en",
    "photo",
)


def _fields(obj: Any, names: tuple[str, ...]) -> Row:
    return {name: getattr(obj, name) for name in names}


async def build_snapshot(event_id: int) -> dict[str, Any]:
    """Rooms, venues, tracks, speakers and the placed published/cancelled sessions of an event.

    Sessions: state published or cancelled, with a room and both times. Speakers: only those
    on one of these sessions. Times are ISO 8601 in UTC; capacity is the effective one.
    """
    rooms = await Room.filter(event_id=event_id).order_by("position", "name", "id")
    venues = await Venue.filter(event_id=event_id).order_by("name", "id")
    tracks = await Track.filter(event_id=event_id).order_by("position", "name", "id")
    sessions = await _placed_sessions(event_id)
    room_capacity = {room.id: room.capacity for room in rooms}
    return {
        "rooms": [_fields(r, ROOM_FIELDS) for r in rooms],
        "venues": [_fields(v, VENUE_FIELDS) for v in venues],
        "tracks": [_fields(t, TRACK_FIELDS) for t in tracks],
        "speakers": [_fields(sp, SPEAKER_FIELDS) for sp in _speakers_of(sessions)],
        "sessions": [_session_row(s, room_capacity) for s in sessions],
    }
