"""Input schemas for the events back office: form strings in, typed values out.

Each parser collects every field problem at once and raises one ValidationError whose
`fields` maps the form field name to a message. Rules that span fields live in services.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from festival import clock
from festival.errors import ValidationError
from festival.events.models import Event, Room, Track, Venue
from festival.i18n import _

DEFAULT_TIMEZONE = "Europe/Amsterdam"
# Zones a Dutch or Belgian organiser plausibly needs, including the Caribbean Netherlands.
TIMEZONES = (
    "Europe/Amsterdam",
    "Europe/Brussels",
    "Europe/Luxembourg",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/London",
    "America/Kralendijk",
    "America/Curacao",
    "America/Aruba",
    "America/Paramaribo",
    "UTC",
)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class EventData:
    name: str
    name_en: str
    slug: str
    description: str
    description_en: str
    timezone: str
    starts_at: datetime
    ends_at: datetime
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    retention_days: int
    privacy_url: str
    contact_email: str


@dataclass(frozen=True)
class VenueData:
    name: str
    address: str
    city: str
    directions: str
    step_free_notes: str


@dataclass(frozen=True)
class RoomData:
    venue_id: int
    name: str
    capacity: int
    accessibility_notes: str
    position: int


@dataclass(frozen=True)
class TrackData:
    name: str
    name_en: str
    description: str
    color: str
    position: int


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


class _Errors:
    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, message)

    def required(self, form: Mapping[str, Any], name: str, max_length: int) -> str:
        value = _text(form, name)
        if not value:
            self.add(name, _("Vul dit veld in."))
        elif len(value) > max_length:
            self.add(name, _("Gebruik hoogstens %(n)s tekens.") % {"n": max_length})
        return value

    def optional(self, form: Mapping[str, Any], name: str, max_length: int) -> str:
        value = _text(form, name)
        if len(value) > max_length:
            self.add(name, _("Gebruik hoogstens %(n)s tekens.") % {"n": max_length})
        return value

    def integer(self, form: Mapping[str, Any], name: str, *, default: int | None = None) -> int:
        value = _text(form, name)
        if not value and default is not None:
            return default
        try:
            return int(value)
        except ValueError:
            self.add(name, _("Vul een heel getal in."))
            return 0

    def moment(
        self, form: Mapping[str, Any], prefix: str, tz: str | None, *, required: bool
    ) -> datetime | None:
        """A date field `<prefix>_date` plus a time field `<prefix>_time`, local in `tz`, as UTC."""
        day_text, time_text = _text(form, f"{prefix}_date"), _text(form, f"{prefix}_time")
        if not day_text and not time_text:
            if required:
                self.add(f"{prefix}_date", _("Vul een datum in."))
            return None
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            self.add(f"{prefix}_date", _("Vul een datum in als jjjj-mm-dd."))
            return None
        try:
            at = time.fromisoformat(time_text) if time_text else time(0, 0)
        except ValueError:
            self.add(f"{prefix}_time", _("Vul een tijd in als uu:mm."))
            return None
        if tz is None:
            return None
        return clock.from_local(datetime.combine(day, at), tz)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationError(
                "invalid_input", _("Controleer de velden met een foutmelding."), self.fields
            )


def valid_timezone(name: str) -> bool:
    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def event_data(form: Mapping[str, Any]) -> EventData:
    """The event form as typed values. Raises ValidationError naming each wrong field."""
    errors = _Errors()
    tz: str | None = _text(form, "timezone") or DEFAULT_TIMEZONE
    if not valid_timezone(tz or ""):
        errors.add("timezone", _("Kies een bestaande tijdzone."))
        tz = None
    contact_email = errors.optional(form, "contact_email", 254)
    if contact_email and not EMAIL_RE.match(contact_email):
        errors.add("contact_email", _("Vul een geldig e-mailadres in."))
    privacy_url = errors.optional(form, "privacy_url", 500)
    if privacy_url and not privacy_url.startswith(("https://", "http://")):
        errors.add("privacy_url", _("Vul een webadres in dat begint met https://."))
    data = EventData(
        name=errors.required(form, "name", 200),
        name_en=errors.optional(form, "name_en", 200),
        slug=errors.required(form, "slug", 80).lower(),
        description=errors.optional(form, "description", 20000),
        description_en=errors.optional(form, "description_en", 20000),
        timezone=tz or "",
        starts_at=errors.moment(form, "starts", tz, required=True) or clock.now(),
        ends_at=errors.moment(form, "ends", tz, required=True) or clock.now(),
        registration_opens_at=errors.moment(form, "registration_opens", tz, required=False),
        registration_closes_at=errors.moment(form, "registration_closes", tz, required=False),
        retention_days=errors.integer(form, "retention_days", default=365),
        privacy_url=privacy_url,
        contact_email=contact_email,
    )
    errors.raise_if_any()
    return data


def venue_data(form: Mapping[str, Any]) -> VenueData:
    errors = _Errors()
    data = VenueData(
        name=errors.required(form, "name", 200),
        address=errors.optional(form, "address", 300),
        city=errors.optional(form, "city", 120),
        directions=errors.optional(form, "directions", 5000),
        step_free_notes=errors.optional(form, "step_free_notes", 5000),
    )
    errors.raise_if_any()
    return data


def room_data(form: Mapping[str, Any]) -> RoomData:
    errors = _Errors()
    venue_id = errors.integer(form, "venue_id")
    if "venue_id" in errors.fields:
        errors.fields["venue_id"] = _("Kies een locatie.")
    capacity = errors.integer(form, "capacity")
    if "capacity" not in errors.fields and capacity <= 0:
        errors.add("capacity", _("De capaciteit moet groter zijn dan 0."))
    data = RoomData(
        venue_id=venue_id,
        name=errors.required(form, "name", 120),
        capacity=capacity,
        accessibility_notes=errors.optional(form, "accessibility_notes", 5000),
        position=errors.integer(form, "position", default=0),
    )
    errors.raise_if_any()
    return data


def track_data(form: Mapping[str, Any]) -> TrackData:
    errors = _Errors()
    color = _text(form, "color") or "#1f4e79"
    if not COLOR_RE.match(color):
        errors.add("color", _("Vul een kleur in als #rrggbb."))
    data = TrackData(
        name=errors.required(form, "name", 120),
        name_en=errors.optional(form, "name_en", 120),
        description=errors.optional(form, "description", 5000),
        color=color.lower(),
        position=errors.integer(form, "position", default=0),
    )
    errors.raise_if_any()
    return data


# ---------------------------------------------------------------- initial values for edit forms


def _local_parts(value: datetime | None, tz: str) -> tuple[str, str]:
    if value is None:
        return "", ""
    local = clock.to_local(value, tz)
    return local.date().isoformat(), local.strftime("%H:%M")


def event_values(event: Event) -> dict[str, str]:
    """An event as the strings its edit form shows."""
    values = {
        "name": event.name,
        "name_en": event.name_en,
        "slug": event.slug,
        "description": event.description,
        "description_en": event.description_en,
        "timezone": event.timezone,
        "retention_days": str(event.retention_days),
        "privacy_url": event.privacy_url,
        "contact_email": event.contact_email,
        "organisation_id": str(event.organisation_id),
    }
    for prefix, moment in (
        ("starts", event.starts_at),
        ("ends", event.ends_at),
        ("registration_opens", event.registration_opens_at),
        ("registration_closes", event.registration_closes_at),
    ):
        values[f"{prefix}_date"], values[f"{prefix}_time"] = _local_parts(moment, event.timezone)
    return values


def venue_values(venue: Venue) -> dict[str, str]:
    return {
        "name": venue.name,
        "address": venue.address,
        "city": venue.city,
        "directions": venue.directions,
        "step_free_notes": venue.step_free_notes,
    }


def room_values(room: Room) -> dict[str, str]:
    return {
        "venue_id": str(room.venue_id),
        "name": room.name,
        "capacity": str(room.capacity),
        "accessibility_notes": room.accessibility_notes,
        "position": str(room.position),
    }


def track_values(track: Track) -> dict[str, str]:
    return {
        "name": track.name,
        "name_en": track.name_en,
        "description": track.description,
        "color": track.color,
        "position": str(track.position),
    }


def submitted(form: Mapping[str, Any]) -> dict[str, str]:
    """The submitted strings, to show them again next to the error messages."""
    return {
        key: value for key, value in form.items() if isinstance(value, str) and key != "csrf_token"
    }
