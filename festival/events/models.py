"""Events (editions), their venues, rooms and tracks."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from festival.accounts.models import Organisation


class EventStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.ARCHIVED)


class RoomFacility(StrEnum):
    """What a room offers for access needs; the values match registration's AccessNeed."""

    STEP_FREE = "step_free"
    HEARING_LOOP = "hearing_loop"
    SIGN_LANGUAGE = "sign_language"  # room for an interpreter, visible and lit
    QUIET_SPACE = "quiet_space"  # a quiet room nearby


class Event(Model):
    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "festival.Organisation", related_name="events", on_delete=fields.RESTRICT
    )
    slug = fields.CharField(max_length=80, unique=True)
    name = fields.CharField(max_length=200)
    name_en = fields.CharField(max_length=200, default="")
    description = fields.TextField(default="")
    description_en = fields.TextField(default="")
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    timezone = fields.CharField(max_length=64, default="Europe/Amsterdam")
    status = fields.CharEnumField(EventStatus, default=EventStatus.DRAFT)
    registration_opens_at = fields.DatetimeField(null=True)
    registration_closes_at = fields.DatetimeField(null=True)
    retention_days = fields.IntField(default=365)  # personal data kept this long after the event
    privacy_url = fields.CharField(max_length=500, default="")
    contact_email = fields.CharField(max_length=254, default="")
    # Check-in: at a workshop door, admit someone without a booking when seats are free.
    admit_unbooked_if_seats = fields.BooleanField(default=False, db_default=False)
    # Tickets of a group: only to the contact person, or also each attendee's own to their address.
    tickets_to_contact_only = fields.BooleanField(default=False, db_default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    organisation_id: int
    venues: fields.ReverseRelation[Venue]
    rooms: fields.ReverseRelation[Room]
    tracks: fields.ReverseRelation[Track]

    class Meta:
        table = "event"
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


class Venue(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "festival.Event", related_name="venues", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    address = fields.CharField(max_length=300, default="")
    city = fields.CharField(max_length=120, default="")
    directions = fields.TextField(default="")  # how to get there, public transport
    directions_en = fields.TextField(default="", db_default="")
    step_free_notes = fields.TextField(default="")  # step-free route, lifts, accessible toilets
    step_free_notes_en = fields.TextField(default="", db_default="")

    event_id: int

    class Meta:
        table = "venue"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Room(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "festival.Event", related_name="rooms", on_delete=fields.CASCADE
    )
    venue: fields.ForeignKeyRelation[Venue] = fields.ForeignKeyField(
        "festival.Venue", related_name="rooms", on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=120)
    capacity = fields.IntField()
    accessibility_notes = fields.TextField(default="")
    accessibility_notes_en = fields.TextField(default="", db_default="")
    position = fields.IntField(default=0)
    step_free = fields.BooleanField(default=False, db_default=False)
    hearing_loop = fields.BooleanField(default=False, db_default=False)
    sign_language = fields.BooleanField(default=False, db_default=False)
    quiet_space = fields.BooleanField(default=False, db_default=False)

    event_id: int
    venue_id: int

    class Meta:
        table = "room"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def facilities(self) -> list[RoomFacility]:
        return [f for f in RoomFacility if getattr(self, f.value)]


class Track(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "festival.Event", related_name="tracks", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=120)
    name_en = fields.CharField(max_length=120, default="")
    description = fields.TextField(default="")
    color = fields.CharField(max_length=7, default="#1f4e79")
    position = fields.IntField(default=0)

    event_id: int

    class Meta:
        table = "track"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
