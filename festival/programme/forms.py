"""Input schemas for the programme back office: form strings (and the editor's JSON) in,
typed SessionData / SpeakerData / placements out. Rules that need the database live in services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from festival import clock
from festival.errors import ValidationError
from festival.forms import Errors, FormReader
from festival.i18n import _, lazy_gettext
from festival.programme.models import (
    Accessibility,
    Audience,
    Session,
    SessionFormat,
    SessionState,
    Speaker,
)
from festival.programme.services import SessionData, SpeakerData

FORMAT_LABELS = {
    SessionFormat.PLENARY: lazy_gettext("Plenair"),
    SessionFormat.WORKSHOP: lazy_gettext("Workshop"),
    SessionFormat.LAB: lazy_gettext("Democratie Testlab"),
    SessionFormat.RAAD_OP_ZATERDAG: lazy_gettext("Raad op Zaterdag"),
    SessionFormat.DEBATE: lazy_gettext("Debat"),
    SessionFormat.EXCURSION: lazy_gettext("Excursie"),
    SessionFormat.BREAK: lazy_gettext("Pauze"),
}
AUDIENCE_LABELS = {
    Audience.RAADSLEDEN: lazy_gettext("Raadsleden"),
    Audience.GRIFFIERS: lazy_gettext("Griffiers"),
    Audience.WETHOUDERS: lazy_gettext("Wethouders"),
    Audience.BURGEMEESTERS: lazy_gettext("Burgemeesters"),
    Audience.AMBTENAREN: lazy_gettext("Ambtenaren"),
    Audience.INWONERS: lazy_gettext("Inwoners"),
    Audience.JONGEREN: lazy_gettext("Jongeren"),
}
ACCESSIBILITY_LABELS = {
    Accessibility.STEP_FREE: lazy_gettext("Zonder drempels"),
    Accessibility.HEARING_LOOP: lazy_gettext("Ringleiding"),
    Accessibility.SIGN_LANGUAGE: lazy_gettext("Gebarentolk"),
    Accessibility.QUIET_SPACE: lazy_gettext("Stilteruimte"),
    Accessibility.LIVE_CAPTIONS: lazy_gettext("Live ondertiteling"),
}
STATE_LABELS = {
    "draft": lazy_gettext("Concept"),
    "published": lazy_gettext("Gepubliceerd"),
    "cancelled": lazy_gettext("Geannuleerd"),
}

CONFLICT_LABELS = {
    "room_double_booked": lazy_gettext("Zaal dubbel geboekt"),
    "speaker_double_booked": lazy_gettext("Spreker dubbel geboekt"),
    "outside_event_hours": lazy_gettext("Buiten de tijden"),
    "capacity_above_room": lazy_gettext("Meer plaatsen dan de zaal"),
    "unplaced": lazy_gettext("Niet ingepland"),
}
# Services name the placement fields; the form splits them into a day and two times.
FORM_FIELDS = {"starts_at": "start_time", "ends_at": "end_time"}


def form_errors(fields: dict[str, str]) -> dict[str, str]:
    return {FORM_FIELDS.get(name, name): message for name, message in fields.items()}


@dataclass(frozen=True)
class Placement:
    room_id: int | None
    starts_at: datetime | None
    ends_at: datetime | None


def _placement(read: FormReader, tz: str) -> tuple[datetime | None, datetime | None]:
    """`day` plus `start_time` and `end_time` (local, 24 h) as UTC; all empty: no time yet."""
    if not (read.text("day") or read.text("start_time") or read.text("end_time")):
        return None, None
    # Once one is filled all three are needed: a time without the day is a wrong day, and
    # default_time=None makes an empty time a wrong time.
    starts_at = read.local_datetime("day", "start_time", tz, default_time=None)
    ends_at = read.local_datetime("day", "end_time", tz, default_time=None)
    if starts_at is None or ends_at is None:
        return None, None
    return starts_at, ends_at


def session_data(form: Any, *, tz: str, state: SessionState = SessionState.DRAFT) -> SessionData:
    """The session form as typed values. Raises ValidationError naming each unreadable field."""
    read = FormReader(form)
    pick_from_list = _("Kies een waarde uit de lijst.")
    fmt = read.text("format") or SessionFormat.WORKSHOP.value
    if fmt not in {f.value for f in SessionFormat}:
        read.errors.add("format", _("Kies een vorm uit de lijst."))
        fmt = SessionFormat.WORKSHOP.value
    capacity = read.optional_integer(
        "capacity", message=_("Vul een heel getal in, of laat het veld leeg.")
    )
    starts_at, ends_at = _placement(read, tz)
    data = SessionData(
        title=read.text("title"),
        title_en=read.text("title_en"),
        abstract=read.text("abstract"),
        abstract_en=read.text("abstract_en"),
        format=SessionFormat(fmt),
        track_id=read.optional_integer("track_id", message=pick_from_list),
        room_id=read.optional_integer("room_id", message=pick_from_list),
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        requires_registration=read.boolean("requires_registration"),
        language=read.text("language") or "nl",
        audiences=tuple(read.many("audiences")),
        accessibility=tuple(read.many("accessibility")),
        speaker_ids=tuple(read.integers("speaker_ids", message=pick_from_list)),
        state=state,
    )
    read.errors.raise_if_any()
    return data


def placement_data(form: Any, *, tz: str) -> Placement:
    """Room, day and times from the repeat form."""
    read = FormReader(form)
    room_id = read.optional_integer("room_id", message=_("Kies een waarde uit de lijst."))
    starts_at, ends_at = _placement(read, tz)
    read.errors.raise_if_any()
    return Placement(room_id, starts_at, ends_at)


def move_data(body: Any) -> Placement:
    """The editor's JSON `{"room_id", "starts_at", "ends_at"}` (ISO 8601 with offset)."""
    if not isinstance(body, dict):
        raise ValidationError(
            "invalid_input", _("Stuur een JSON-object met room_id, starts_at en ends_at.")
        )
    errors = Errors()
    room_id = body.get("room_id")
    if room_id is not None and (not isinstance(room_id, int) or isinstance(room_id, bool)):
        errors.add("room_id", _("Geef een zaalnummer."))
        room_id = None
    moments: list[datetime | None] = []
    for name in ("starts_at", "ends_at"):
        value = body.get(name)
        if value is None:
            moments.append(None)
            continue
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
            if moment.tzinfo is None:
                raise ValueError(value)
            moments.append(moment.astimezone(UTC))
        except ValueError:
            errors.add(name, _("Geef een tijd in ISO 8601 met tijdzone."))
            moments.append(None)
    errors.raise_if_any()
    return Placement(room_id, moments[0], moments[1])


