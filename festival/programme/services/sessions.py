"""Session rules: create, change, place or move, cancel, delete and repeat a session."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from festival import audit, errors
from festival.audit import Actor
from festival.events.models import Event, Room, Track
from festival.i18n import _
from festival.programme.models import (
    Accessibility,
    Audience,
    Session,
    SessionFormat,
    SessionState,
    Speaker,
)
from festival.programme.services.codes import new_code
from festival.programme.services.validation import (
    TEXT_MAX,
    TITLE_MAX,
    Problems,
    check_room,
    check_text,
    check_times,
)

LANGUAGES = ("nl", "en")


@dataclass(frozen=True, kw_only=True)
class SessionData:
    title: str
    title_en: str = ""
    abstract: str = ""
    abstract_en: str = ""
    format: SessionFormat = SessionFormat.WORKSHOP
    track_id: int | None = None
    room_id: int | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    capacity: int | None = None  # None: the room's capacity
    requires_registration: bool = True
    language: str = "nl"
    audiences: tuple[str, ...] = ()
    accessibility: tuple[str, ...] = ()
    state: SessionState = SessionState.DRAFT
    speaker_ids: tuple[int, ...] | None = None  # None: leave the linked speakers as they are


async def _validate_session(event_id: int, data: SessionData) -> None:
    problems = Problems()
    check_text(problems, "title", data.title, TITLE_MAX, required=True)
    check_text(problems, "title_en", data.title_en, TITLE_MAX, required=False)
    check_text(problems, "abstract", data.abstract, TEXT_MAX, required=False)
    check_text(problems, "abstract_en", data.abstract_en, TEXT_MAX, required=False)
    if data.format not in set(SessionFormat):
        problems.add("invalid_format", "format", _("Kies een vorm uit de lijst."))
    if data.state not in set(SessionState):
        problems.add("invalid_state", "state", _("Kies een status uit de lijst."))
    check_times(problems, data.starts_at, data.ends_at)
    if data.capacity is not None and data.capacity < 0:
        problems.add(
            "invalid_capacity", "capacity", _("Het aantal plaatsen kan niet negatief zijn.")
        )
    if data.language not in LANGUAGES:
        problems.add("invalid_language", "language", _("Kies Nederlands of Engels."))
    if not set(data.audiences) <= {a.value for a in Audience}:
        problems.add("invalid_audience", "audiences", _("Kies doelgroepen uit de lijst."))
    if not set(data.accessibility) <= {a.value for a in Accessibility}:
        problems.add(
            "invalid_accessibility", "accessibility", _("Kies voorzieningen uit de lijst.")
        )
    await check_room(problems, event_id, data.room_id)
    if (
        data.track_id is not None
        and not await Track.filter(id=data.track_id, event_id=event_id).exists()
    ):
        problems.add("unknown_track", "track_id", _("Dit thema bestaat niet bij dit evenement."))
    if data.speaker_ids:
        wanted = set(data.speaker_ids)
        found = await Speaker.filter(id__in=list(wanted), event_id=event_id).count()
        if found != len(wanted):
            problems.add(
                "unknown_speaker",
                "speaker_ids",
                _("Een gekozen spreker bestaat niet bij dit evenement."),
            )
    problems.raise_if_any()


def _session_values(data: SessionData) -> dict[str, Any]:
    return {
        "title": data.title.strip(),
        "title_en": data.title_en.strip(),
        "abstract": data.abstract,
        "abstract_en": data.abstract_en,
        "format": data.format,
        "track_id": data.track_id,
        "room_id": data.room_id,
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "capacity": data.capacity,
        "requires_registration": data.requires_registration,
        "language": data.language,
        "audiences": list(dict.fromkeys(data.audiences)),
        "accessibility": list(dict.fromkeys(data.accessibility)),
        "state": data.state,
    }


def _placement(session: Session) -> dict[str, Any]:
    return {
        "room_id": session.room_id,
        "starts_at": session.starts_at.isoformat() if session.starts_at else None,
        "ends_at": session.ends_at.isoformat() if session.ends_at else None,
    }


async def get_session(event: Event, session_id: int) -> Session:
    """A session of this event. Raises NotFound."""
    found = await Session.get_or_none(id=session_id, event_id=event.id)
    if found is None:
        raise errors.NotFound("session_not_found", _("Deze sessie bestaat niet."))
    return found


async def create_session(event: Event, *, data: SessionData, actor: Actor) -> Session:
    """Create a session (draft unless told otherwise). Audits session.created.
    Raises ValidationError."""
    async with in_transaction():
        await _validate_session(event.id, data)
        created = await Session.create(event_id=event.id, code=new_code(), **_session_values(data))
        if data.speaker_ids:
            await created.speakers.add(*await Speaker.filter(id__in=list(data.speaker_ids)))
        await audit.record(
            actor, "session.created", created, title=created.title, **_placement(created)
        )
    return created


async def update_session(session: Session, *, data: SessionData, actor: Actor) -> Session:
    """Change every field of a session. Audits session.updated with the changed field names,
    and session.moved with from/to when its room or time changed."""
    async with in_transaction():
        await _validate_session(session.event_id, data)
        values = _session_values(data)
        placement_before = _placement(session)
        before = {name: getattr(session, name) for name in values}
        changed = sorted(name for name, value in values.items() if before[name] != value)
        session.update_from_dict(values)
        await session.save()
        if data.speaker_ids is not None:
            current = set(await session.speakers.all().values_list("id", flat=True))
            if current != set(data.speaker_ids):
                changed.append("speaker_ids")
                await session.speakers.clear()
                await session.speakers.add(*await Speaker.filter(id__in=list(data.speaker_ids)))
        await audit.record(actor, "session.updated", session, fields=changed)
        if _placement(session) != placement_before:
            moved: dict[str, Any] = {"from": placement_before, "to": _placement(session)}
            await audit.record(actor, "session.moved", session, **moved)
    if "capacity" in changed or "room_id" in changed:
        await _sync_seats(session, actor=actor)
    return session


CapacityListener = Callable[..., Awaitable[Any]]
_capacity_listeners: list[CapacityListener] = []


def on_capacity_change(listener: CapacityListener) -> None:
    """Registration hands in its `sync_capacity(session_id, capacity, *, actor)` when it loads,
    so new seats go to its waiting list: programme sits below registration and imports none
    of it."""
    _capacity_listeners[:] = [listener]


async def _sync_seats(session: Session, *, actor: Actor) -> None:
    """Tell registration the session's seat count, so new seats go to its waiting list."""
    capacity = session.capacity
    if capacity is None and session.room_id is not None:
        room = await Room.get_or_none(id=session.room_id)
        capacity = room.capacity if room else None
    if capacity is not None and session.requires_registration:
        for listener in _capacity_listeners:
            await listener(session.id, capacity, actor=actor)


