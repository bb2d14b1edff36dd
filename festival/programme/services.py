"""Programme rules (organiser side): sessions, speakers, placing and moving, conflict detection,
publishing frozen versions with a changelog, and what to announce to booked attendees."""

from __future__ import annotations

import secrets
import string
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from festival import audit, clock, errors, jobs
from festival.audit import Actor
from festival.events.models import Event, Room, Track
from festival.i18n import _
from festival.programme.models import (
    Accessibility,
    Audience,
    ScheduleVersion,
    Session,
    SessionFormat,
    SessionState,
    Speaker,
)
from festival.programme.snapshot import build_snapshot

TITLE_MAX = 200
NAME_MAX = 200
TEXT_MAX = 20000
PHOTO_MAX_BYTES = 2 * 1024 * 1024
LANGUAGES = ("nl", "en")
CODE_ALPHABET = string.ascii_lowercase + string.digits


def new_code() -> str:
    """A public, unguessable id for URLs and exports (8 characters from `secrets`)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))


# ---------------------------------------------------------------- input


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


@dataclass(frozen=True, kw_only=True)
class SpeakerData:
    name: str
    organisation: str = ""
    role: str = ""
    bio: str = ""
    bio_en: str = ""
    email: str = ""


class _Problems:
    """Collects every field problem; the first code becomes the error's code."""

    def __init__(self) -> None:
        self.codes: list[str] = []
        self.fields: dict[str, str] = {}

    def add(self, code: str, name: str, message: str) -> None:
        if name not in self.fields:
            self.codes.append(code)
            self.fields[name] = message

    def raise_if_any(self) -> None:
        if self.codes:
            raise errors.ValidationError(
                self.codes[0], _("Controleer de velden met een foutmelding."), self.fields
            )


def _check_text(problems: _Problems, name: str, value: str, limit: int, *, required: bool) -> None:
    if required and not value.strip():
        problems.add(f"{name}_required", name, _("Vul dit veld in."))
    elif len(value) > limit:
        problems.add(f"{name}_too_long", name, _("Gebruik hoogstens %(n)s tekens.") % {"n": limit})


def _check_times(problems: _Problems, starts_at: datetime | None, ends_at: datetime | None) -> None:
    if (starts_at is None) != (ends_at is None):
        problems.add(
            "incomplete_times", "ends_at", _("Vul zowel een begintijd als een eindtijd in.")
        )
    elif starts_at is not None and ends_at is not None and ends_at <= starts_at:
        problems.add("end_before_start", "ends_at", _("De eindtijd moet na de begintijd liggen."))


async def _check_room(problems: _Problems, event_id: int, room_id: int | None) -> None:
    if room_id is not None and not await Room.filter(id=room_id, event_id=event_id).exists():
        problems.add("unknown_room", "room_id", _("Deze zaal bestaat niet bij dit evenement."))


async def _validate_session(event_id: int, data: SessionData) -> None:
    problems = _Problems()
    _check_text(problems, "title", data.title, TITLE_MAX, required=True)
    _check_text(problems, "title_en", data.title_en, TITLE_MAX, required=False)
    _check_text(problems, "abstract", data.abstract, TEXT_MAX, required=False)
    _check_text(problems, "abstract_en", data.abstract_en, TEXT_MAX, required=False)
    if data.format not in set(SessionFormat):
        problems.add("invalid_format", "format", _("Kies een vorm uit de lijst."))
    if data.state not in set(SessionState):
        problems.add("invalid_state", "state", _("Kies een status uit de lijst."))
    _check_times(problems, data.starts_at, data.ends_at)
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
    await _check_room(problems, event_id, data.room_id)
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


# ---------------------------------------------------------------- sessions


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
    return session


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
    problems = _Problems()
    _check_times(problems, starts_at, ends_at)
    async with in_transaction():
        await _check_room(problems, session.event_id, room_id)
        problems.raise_if_any()
        before = _placement(session)
        session.room_id, session.starts_at, session.ends_at = room_id, starts_at, ends_at
        await session.save(update_fields=["room_id", "starts_at", "ends_at", "updated_at"])
        moved: dict[str, Any] = {"from": before, "to": _placement(session)}
        await audit.record(actor, "session.moved", session, **moved)
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
    problems = _Problems()
    _check_times(problems, starts_at, ends_at)
    async with in_transaction():
        await _check_room(problems, session.event_id, room_id)
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