def speaker_data(form: Any) -> SpeakerData:
    read = FormReader(form)
    return SpeakerData(
        name=read.text("name"),
        organisation=read.text("organisation"),
        role=read.text("role"),
        role_en=read.text("role_en"),
        bio=read.text("bio"),
        bio_en=read.text("bio_en"),
        email=read.text("email"),
    )


# ---------------------------------------------------------------- initial values for forms


def session_values(session: Session, *, tz: str, speaker_ids: list[int]) -> dict[str, Any]:
    """A session as the values its edit form shows."""
    values: dict[str, Any] = {
        "title": session.title,
        "title_en": session.title_en,
        "abstract": session.abstract,
        "abstract_en": session.abstract_en,
        "format": str(session.format),
        "track_id": str(session.track_id or ""),
        "room_id": str(session.room_id or ""),
        "capacity": "" if session.capacity is None else str(session.capacity),
        "requires_registration": "1" if session.requires_registration else "",
        "language": session.language,
        "audiences": list(session.audiences),
        "accessibility": list(session.accessibility),
        "speaker_ids": [str(i) for i in speaker_ids],
        "day": "",
        "start_time": "",
        "end_time": "",
    }
    if session.starts_at and session.ends_at:
        start, end = clock.to_local(session.starts_at, tz), clock.to_local(session.ends_at, tz)
        values.update(
            day=start.date().isoformat(),
            start_time=start.strftime("%H:%M"),
            end_time=end.strftime("%H:%M"),
        )
    return values


def speaker_values(speaker: Speaker) -> dict[str, Any]:
    return {
        "name": speaker.name,
        "organisation": speaker.organisation,
        "role": speaker.role,
        "role_en": speaker.role_en,
        "bio": speaker.bio,
        "bio_en": speaker.bio_en,
        "email": speaker.email,
    }


# The multi-valued fields: shown again as lists next to the error messages.
LISTS = ("audiences", "accessibility", "speaker_ids")


def new_session_values(*, requires_registration: bool = True) -> dict[str, Any]:
    return {
        "requires_registration": "1" if requires_registration else "",
        "format": "workshop",
        "language": "nl",
        "audiences": [],
        "accessibility": [],
        "speaker_ids": [],
    }
