"""Input schemas for the events back office: form strings in, typed values out.

Each parser collects every field problem at once and raises one ValidationError whose
`fields` maps the form field name to a message. Rules that span fields live in services.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from festival import clock
from festival.errors import ValidationError
from festival.events.models import Event, Room, RoomFacility, Track, Venue
from festival.events.schemas import VenueIn
from festival.forms import FormReader
from festival.i18n import _
from festival.schemas import parse

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
    tickets_to_contact_only: bool = False


@dataclass(frozen=True)
class RoomData:
    venue_id: int
    name: str
    capacity: int
    accessibility_notes: str
    position: int
    accessibility_notes_en: str = ""
    step_free: bool = False
    hearing_loop: bool = False
    sign_language: bool = False
    quiet_space: bool = False


@dataclass(frozen=True)
class TrackData:
    name: str
    name_en: str
    description: str
    color: str
    position: int


def _moment(read: FormReader, prefix: str, tz: str | None, *, required: bool) -> datetime | None:
    """`<prefix>_date` plus `<prefix>_time`, local in `tz`, as UTC (None when `tz` is wrong)."""
    # A wrong zone is already an error; "UTC" only lets the date and time be checked too.
    moment = read.local_datetime(f"{prefix}_date", f"{prefix}_time", tz or "UTC", required=required)
    return moment if tz else None


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
    read = FormReader(form)
    tz: str | None = read.text("timezone") or DEFAULT_TIMEZONE
    if not valid_timezone(tz or ""):
        read.errors.add("timezone", _("Kies een bestaande tijdzone."))
        tz = None
    contact_email = read.email("contact_email")
    privacy_url = read.text("privacy_url", max_length=500)
    if privacy_url and not privacy_url.startswith(("https://", "http://")):
        read.errors.add("privacy_url", _("Vul een webadres in dat begint met https://."))
    data = EventData(
        name=read.text("name", max_length=200, required=True),
        name_en=read.text("name_en", max_length=200),
        slug=read.text("slug", max_length=80, required=True).lower(),
        description=read.text("description", max_length=20000),
        description_en=read.text("description_en", max_length=20000),
        timezone=tz or "",
        starts_at=_moment(read, "starts", tz, required=True) or clock.now(),
        ends_at=_moment(read, "ends", tz, required=True) or clock.now(),
        registration_opens_at=_moment(read, "registration_opens", tz, required=False),
        registration_closes_at=_moment(read, "registration_closes", tz, required=False),
        retention_days=read.integer("retention_days", default=365),
        privacy_url=privacy_url,
        contact_email=contact_email,
        tickets_to_contact_only=read.boolean("tickets_to_contact_only"),
    )
    read.errors.raise_if_any()
    return data


def venue_data(form: Mapping[str, Any]) -> VenueIn:
    return parse(VenueIn, form)


def room_data(form: Mapping[str, Any]) -> RoomData:
    read = FormReader(form)
    venue_id = read.integer("venue_id", message=_("Kies een locatie."))
    capacity = read.integer("capacity")
    if "capacity" not in read.errors and capacity <= 0:
        read.errors.add("capacity", _("De capaciteit moet groter zijn dan 0."))
    data = RoomData(
        venue_id=venue_id,
        name=read.text("name", max_length=120, required=True),
        capacity=capacity,
        accessibility_notes=read.text("accessibility_notes", max_length=5000),
        position=read.integer("position", default=0),
        accessibility_notes_en=read.text("accessibility_notes_en", max_length=5000),
        **{facility.value: read.boolean(facility.value) for facility in RoomFacility},
    )
    read.errors.raise_if_any()
    return data


def track_data(form: Mapping[str, Any]) -> TrackData:
    read = FormReader(form)
    color = read.text("color") or "#1f4e79"
    if not COLOR_RE.match(color):
        read.errors.add("color", _("Vul een kleur in als #rrggbb."))
    data = TrackData(
        name=read.text("name", max_length=120, required=True),
        name_en=read.text("name_en", max_length=120),
        description=read.text("description", max_length=5000),
        color=color.lower(),
        position=read.integer("position", default=0),
    )
    read.errors.raise_if_any()
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
        "tickets_to_contact_only": "1" if event.tickets_to_contact_only else "",
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
        "directions_en": venue.directions_en,
        "step_free_notes": venue.step_free_notes,
        "step_free_notes_en": venue.step_free_notes_en,
    }


def room_values(room: Room) -> dict[str, str]:
    return {
        "venue_id": str(room.venue_id),
        "name": room.name,
        "capacity": str(room.capacity),
        "accessibility_notes": room.accessibility_notes,
        "accessibility_notes_en": room.accessibility_notes_en,
        "position": str(room.position),
        **{f.value: "1" if f in room.facilities else "" for f in RoomFacility},
    }


def track_values(track: Track) -> dict[str, str]:
    return {
        "name": track.name,
        "name_en": track.name_en,
        "description": track.description,
        "color": track.color,
        "position": str(track.position),
    }


def organisation_id(form: Mapping[str, Any]) -> int:
    """The organisation a new event is for (0 when none is chosen: the rules refuse it)."""
    try:
        return int(str(form.get("organisation_id") or 0))
    except ValueError:
        raise ValidationError(
            "invalid_input",
            _("Controleer de velden met een foutmelding."),
            {"organisation_id": _("Kies een organisatie uit de lijst.")},
        ) from None