async def link_speaker(session: Session, *, speaker_id: int, actor: Actor) -> None:
    """Add a speaker of the same event to a session. Raises ValidationError (unknown_speaker)."""
    async with in_transaction():
        speaker = await Speaker.get_or_none(id=speaker_id, event_id=session.event_id)
        if speaker is None:
            raise errors.ValidationError(
                "unknown_speaker",
                _("Deze spreker bestaat niet bij dit evenement."),
                {"speaker_id": _("Kies een spreker uit de lijst.")},
            )
        await session.speakers.add(speaker)
        await audit.record(actor, "session.speaker_linked", session, speaker_id=speaker.id)


async def unlink_speaker(session: Session, *, speaker_id: int, actor: Actor) -> None:
    """Remove a speaker from a session (the speaker stays)."""
    async with in_transaction():
        speaker = await Speaker.get_or_none(id=speaker_id, event_id=session.event_id)
        if speaker is None:
            raise errors.ValidationError(
                "unknown_speaker", _("Deze spreker bestaat niet bij dit evenement.")
            )
        await session.speakers.remove(speaker)
        await audit.record(actor, "session.speaker_unlinked", session, speaker_id=speaker.id)


# ---------------------------------------------------------------- speakers


def photo_extension(content: bytes) -> str:
    """The file extension for an accepted photo, judged by its first bytes (never the name).
    Raises ValidationError photo_too_large or photo_not_image."""
    if len(content) > PHOTO_MAX_BYTES:
        raise errors.ValidationError(
            "photo_too_large",
            _("De foto is te groot (hoogstens 2 MB)."),
            {"photo": _("Kies een foto van hoogstens 2 MB.")},
        )
    if content.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return ".webp"
    raise errors.ValidationError(
        "photo_not_image",
        _("Dit bestand is geen JPEG-, PNG- of WebP-foto."),
        {"photo": _("Kies een foto in JPEG, PNG of WebP.")},
    )


def _validate_speaker(data: SpeakerData) -> None:
    problems = _Problems()
    _check_text(problems, "name", data.name, NAME_MAX, required=True)
    _check_text(problems, "organisation", data.organisation, NAME_MAX, required=False)
    _check_text(problems, "role", data.role, NAME_MAX, required=False)
    _check_text(problems, "bio", data.bio, TEXT_MAX, required=False)
    _check_text(problems, "bio_en", data.bio_en, TEXT_MAX, required=False)
    email = data.email.strip()
    if email and ("@" not in email or " " in email or len(email) > 254):
        problems.add("invalid_email", "email", _("Vul een geldig e-mailadres in."))
    problems.raise_if_any()


def _speaker_values(data: SpeakerData) -> dict[str, str]:
    return {
        "name": data.name.strip(),
        "organisation": data.organisation.strip(),
        "role": data.role.strip(),
        "bio": data.bio,
        "bio_en": data.bio_en,
        "email": data.email.strip().lower(),
    }


def _store_photo(content: bytes, media_dir: Path) -> str:
    extension = photo_extension(content)
    folder = media_dir / "speakers"
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + extension
    (folder / name).write_bytes(content)
    return name


def _remove_photo(name: str, media_dir: Path | None) -> None:
    if name and media_dir is not None:
        (media_dir / "speakers" / Path(name).name).unlink(missing_ok=True)


async def get_speaker(event: Event, speaker_id: int) -> Speaker:
    """A speaker of this event. Raises NotFound."""
    found = await Speaker.get_or_none(id=speaker_id, event_id=event.id)
    if found is None:
        raise errors.NotFound("speaker_not_found", _("Deze spreker bestaat niet."))
    return found


