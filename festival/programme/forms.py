"""Input schemas for the programme back office: form strings (and the editor's JSON) in,
typed SessionData / SpeakerData / placements out. Rules that need the database live in services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from festival import clock
from festival.errors import ValidationError
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
    SessionFormat.LAB: lazy_gettext("Lab"),
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


def _text(form: Any, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _list(form: Any, name: str) -> list[str]:
    values = form.getlist(name) if hasattr(form, "getlist") else form.get(name, [])
    return [v for v in values if isinstance(v, str) and v]


class _Errors:
    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def optional_id(self, form: Any, name: str) -> int | None:
        value = _text(form, name)
        if not value:
            return None
        try:
            return int(value)
        except ValueError:
            self.fields.setdefault(name, _("Kies een waarde uit de lijst."))
            return None

    def ids(self, form: Any, name: str) -> tuple[int, ...]:
        try:
            return tuple(int(v) for v in _list(form, name))
        except ValueError:
            self.fields.setdefault(name, _("Kies een waarde uit de lijst."))
            return ()

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationError(
                "invalid_input", _("Controleer de velden met een foutmelding."), self.fields
            )


def _placement(form: Any, tz: str, errors: _Errors) -> tuple[datetime | None, datetime | None]:
    """`day` plus `start_time` and `end_time` (local, 24 h) as UTC; all empty: no time yet."""
    day_text, start_text, end_text = (
        _text(form, "day"),
        _text(form, "start_time"),
        _text(form, "end_time"),
    )
    if not (day_text or start_text or end_text):
        return None, None
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        errors.fields["day"] = _("Vul een datum in als jjjj-mm-dd.")
        return None, None
    moments = []
    for name, text in (("start_time", start_text), ("end_time", end_text)):
        try:
            moments.append(clock.from_local(datetime.combine(day, time.fromisoformat(text)), tz))
        except ValueError:
            errors.fields[name] = _("Vul een tijd in als uu:mm.")
    if len(moments) != 2:
        return None, None
    return moments[0], moments[1]


def session_data(form: Any, *, tz: str, state: SessionState = SessionState.DRAFT) -> SessionData:
    """The session form as typed values. Raises ValidationError naming each unreadable field."""
    errors = _Errors()
    fmt = _text(form, "format") or SessionFormat.WORKSHOP.value
    if fmt not in {f.value for f in SessionFormat}:
        errors.fields["format"] = _("Kies een vorm uit de lijst.")
        fmt = SessionFormat.WORKSHOP.value
    capacity: int | None = None
    if _text(form, "capacity"):
        try:
            capacity = int(_text(form, "capacity"))
        except ValueError:
            errors.fields["capacity"] = _("Vul een heel getal in, of laat het veld leeg.")
    starts_at, ends_at = _placement(form, tz, errors)
    data = SessionData(
        title=_text(form, "title"),
        title_en=_text(form, "title_en"),
        abstract=_text(form, "abstract"),
        abstract_en=_text(form, "abstract_en"),
        format=SessionFormat(fmt),
        track_id=errors.optional_id(form, "track_id"),
        room_id=errors.optional_id(form, "room_id"),
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        requires_registration=_text(form, "requires_registration") in ("1", "on", "true"),
        language=_text(form, "language") or "nl",
        audiences=tuple(_list(form, "audiences")),
        accessibility=tuple(_list(form, "accessibility")),
        speaker_ids=errors.ids(form, "speaker_ids"),
        state=state,
    )
    errors.raise_if_any()
    return data


def placement_data(form: Any, *, tz: str) -> Placement:
    """Room, day and times from the repeat form."""
    errors = _Errors()
    room_id = errors.optional_id(form, "room_id")
    starts_at, ends_at = _placement(form, tz, errors)
    errors.raise_if_any()
    return Placement(room_id, starts_at, ends_at)


def move_data(body: Any) -> Placement:
    """The editor's JSON `{"room_id", "starts_at", "ends_at"}` (ISO 8601 with offset)."""
    if not isinstance(body, dict):
        raise ValidationError(
            "invalid_input", _("Stuur een JSON-object met room_id, starts_at en ends_at.")
        )
    fields: dict[str, str] = {}
    room_id = body.get("room_id")
    if room_id is not None and (not isinstance(room_id, int) or isinstance(room_id, bool)):
        fields["room_id"] = _("Geef een zaalnummer.")
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
            fields[name] = _("Geef een tijd in ISO 8601 met tijdzone.")
            moments.append(None)
    if fields:
        raise ValidationError(
            "invalid_input", _("Controleer de velden met een foutmelding."), fields
        )
    return Placement(room_id, moments[0], moments[1])


def speaker_data(form: Any) -> SpeakerData:
    return SpeakerData(
        name=_text(form, "name"),
        organisation=_text(form, "organisation"),
        role=_text(form, "role"),
        bio=_text(form, "bio"),
        bio_en=_text(form, "bio_en"),
        email=_text(form, "email"),
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
        "bio": speaker.bio,
        "bio_en": speaker.bio_en,
        "email": speaker.email,
    }


def submitted(form: Any) -> dict[str, Any]:
    """The submitted values, to show them again next to the error messages."""
    values: dict[str, Any] = {
        k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"
    }
    for name in ("audiences", "accessibility", "speaker_ids"):
        values[name] = _list(form, name)
    return values


def new_session_values(*, requires_registration: bool = True) -> dict[str, Any]:
    return {
        "requires_registration": "1" if requires_registration else "",
        "format": "workshop",
        "language": "nl",
        "audiences": [],
        "accessibility": [],
        "speaker_ids": [],
    }
