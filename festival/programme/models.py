"""Programme: sessions, speakers, and published schedule versions (frozen snapshots)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from festival.events.models import Event, Room, Track


class SessionFormat(StrEnum):
    PLENARY = "plenary"
    WORKSHOP = "workshop"
    LAB = "lab"  # Democratie Testlab
    RAAD_OP_ZATERDAG = "raad_op_zaterdag"
    DEBATE = "debate"
    EXCURSION = "excursion"
    BREAK = "break"


class SessionState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class Audience(StrEnum):
    RAADSLEDEN = "raadsleden"
    GRIFFIERS = "griffiers"
    WETHOUDERS = "wethouders"
    BURGEMEESTERS = "burgemeesters"
    AMBTENAREN = "ambtenaren"
    INWONERS = "inwoners"
    JONGEREN = "jongeren"


class Accessibility(StrEnum):
    STEP_FREE = "step_free"
    HEARING_LOOP = "hearing_loop"
    SIGN_LANGUAGE = "sign_language"
    QUIET_SPACE = "quiet_space"
    LIVE_CAPTIONS = "live_captions"


class Session(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "festival.Event", related_name="sessions", on_delete=fields.CASCADE
    )
    code = fields.CharField(
        max_length=12, unique=True
    )  # public, unguessable id in URLs and exports
    title = fields.CharField(max_length=200)
    title_en = fields.CharField(max_length=200, default="")
    abstract = fields.TextField(default="")
    abstract_en = fields.TextField(default="")
    format = fields.CharEnumField(SessionFormat, default=SessionFormat.WORKSHOP)
    track: fields.ForeignKeyNullableRelation[Track] = fields.ForeignKeyField(
        "festival.Track", related_name="sessions", null=True, on_delete=fields.SET_NULL
    )
    room: fields.ForeignKeyNullableRelation[Room] = fields.ForeignKeyField(
        "festival.Room", related_name="sessions", null=True, on_delete=fields.SET_NULL
    )
    starts_at = fields.DatetimeField(null=True)
    ends_at = fields.DatetimeField(null=True)
    capacity = fields.IntField(null=True)  # None: the room's capacity
    requires_registration = fields.BooleanField(default=True)
    language = fields.CharField(max_length=5, default="nl")
    audiences: Any = fields.JSONField(default=list)  # Audience values
    accessibility: Any = fields.JSONField(default=list)  # Accessibility values
    state = fields.CharEnumField(SessionState, default=SessionState.DRAFT)
    repeat_of: fields.ForeignKeyNullableRelation[Session] = fields.ForeignKeyField(
        "festival.Session", related_name="repeats", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    event_id: int
    track_id: int | None
    room_id: int | None
    repeat_of_id: int | None
    speakers: fields.ManyToManyRelation[Speaker]

    class Meta:
        table = "session"
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class Speaker(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "festival.Event", related_name="speakers", on_delete=fields.CASCADE
    )
    code = fields.CharField(max_length=12, unique=True)  # public id in URLs and exports
    name = fields.CharField(max_length=200)
    organisation = fields.CharField(max_length=200, default="")
    role = fields.CharField(max_length=200, default="")  # e.g. griffier, wethouder, onderzoeker
    role_en = fields.CharField(max_length=200, default="", db_default="")
    bio = fields.TextField(default="")
    bio_en = fields.TextField(default="")
    photo = fields.CharField(max_length=200, default="")  # file name under media/speakers/
    email = fields.CharField(max_length=254, default="")  # private: never shown or exported
    sessions: fields.ManyToManyRelation[Session] = fields.ManyToManyField(
        "festival.Session", related_name="speakers", through="session_speaker"
    )

    event_id: int

    class Meta:
        table = "speaker"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScheduleVersion(Model):
    """A published programme, frozen: what the public pages and exports show until the next."""

    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "festival.Event", related_name="schedule_versions", on_delete=fields.CASCADE
    )
    number = fields.IntField()
    published_at = fields.DatetimeField()
    published_by = fields.CharField(max_length=254, default="")
    snapshot: Any = fields.JSONField()  # sessions, speakers, rooms, tracks as shown publicly
    changelog: Any = fields.JSONField(
        default=list
    )  # [{"change": added|moved|changed|cancelled|removed, ...}]
    comment = fields.TextField(default="")

    event_id: int

    class Meta:
        table = "schedule_version"
        unique_together = (("event", "number"),)
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"v{self.number}"