async def create_speaker(
    event: Event,
    *,
    data: SpeakerData,
    actor: Actor,
    photo: bytes | None = None,
    media_dir: Path | None = None,
) -> Speaker:
    """Create a speaker, with an optional photo stored under media_dir/speakers.
    Audits speaker.created."""
    speaker = Speaker(event_id=event.id, code=new_code(), **_speaker_values(data))
    return await _save_speaker(
        speaker, data=data, actor=actor, photo=photo, media_dir=media_dir, action="speaker.created"
    )


async def update_speaker(
    speaker: Speaker,
    *,
    data: SpeakerData,
    actor: Actor,
    photo: bytes | None = None,
    media_dir: Path | None = None,
) -> Speaker:
    """Change a speaker; a new photo replaces the old file. Audits speaker.updated."""
    speaker.update_from_dict(_speaker_values(data))
    return await _save_speaker(
        speaker, data=data, actor=actor, photo=photo, media_dir=media_dir, action="speaker.updated"
    )


async def _save_speaker(
    speaker: Speaker,
    *,
    data: SpeakerData,
    actor: Actor,
    photo: bytes | None,
    media_dir: Path | None,
    action: str,
) -> Speaker:
    _validate_speaker(data)
    if photo is not None and media_dir is None:
        raise ValueError("media_dir is needed to store a photo")
    old_photo, new_photo = speaker.photo, ""
    try:
        async with in_transaction():
            if photo is not None and media_dir is not None:
                new_photo = _store_photo(photo, media_dir)
                speaker.photo = new_photo
            await speaker.save()
            await audit.record(actor, action, speaker, name=speaker.name, photo=bool(new_photo))
    except BaseException:
        _remove_photo(new_photo, media_dir)
        raise
    if new_photo:
        _remove_photo(old_photo, media_dir)
    return speaker


async def delete_speaker(speaker: Speaker, *, actor: Actor, media_dir: Path | None = None) -> None:
    """Delete a speaker (unlinked from every session); the photo file goes too."""
    async with in_transaction():
        await audit.record(actor, "speaker.deleted", speaker, name=speaker.name)
        await speaker.delete()
    _remove_photo(speaker.photo, media_dir)


async def speakers_for_event(event: Event) -> list[Speaker]:
    return await Speaker.filter(event_id=event.id).order_by("name", "id")


# ---------------------------------------------------------------- conflicts


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
class _Loaded:
    """Everything conflict detection and the editor need, loaded in a few queries."""

    sessions: list[Session]
    rooms: dict[int, Room]
    speaker_names: dict[int, str]
    speakers_of: dict[int, list[int]] = field(default_factory=dict)  # session id -> speaker ids
    tracks: dict[int, Track] = field(default_factory=dict)


async def _load(event: Event, *, with_tracks: bool = False) -> _Loaded:
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
    return _Loaded(sessions, rooms, names, dict(speakers_of), tracks)


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


def find_conflicts(event: Event, loaded: _Loaded) -> list[Conflict]:
    """The conflict rules, as a pure function over loaded data."""
    found: list[Conflict] = []
    live = [s for s in loaded.sessions if s.state != SessionState.CANCELLED]
    placed = [
        s
        for s in live
        if s.room_id is not None and s.starts_at is not None and s.ends_at is not None
    ]
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
                    _("%(a)s heeft %(n)s plaatsen, maar zaal %(room)s heeft er %(max)s.")
                    % {"a": s.title, "n": s.capacity, "room": room.name, "max": room.capacity},
                    (s.id,),
                )
            )
    for s in live:
        if s.room_id is None or s.starts_at is None or s.ends_at is None:
            found.append(
                Conflict(
                    "unplaced", _("%(a)s heeft nog geen zaal of tijd.") % {"a": s.title}, (s.id,)
                )
            )
    return found


async def conflicts(event: Event) -> list[Conflict]:
    """Every conflict in the live schedule of the event (three queries, then pure Python)."""
    return find_conflicts(event, await _load(event))


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


# ---------------------------------------------------------------- changelog

