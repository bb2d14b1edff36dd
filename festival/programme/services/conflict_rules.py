"""Schedule conflicts (double bookings, outside hours, above capacity, unplaced) to resolve."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from festival.events.models import Event, Room, Track
from festival.i18n import _, ngettext
from festival.programme.models import Session, SessionState, Speaker


@dataclass(frozen=True)
class Conflict:
    """A problem in the schedule that publishing asks to confirm (not an exception)."""

    # room_double_booked speaker_double_booked outside_event_hours capacity_above_room unplaced
    code: str
    message: str
    session_ids: tuple[int, ...]

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "session_ids": list(self.session_ids)}


@dataclass
class LoadedSchedule:
    """Everything conflict detection and the editor need, loaded in a few queries."""

    sessions: list[Session]
    rooms: dict[int, Room]
    speaker_names: dict[int, str]
    speakers_of: dict[int, list[int]] = field(default_factory=dict)  # session id -> speaker ids
    tracks: dict[int, Track] = field(default_factory=dict)


async def load_schedule(event: Event, *, with_tracks: bool = False) -> LoadedSchedule:
    sessions = await Session.filter(event_id=event.id).order_by("starts_at", "id")
    rooms = {
        room.id: room
        for room in await Room.filter(event_id=event.id).order_by("position", "name", "id")
    }
    rows = (
        await Speaker.filter(event_id=event.id)
        .order_by("name", "id")
        .values_list("id", "name", "sessions__id")
    )
    names: dict[int, str] = {}
    speakers_of: dict[int, list[int]] = defaultdict(list)
    for speaker_id, name, session_id in rows:
        names[speaker_id] = name
        if session_id is not None:
            speakers_of[session_id].append(speaker_id)
    tracks = {t.id: t for t in await Track.filter(event_id=event.id)} if with_tracks else {}
    return LoadedSchedule(sessions, rooms, names, dict(speakers_of), tracks)


def _overlapping_pairs(items: list[Session]) -> list[tuple[Session, Session]]:
    """Pairs of placed sessions whose times overlap (sweep over the start-sorted list)."""
    ordered = sorted(items, key=lambda s: (s.starts_at, s.id))
    pairs: list[tuple[Session, Session]] = []
    active: list[Session] = []
    for current in ordered:
        assert current.starts_at is not None
        active = [a for a in active if a.ends_at is not None and a.ends_at > current.starts_at]
        pairs.extend((a, current) for a in active)
        active.append(current)
    return pairs


def _is_placed(s: Session) -> bool:
    return s.room_id is not None and s.starts_at is not None and s.ends_at is not None


def _room_conflicts(placed: list[Session], loaded: LoadedSchedule) -> list[Conflict]:
    found: list[Conflict] = []
    by_room: dict[int, list[Session]] = defaultdict(list)
    for s in placed:
        by_room[s.room_id].append(s)  # type: ignore[index]
    for room_id, items in by_room.items():
        room_name = loaded.rooms[room_id].name if room_id in loaded.rooms else "?"
        for a, b in _overlapping_pairs(items):
            found.append(
                Conflict(
                    "room_double_booked",
                    _("%(a)s en %(b)s zijn tegelijk in zaal %(room)s.")
                    % {"a": a.title, "b": b.title, "room": room_name},
                    (a.id, b.id),
                )
            )
    return found


def _speaker_conflicts(placed: list[Session], loaded: LoadedSchedule) -> list[Conflict]:
    found: list[Conflict] = []
    by_speaker: dict[int, list[Session]] = defaultdict(list)
    for s in placed:
        for speaker_id in loaded.speakers_of.get(s.id, []):
            by_speaker[speaker_id].append(s)
    for speaker_id, items in by_speaker.items():
        for a, b in _overlapping_pairs(items):
            found.append(
                Conflict(
                    "speaker_double_booked",
                    _("%(name)s spreekt tegelijk bij %(a)s en %(b)s.")
                    % {"name": loaded.speaker_names[speaker_id], "a": a.title, "b": b.title},
                    (a.id, b.id),
                )
            )
    return found


def _slot_conflicts(event: Event, placed: list[Session], loaded: LoadedSchedule) -> list[Conflict]:
    """Per placed session: outside the event's hours, more seats than its room."""
    found: list[Conflict] = []
    for s in placed:
        assert s.starts_at is not None and s.ends_at is not None
        if s.starts_at < event.starts_at or s.ends_at > event.ends_at:
            found.append(
                Conflict(
                    "outside_event_hours",
                    _("%(a)s valt buiten de tijden van het evenement.") % {"a": s.title},
                    (s.id,),
                )
            )
        room = loaded.rooms.get(s.room_id)  # type: ignore[arg-type]
        if room is not None and s.capacity is not None and s.capacity > room.capacity:
            found.append(
                Conflict(
                    "capacity_above_room",
                    ngettext(
                        "%(a)s heeft %(n)s plaats, maar zaal %(room)s heeft er %(max)s.",
                        "%(a)s heeft %(n)s plaatsen, maar zaal %(room)s heeft er %(max)s.",
                        s.capacity,
                    )
                    % {"a": s.title, "n": s.capacity, "room": room.name, "max": room.capacity},
                    (s.id,),
                )
            )
    return found


def find_conflicts(event: Event, loaded: LoadedSchedule) -> list[Conflict]:
    """The conflict rules, as a pure function over loaded data."""
    live = [s for s in loaded.sessions if s.state != SessionState.CANCELLED]
    placed = [s for s in live if _is_placed(s)]
    unplaced = [
        Conflict("unplaced", _("%(a)s heeft nog geen zaal of tijd.") % {"a": s.title}, (s.id,))
        for s in live
        if not _is_placed(s)
    ]
    return (
        _room_conflicts(placed, loaded)
        + _speaker_conflicts(placed, loaded)
        + _slot_conflicts(event, placed, loaded)
        + unplaced
    )


async def conflicts(event: Event) -> list[Conflict]:
    """Every conflict in the live schedule of the event (three queries, then pure Python)."""
    return find_conflicts(event, await load_schedule(event))


def conflicts_by_session(found: Iterable[Conflict]) -> dict[int, list[Conflict]]:
    """Per session id, the conflicts it is part of (for inline badges)."""
    result: dict[int, list[Conflict]] = defaultdict(list)
    for conflict in found:
        for session_id in conflict.session_ids:
            result[session_id].append(conflict)
    return dict(result)


async def session_conflicts(session: Session) -> list[Conflict]:
    """The conflicts one session is part of."""
    event = await Event.get(id=session.event_id)
    return conflicts_by_session(await conflicts(event)).get(session.id, [])