async def set_session_text(
    session_id: int | None, *, title: str, abstract: str, actor: Actor
) -> None:
    """A new public title and summary for a session (a partner edited their proposal's),
    everything else as it is; nothing when the session is gone."""
    session = await Session.get_or_none(id=session_id) if session_id is not None else None
    if session is None:
        return
    data = SessionData(
        title=title,
        title_en=session.title_en,
        abstract=abstract,
        abstract_en=session.abstract_en,
        format=session.format,
        track_id=session.track_id,
        room_id=session.room_id,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        capacity=session.capacity,
        requires_registration=session.requires_registration,
        language=session.language,
        audiences=tuple(session.audiences or ()),
        accessibility=tuple(session.accessibility or ()),
        state=session.state,
    )
    await update_session(session, data=data, actor=actor)


async def move_session(
    session: Session,
    *,
    room_id: int | None,
    starts_at: datetime | None,
    ends_at: datetime | None,
    actor: Actor,
) -> Session:
    """Place, move or resize a session. Audits session.moved with from/to.
    Raises ValidationError (times, unknown_room) or Conflict (session_cancelled)."""
    if session.state == SessionState.CANCELLED:
        raise errors.Conflict(
            "session_cancelled", _("Een geannuleerde sessie kunt u niet verplaatsen.")
        )
    problems = Problems()
    check_times(problems, starts_at, ends_at)
    async with in_transaction():
        await check_room(problems, session.event_id, room_id)
        problems.raise_if_any()
        before = _placement(session)
        session.room_id, session.starts_at, session.ends_at = room_id, starts_at, ends_at
        await session.save(update_fields=["room_id", "starts_at", "ends_at", "updated_at"])
        moved: dict[str, Any] = {"from": before, "to": _placement(session)}
        await audit.record(actor, "session.moved", session, **moved)
    if before["room_id"] != room_id and session.capacity is None:
        await _sync_seats(session, actor=actor)
    return session


async def cancel_session(session: Session, *, actor: Actor) -> Session:
    """Cancel a session: it stays in the programme, marked cancelled. Audits session.cancelled."""
    if session.state == SessionState.CANCELLED:
        raise errors.Conflict("already_cancelled", _("Deze sessie is al geannuleerd."))
    async with in_transaction():
        previous = session.state
        session.state = SessionState.CANCELLED
        await session.save(update_fields=["state", "updated_at"])
        await audit.record(actor, "session.cancelled", session, previous_state=str(previous))
    return session


async def delete_session(session: Session, *, actor: Actor) -> None:
    """Delete a session; once published it shows as removed in the next changelog."""
    async with in_transaction():
        await audit.record(
            actor, "session.deleted", session, title=session.title, code=session.code
        )
        await session.delete()


async def repeat_session(
    session: Session,
    *,
    room_id: int | None,
    starts_at: datetime | None,
    ends_at: datetime | None,
    actor: Actor,
) -> Session:
    """Copy a session into another slot (draft, same speakers, repeat_of the original).
    Audits session.repeated. Raises ValidationError."""
    problems = Problems()
    check_times(problems, starts_at, ends_at)
    async with in_transaction():
        await check_room(problems, session.event_id, room_id)
        problems.raise_if_any()
        speakers = await session.speakers.all()
        copy = await Session.create(
            event_id=session.event_id,
            code=new_code(),
            title=session.title,
            title_en=session.title_en,
            abstract=session.abstract,
            abstract_en=session.abstract_en,
            format=session.format,
            track_id=session.track_id,
            room_id=room_id,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=session.capacity,
            requires_registration=session.requires_registration,
            language=session.language,
            audiences=list(session.audiences),
            accessibility=list(session.accessibility),
            state=SessionState.DRAFT,
            repeat_of_id=session.repeat_of_id or session.id,
        )
        if speakers:
            await copy.speakers.add(*speakers)
        await audit.record(
            actor, "session.repeated", copy, repeat_of=copy.repeat_of_id, **_placement(copy)
        )
    return copy
