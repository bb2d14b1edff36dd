"""Archive: a session's outcome ("werkt het en waarom?"), its materials, the mails that ask for
the outcome, and the search entry of every archived session (kept in step with its full-text
index by the database: FTS5 triggers on SQLite, a generated tsvector column on PostgreSQL)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class OutcomeState(StrEnum):
    DRAFT = "draft"  # partners and speakers are still writing
    SUBMITTED = "submitted"  # handed in, waiting for an organiser
    APPROVED = "approved"  # public in the archive


# Named groups: who may still change the outcome.
PARTNER_EDITABLE_STATES = (OutcomeState.DRAFT, OutcomeState.SUBMITTED)


class Verdict(StrEnum):
    """Werkt het? The answer of a Democratie Testlab."""

    WERKT = "werkt"
    WERKT_DEELS = "werkt_deels"
    WERKT_NIET = "werkt_niet"
    TE_VROEG = "te_vroeg"  # te vroeg om te zeggen


# Waarom: the short fixed list of tags next to the free text.
WHY_TAGS = (
    "timing",
    "wie_was_er_bij",
    "rol_van_de_raad",
    "begeleiding",
    "voorbereiding",
    "communicatie",
)


class OutcomeKind(StrEnum):
    """Which questions an outcome asks, by the session's format."""

    LAB = "lab"  # Democratie Testlab: question, method, council, what happened, verdict, why
    RAAD_OP_ZATERDAG = "raad_op_zaterdag"  # council, theme, residents, what the council did
    SHORT = "short"  # every other format: "wat kwam eruit"


class MaterialKind(StrEnum):
    SLIDES = "slides"
    HANDOUT = "handout"
    RECORDING = "recording"  # a link, no file


class RequestKind(StrEnum):
    INVITE = "invite"
    REMINDER = "reminder"


class Outcome(Model):
    id = fields.IntField(primary_key=True)
    session_id = fields.IntField(unique=True)
    event_id = fields.IntField(db_index=True)
    kind = fields.CharEnumField(OutcomeKind, max_length=20)
    state = fields.CharEnumField(OutcomeState, max_length=10, default=OutcomeState.DRAFT)
    # Democratie Testlab
    question = fields.TextField(default="")  # wat proberen we?
    method = fields.TextField(default="")
    council = fields.CharField(max_length=200, default="")  # the municipality or council
    happened = fields.TextField(default="")
    verdict = fields.CharEnumField(Verdict, max_length=12, null=True)
    why = fields.TextField(default="")
    why_tags: Any = fields.JSONField(default=list)  # WHY_TAGS values
    # Raad op Zaterdag (council above too)
    theme = fields.CharField(max_length=200, default="")
    residents = fields.IntField(null=True)
    follow_up = fields.TextField(default="")  # what the council did with it afterwards
    # every other format
    summary = fields.TextField(default="")  # wat kwam eruit
    submitted_at = fields.DatetimeField(null=True)
    approved_at = fields.DatetimeField(null=True)
    approved_by = fields.CharField(max_length=254, default="")
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "archive_outcome"

    def __str__(self) -> str:
        return f"outcome {self.session_id}"

    @property
    def is_public(self) -> bool:
        return self.state == OutcomeState.APPROVED


class Material(Model):
    """Slides or a hand-out (a file under media/materials/) or a recording link."""

    id = fields.IntField(primary_key=True)
    session_id = fields.IntField(db_index=True)
    event_id = fields.IntField(db_index=True)
    kind = fields.CharEnumField(MaterialKind, max_length=10)
    title = fields.CharField(max_length=200)
    filename = fields.CharField(max_length=200, default="")  # as uploaded (cleaned)
    stored_name = fields.CharField(max_length=80, null=True, unique=True)  # random
    content_type = fields.CharField(max_length=60, default="")
    size = fields.IntField(default=0)
    url = fields.CharField(max_length=500, default="")  # a recording
    approved = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "archive_material"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class OutcomeRequest(Model):
    """A mail that asked someone for the outcome of a session. The key is unique, so a retried
    sweep never mails twice: "<kind>:<session id>:<address>"."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=300, unique=True)
    session_id = fields.IntField(db_index=True)
    kind = fields.CharEnumField(RequestKind, max_length=10)
    created_at = fields.DatetimeField()
    message_id = fields.IntField(null=True)

    class Meta:
        table = "archive_request"


class ArchiveEntry(Model):
    """One archived session as the archive search reads it: only what is public."""

    id = fields.IntField(primary_key=True)
    session_id = fields.IntField(unique=True)
    code = fields.CharField(max_length=12, unique=True)  # the session's public code
    event_id = fields.IntField(db_index=True)
    event_slug = fields.CharField(max_length=80)
    event_name = fields.CharField(max_length=200)
    organisation_id = fields.IntField(db_index=True)
    year = fields.IntField(db_index=True)
    starts_at = fields.DatetimeField(null=True, db_index=True)
    ends_at = fields.DatetimeField(null=True)
    timezone = fields.CharField(max_length=64, default="Europe/Amsterdam")
    format = fields.CharField(max_length=20, db_index=True)
    track = fields.CharField(max_length=120, default="")
    audiences = fields.CharField(max_length=200, default="")  # " raadsleden griffiers "
    partner = fields.CharField(max_length=200, default="")
    speakers = fields.TextField(default="")  # names, comma separated
    verdict = fields.CharField(max_length=12, default="")  # of the approved outcome
    title = fields.CharField(max_length=200)
    abstract = fields.TextField(default="")
    body = fields.TextField(default="")  # everything searchable besides the title
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "archive_entry"
        ordering = ["-starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class ArchiveSettings(Model):
    """Per event: whether the archive pages show the evaluation summaries of its sessions (the
    feedback figures and the open answers marked publishable). Off until an organiser
    publishes them."""

    id = fields.IntField(primary_key=True)
    event_id = fields.IntField(unique=True)
    publish_summaries = fields.BooleanField(default=False)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "archive_settings"

    def __str__(self) -> str:
        return f"archive settings {self.event_id}"