COMPARED_FIELDS = (
    "title",
    "title_en",
    "abstract",
    "abstract_en",
    "format",
    "track_id",
    "capacity",
    "requires_registration",
    "language",
    "audiences",
    "accessibility",
    "speaker_ids",
    "repeat_of_id",
)
PLACEMENT_FIELDS = ("room_id", "starts_at", "ends_at")


def _comparable(session: dict[str, Any], name: str) -> Any:
    value = session.get(name)
    if name in ("speaker_ids", "audiences", "accessibility") and value is not None:
        return sorted(value)
    return value


def _where(session: dict[str, Any], room_names: dict[Any, str]) -> dict[str, Any]:
    return {
        "room_id": session.get("room_id"),
        "room": room_names.get(session.get("room_id"), ""),
        "starts_at": session.get("starts_at"),
        "ends_at": session.get("ends_at"),
    }


def compute_changelog(
    previous: dict[str, Any] | None, current: dict[str, Any]
) -> list[dict[str, Any]]:
    """What changed between two snapshots: added, moved (room or time), changed (other fields),
    cancelled, removed. Pure; each entry names the session (id, code, title) and where it is."""
    before = {s["id"]: s for s in (previous or {}).get("sessions", [])}
    old_rooms = {r["id"]: r["name"] for r in (previous or {}).get("rooms", [])}
    new_rooms = {r["id"]: r["name"] for r in current.get("rooms", [])}
    entries: list[dict[str, Any]] = []

    def entry(change: str, s: dict[str, Any], rooms: dict[Any, str], **extra: Any) -> None:
        entries.append(
            {
                "change": change,
                "session_id": s["id"],
                "code": s.get("code"),
                "title": s.get("title"),
                **_where(s, rooms),
                **extra,
            }
        )

    for s in sorted(current.get("sessions", []), key=lambda s: (s.get("starts_at") or "", s["id"])):
        old = before.get(s["id"])
        if old is None:
            entry("added", s, new_rooms)
            continue
        if s.get("state") == "cancelled" and old.get("state") != "cancelled":
            entry("cancelled", s, new_rooms)
            continue
        if any(old.get(name) != s.get(name) for name in PLACEMENT_FIELDS):
            entry(
                "moved",
                s,
                new_rooms,
                **{"from": _where(old, old_rooms), "to": _where(s, new_rooms)},
            )
        changed = [
            name for name in COMPARED_FIELDS if _comparable(old, name) != _comparable(s, name)
        ]
        if old.get("state") != s.get("state"):
            changed.append("state")
        if changed:
            entry("changed", s, new_rooms, fields=changed)
    current_ids = {s["id"] for s in current.get("sessions", [])}
    for old in sorted(before.values(), key=lambda s: (s.get("starts_at") or "", s["id"])):
        if old["id"] not in current_ids:
            entry("removed", old, old_rooms)
    return entries


@dataclass(frozen=True)
class ChangeLine:
    """One changelog entry as text for a page, in the active language and the event's time zone."""

    change: str
    label: str
    title: str
    detail: str


def change_lines(changelog: list[dict[str, Any]], tz: str) -> list[ChangeLine]:
    from festival.i18n import fmt_datetime, fmt_time

    labels = {
        "added": _("Nieuw"),
        "moved": _("Verplaatst"),
        "changed": _("Gewijzigd"),
        "cancelled": _("Geannuleerd"),
        "removed": _("Vervallen"),
    }

    def when(where: dict[str, Any]) -> str:
        if not where.get("starts_at"):
            return _("zonder tijd")
        start = datetime.fromisoformat(where["starts_at"])
        end = datetime.fromisoformat(where["ends_at"]) if where.get("ends_at") else start
        room = where.get("room") or _("zonder zaal")
        return f"{fmt_datetime(start, tz, 'd MMM HH:mm')}–{fmt_time(end, tz)}, {room}"

    lines = []
    for item in changelog:
        if item["change"] == "moved":
            detail = _("van %(from)s naar %(to)s") % {
                "from": when(item["from"]),
                "to": when(item["to"]),
            }
        elif item["change"] == "changed":
            detail = _("gewijzigd: %(fields)s") % {"fields": ", ".join(item.get("fields", []))}
        else:
            detail = when(item)
        lines.append(
            ChangeLine(
                item["change"],
                labels.get(item["change"], item["change"]),
                item.get("title") or "",
                detail,
            )
        )
    return lines


