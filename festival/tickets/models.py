"""Tickets: one per attendee with a random public id (tid); an Ed25519 signing key per event."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class TicketStatus(StrEnum):
    VALID = "valid"
    CANCELLED = "cancelled"


class EventKey(Model):
    """The signing key of an event (kid: one character, unique within the event)."""

    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "festival.Event", related_name="ticket_keys", on_delete=fields.CASCADE
    )
    kid = fields.CharField(max_length=1)
    private_key = fields.BinaryField()  # raw 32-byte Ed25519 seed
    public_key = fields.BinaryField()  # raw 32 bytes
    created_at = fields.DatetimeField()
    retired_at = fields.DatetimeField(null=True)

    event_id: int

    class Meta:
        table = "ticket_event_key"
        unique_together = (("event", "kid"),)
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.kid}"


class Ticket(Model):
    id = fields.IntField(primary_key=True)
    attendee: fields.OneToOneRelation[Any] = fields.OneToOneField(
        "festival.Attendee", related_name="ticket", on_delete=fields.CASCADE
    )
    event_id = fields.IntField(db_index=True)  # copied from the registration for fast lists
    registration_id = fields.IntField(db_index=True)
    tid = fields.CharField(max_length=8, unique=True)  # 6 random bytes, base64url
    status = fields.CharEnumField(TicketStatus, max_length=10, default=TicketStatus.VALID)
    pdf = fields.BinaryField(null=True)
    pdf_rendered_at = fields.DatetimeField(null=True)
    pdf_version = fields.IntField(default=1)  # bumped when the content changes
    pdf_rendered_version = fields.IntField(default=0)  # the version the stored pdf shows
    issued_at = fields.DatetimeField()
    mail_sent_at = fields.DatetimeField(null=True)  # the confirmation with this PDF went out

    attendee_id: int

    class Meta:
        table = "ticket"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.tid

    @property
    def pdf_is_fresh(self) -> bool:
        return self.pdf is not None and self.pdf_rendered_version >= self.pdf_version
