"""The schedule editor's data: a rooms x 15-minute grid per day, session cards and form pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, NamedTuple

from festival import clock
from festival.events.models import Event, Room, Track
from festival.feedback import queries as feedback_queries
from festival.programme.models import Session, SessionState, Speaker
from festival.programme.services.conflict_rules import (
    Conflict,
    LoadedSchedule,
    conflicts_by_session,
    find_conflicts,
    load_schedule,
)
from festival.programme.services.editions import next_editions
from festival.programme.services.sessions import get_session
from festival.programme.services.speakers import speakers_for_event

SLOT_MINUTES = 15


@dataclass
class SessionCard:
    id: int
    title: str
    format: str
    state: str
    room_id: int | None
    room: str
    starts_at: datetime | None
    ends_at: datetime | None
    speakers: list[str]
    track: str
    capacity: int | None
    conflicts: list[Conflict]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "state": self.state,
            "room_id": self.room_id,
            "room": self.room,
            "starts_at": self.starts_at.isoformat() if self.starts_at else None,
            "ends_at": self.ends_at.isoformat() if self.ends_at else None,
            "speakers": self.speakers,
            "conflicts": [c.as_json() for c in self.conflicts],
        }


@dataclass
class GridCell:
    room_id: int
    slot: datetime  # UTC start of the cell's first row
    rowspan: int = 1
    card: SessionCard | None = None
    covered: bool = False  # part of a block that starts in a row above


@dataclass
class GridColumn:
    room: Room
    lanes: int = 1  # sessions whose rows overlap (double bookings) stand side by side


@dataclass
class GridRow:
    slot: datetime
    label: str
    cells: list[GridCell]  # per room, per lane


@dataclass
class GridDay:
    day: str  # ISO date, local
    date: datetime
    columns: list[GridColumn]
    rows: list[GridRow]


@dataclass
class Editor:
    rooms: list[Room]
    days: list[GridDay]
    unplaced: list[SessionCard]
    cancelled: list[SessionCard]
    conflicts: list[Conflict]
    cards: dict[int, SessionCard]
    # booked, checked in, capacity, waiting list, rating; and the previous edition's
    figures: dict[int, feedback_queries.Figures] = field(default_factory=dict)


def _cards(loaded: LoadedSchedule, by_session: dict[int, list[Conflict]]) -> list[SessionCard]:
    return [
        SessionCard(
            id=s.id,
            title=s.title,
            format=str(s.format),
            state=str(s.state),
            room_id=s.room_id,
            room=loaded.rooms[s.room_id].name if s.room_id in loaded.rooms else "",
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            speakers=[loaded.speaker_names[i] for i in loaded.speakers_of.get(s.id, [])],
            track=loaded.tracks[s.track_id].name if s.track_id in loaded.tracks else "",
            capacity=s.capacity,
            conflicts=by_session.get(s.id, []),
        )
        for s in loaded.sessions
    ]


async def editor(event: Event) -> Editor:
    """The schedule editor's data: per day a rooms x 15-minute grid, the unplaced sessions,
    every conflict (four queries) and each session's figures from registration, check-in and
    feedback (feedback_queries.programme_figures)."""
    loaded = await load_schedule(event, with_tracks=True)
    found = find_conflicts(event, loaded)
    cards = _cards(loaded, conflicts_by_session(found))
    rooms = list(loaded.rooms.values())
    live = [c for c in cards if c.state != SessionState.CANCELLED]
    placed = [c for c in live if c.room_id in loaded.rooms and c.starts_at and c.ends_at]
    placed_ids = {c.id for c in placed}
    return Editor(
        rooms=rooms,
        days=build_days(event, rooms, placed),
        unplaced=[c for c in live if c.id not in placed_ids],
        cancelled=[c for c in cards if c.state == SessionState.CANCELLED],
        conflicts=found,
        cards={c.id: c for c in cards},
        figures=await feedback_queries.programme_figures(event.id),
    )


async def placement(session: Session) -> tuple[SessionCard, list[Conflict]]:
    """One session as the editor shows it, and every conflict of its event (after a move)."""
    event = await Event.get(id=session.event_id)
    loaded = await load_schedule(event, with_tracks=True)
    found = find_conflicts(event, loaded)
    card = next(c for c in _cards(loaded, conflicts_by_session(found)) if c.id == session.id)
    return card, found


def _floor(moment: datetime) -> datetime:
    return moment.replace(
        minute=moment.minute - moment.minute % SLOT_MINUTES, second=0, microsecond=0
    )


def _ceil(moment: datetime) -> datetime:
    floored = _floor(moment)
    return floored if floored == moment else floored + timedelta(minutes=SLOT_MINUTES)


def _day_window(event: Event, day: date, cards: list[SessionCard]) -> tuple[datetime, datetime]:
    """Local start and end of one day's grid: the event's hours, widened to fit its sessions."""
    tz = clock.to_local(event.starts_at, event.timezone).tzinfo
    first, last = (
        clock.to_local(event.starts_at, event.timezone),
        clock.to_local(event.ends_at, event.timezone),
    )
    start_time, end_time = first.time(), last.time()
    if start_time >= end_time:
        start_time, end_time = time(9, 0), time(17, 0)
    start = datetime.combine(day, start_time, tzinfo=tz)
    end = datetime.combine(day, end_time, tzinfo=tz)
    for card in cards:
        assert card.starts_at is not None and card.ends_at is not None
        start = min(start, card.starts_at.astimezone(tz))
        end = max(end, card.ends_at.astimezone(tz))
    end = min(end, datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=tz))
    return _floor(start), _ceil(end)


class _Span(NamedTuple):
    top: int  # index of the session's first row
    bottom: int  # index of the row after its last
    card: SessionCard


def _lanes(spans: list[_Span]) -> list[list[_Span]]:
    """Each session in the first lane that is free from its first row on: sessions whose rows
    overlap stand side by side, each in its own rows (stacked in one cell, the second block was
    drawn in the rows below the cell, on top of the next session)."""
    lanes: list[list[_Span]] = []
    for span in sorted(spans, key=lambda s: (s.top, s.card.id)):
        free = next((lane for lane in lanes if lane[-1].bottom <= span.top), None)
        if free is None:
            lanes.append([span])
        else:
            free.append(span)
    return lanes


def _slots(start: datetime, end: datetime) -> list[datetime]:
    slots = []
    moment = start
    while moment < end:
        slots.append(moment)
        moment += timedelta(minutes=SLOT_MINUTES)
    return slots


def _room_lanes(
    room: Room, slots: list[datetime], cards: list[SessionCard], tz: tzinfo | None
) -> list[list[GridCell]]:
    """One room's cells of a day, one list per lane: each session sits in the cell of its first
    row and spans its rows; the cells it covers are left out of the table."""
    index = {slot: n for n, slot in enumerate(slots)}
    spans = []
    for card in cards:
        assert card.starts_at is not None and card.ends_at is not None
        top = index[_floor(card.starts_at.astimezone(tz))]
        bottom = index.get(_ceil(card.ends_at.astimezone(tz)), len(slots))
        spans.append(_Span(top, max(top + 1, bottom), card))
    columns = []
    for lane in _lanes(spans) or [[]]:
        cells = [GridCell(room_id=room.id, slot=slot.astimezone(tz)) for slot in slots]
        for top, bottom, card in lane:
            cells[top].card, cells[top].rowspan = card, bottom - top
            for n in range(top + 1, bottom):
                cells[n].covered = True
        columns.append(cells)
    return columns


def build_days(event: Event, rooms: list[Room], placed: list[SessionCard]) -> list[GridDay]:
    """Per local day a rooms x 15-minute grid; each placed session lands in the cell of its room
    and first row, spanning its rows; a room gets a lane per session it holds at once. Pure."""
    tz = event.timezone
    by_day: dict[date, list[SessionCard]] = defaultdict(list)
    for card in placed:
        assert card.starts_at is not None
        by_day[clock.to_local(card.starts_at, tz).date()].append(card)
    first, last = (
        clock.to_local(event.starts_at, tz).date(),
        clock.to_local(event.ends_at, tz).date(),
    )
    days = {first + timedelta(days=n) for n in range((last - first).days + 1)} | set(by_day)
    result = []
    for day in sorted(days):
        start, end = _day_window(event, day, by_day.get(day, []))
        slots = _slots(start, end)
        lanes = [
            _room_lanes(
                room, slots, [c for c in by_day.get(day, []) if c.room_id == room.id], start.tzinfo
            )
            for room in rooms
        ]
        rows = [
            GridRow(
                slot=slot,
                label=slot.strftime("%H:%M"),
                cells=[lane[n] for room_lanes in lanes for lane in room_lanes],
            )
            for n, slot in enumerate(slots)
        ]
        columns = [
            GridColumn(room, len(room_lanes)) for room, room_lanes in zip(rooms, lanes, strict=True)
        ]
        result.append(GridDay(day=day.isoformat(), date=start, columns=columns, rows=rows))
    return result


@dataclass
class FormOptions:
    rooms: list[Room]
    tracks: list[Track]
    speakers: list[Speaker]


async def form_options(event: Event) -> FormOptions:
    """The rooms (with their venue), tracks and speakers a session form offers."""
    rooms = (
        await Room.filter(event_id=event.id)
        .select_related("venue")
        .order_by("position", "name", "id")
    )
    tracks = await Track.filter(event_id=event.id).order_by("position", "name", "id")
    return FormOptions(rooms, tracks, await speakers_for_event(event))


@dataclass
class SessionPage:
    session: Session
    card: SessionCard
    options: FormOptions
    speaker_ids: list[int]
    original: Session | None
    repeats: list[Session]
    next_editions: list[Event] = field(default_factory=list)  # where it can be repeated


async def session_page(event: Event, session_id: int) -> SessionPage:
    """A session with its conflicts, speakers, repeats and the form's choices. Raises NotFound."""
    session = await get_session(event, session_id)
    card, _found = await placement(session)
    speaker_ids = [speaker.id for speaker in await session.speakers.all()]
    original = await Session.get_or_none(id=session.repeat_of_id) if session.repeat_of_id else None
    repeats = await Session.filter(repeat_of_id=session.repeat_of_id or session.id).exclude(
        id=session.id
    )
    return SessionPage(
        session,
        card,
        await form_options(event),
        speaker_ids,
        original,
        repeats,
        await next_editions(event),
    )