# ---------------------------------------------------------------- publishing


class _Rollback(Exception):
    def __init__(self, result: Any) -> None:
        super().__init__("rollback")
        self.result = result


@dataclass(frozen=True)
class PublishPreview:
    changelog: list[dict[str, Any]]
    conflicts: list[Conflict]
    next_number: int


async def _publish_drafts(event: Event) -> int:
    return await Session.filter(
        event_id=event.id,
        state=SessionState.DRAFT,
        room_id__isnull=False,
        starts_at__isnull=False,
        ends_at__isnull=False,
    ).update(state=SessionState.PUBLISHED)


async def _latest(event: Event) -> ScheduleVersion | None:
    return await ScheduleVersion.filter(event_id=event.id).order_by("-number").first()


async def publish_preview(event: Event) -> PublishPreview:
    """What publishing now would change, computed in a transaction that is rolled back."""
    found = await conflicts(event)
    try:
        async with in_transaction():
            await _publish_drafts(event)
            snapshot = await build_snapshot(event.id)
            latest = await _latest(event)
            raise _Rollback(
                PublishPreview(
                    compute_changelog(latest.snapshot if latest else None, snapshot),
                    found,
                    (latest.number if latest else 0) + 1,
                )
            )
    except _Rollback as rollback:
        result: PublishPreview = rollback.result
        return result


async def publish_programme(
    event: Event, *, actor: Actor, confirm_conflicts: bool = False, comment: str = ""
) -> ScheduleVersion:
    """Publish every placed draft session and freeze the schedule as the next version with its
    changelog. Audits programme.published; then queues announce_schedule_changes.
    Raises Conflict unresolved_conflicts (unless confirmed) or publish_in_progress."""
    try:
        async with in_transaction():
            found = await conflicts(event)
            if found and not confirm_conflicts:
                raise errors.Conflict(
                    "unresolved_conflicts",
                    _(
                        "Er zijn nog %(n)s conflicten in het programma. "
                        "Los ze op of bevestig dat u toch wilt publiceren."
                    )
                    % {"n": len(found)},
                )
            published = await _publish_drafts(event)
            snapshot = await build_snapshot(event.id)
            latest = await _latest(event)
            changelog = compute_changelog(latest.snapshot if latest else None, snapshot)
            version = await ScheduleVersion.create(
                event_id=event.id,
                number=(latest.number if latest else 0) + 1,
                published_at=clock.now(),
                published_by=actor.label,
                snapshot=snapshot,
                changelog=changelog,
                comment=comment.strip()[:5000],
            )
            counts: dict[str, int] = defaultdict(int)
            for item in changelog:
                counts[item["change"]] += 1
            await audit.record(
                actor,
                "programme.published",
                version,
                event_id=event.id,
                number=version.number,
                sessions_published=published,
                conflicts=len(found),
                changes=dict(counts),
            )
    except IntegrityError as error:
        raise errors.Conflict(
            "publish_in_progress", _("Iemand anders publiceerde tegelijk. Probeer het opnieuw.")
        ) from error
    await jobs.enqueue("announce_schedule_changes", version_id=version.id)
    return version


async def versions_for_event(event: Event) -> list[ScheduleVersion]:
    return await ScheduleVersion.filter(event_id=event.id).order_by("-number")


ANNOUNCED_CHANGES = ("moved", "changed", "cancelled", "removed")


async def changes_to_announce(version_id: int) -> dict[int, list[dict[str, Any]]]:
    """Per changed session id, the changelog entries of this version that people booked on it
    should hear about (everything but additions). Empty when the version is gone.

    The hook for the registration area: its job mails each confirmed or waitlisted booking of
    these sessions (see workers.jobs.announce_schedule_changes)."""
    version = await ScheduleVersion.get_or_none(id=version_id)
    if version is None or version.number == 1:
        return {}
    result: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in version.changelog:
        if item["change"] in ANNOUNCED_CHANGES:
            result[item["session_id"]].append(item)
    return dict(result)


# ---------------------------------------------------------------- editor grid

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
    cards: list[SessionCard] = field(default_factory=list)
    covered: bool = False  # part of a block that starts in a row above


@dataclass
class GridRow:
    slot: datetime
    label: str
    cells: list[GridCell]


@dataclass
class GridDay:
    day: str  # ISO date, local
    date: datetime
    rows: list[GridRow]


@dataclass
class Editor:
    rooms: list[Room]
    days: list[GridDay]
    unplaced: list[SessionCard]
    cancelled: list[SessionCard]
    conflicts: list[Conflict]
    cards: dict[int, SessionCard]


def _cards(loaded: _Loaded, by_session: dict[int, list[Conflict]]) -> list[SessionCard]:
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
    """The schedule editor's data: per day a rooms x 15-minute grid, the unplaced sessions and
    every conflict (four queries)."""
    loaded = await _load(event, with_tracks=True)
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
    )


async def placement(session: Session) -> tuple[SessionCard, list[Conflict]]:
    """One session as the editor shows it, and every conflict of its event (after a move)."""
    event = await Event.get(id=session.event_id)
    loaded = await _load(event, with_tracks=True)
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


def _clusters(cards: list[SessionCard]) -> list[list[SessionCard]]:
    """Sessions of one room whose 15-minute rows touch share one cell (double bookings stack)."""
    groups: list[list[SessionCard]] = []
    group_end: datetime | None = None
    for card in sorted(cards, key=lambda c: (c.starts_at, c.id)):
        assert card.starts_at is not None and card.ends_at is not None
        if groups and group_end is not None and _floor(card.starts_at) < group_end:
            groups[-1].append(card)
            group_end = max(group_end, _ceil(card.ends_at))
        else:
            groups.append([card])
            group_end = _ceil(card.ends_at)
    return groups


def build_days(event: Event, rooms: list[Room], placed: list[SessionCard]) -> list[GridDay]:
    """Per local day a rooms x 15-minute grid; each placed session lands in the cell of its room
    and first row, spanning its rows. Pure."""
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
        slots = []
        moment = start
        while moment < end:
            slots.append(moment)
            moment += timedelta(minutes=SLOT_MINUTES)
        index = {slot: n for n, slot in enumerate(slots)}
        columns: dict[int, list[GridCell]] = {}
        for room in rooms:
            cells = [
                GridCell(room_id=room.id, slot=slot.astimezone(start.tzinfo)) for slot in slots
            ]
            mine = [c for c in by_day.get(day, []) if c.room_id == room.id]
            for group in _clusters(mine):
                first = min(c.starts_at for c in group if c.starts_at is not None)
                last = max(c.ends_at for c in group if c.ends_at is not None)
                top = index[_floor(first.astimezone(start.tzinfo))]
                bottom = index.get(_ceil(last.astimezone(start.tzinfo)), len(slots))
                cells[top].cards, cells[top].rowspan = group, max(1, bottom - top)
                for n in range(top + 1, bottom):
                    cells[n].covered = True
            columns[room.id] = cells
        rows = [
            GridRow(
                slot=slot, label=slot.strftime("%H:%M"), cells=[columns[r.id][n] for r in rooms]
            )
            for n, slot in enumerate(slots)
        ]
        result.append(GridDay(day=day.isoformat(), date=start, rows=rows))
    return result


# ---------------------------------------------------------------- form pages


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


async def session_page(event: Event, session_id: int) -> SessionPage:
    """A session with its conflicts, speakers, repeats and the form's choices. Raises NotFound."""
    session = await get_session(event, session_id)
    card, _found = await placement(session)
    speaker_ids = [speaker.id for speaker in await session.speakers.all()]
    original = await Session.get_or_none(id=session.repeat_of_id) if session.repeat_of_id else None
    repeats = await Session.filter(repeat_of_id=session.repeat_of_id or session.id).exclude(
        id=session.id
    )
    return SessionPage(session, card, await form_options(event), speaker_ids, original, repeats)
