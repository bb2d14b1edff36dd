"""Outgoing e-mail: every message is stored here first, then sent by a job."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class MailStatus(StrEnum):
    QUEUED = "queued"  # waiting for (another) try
    SENDING = "sending"  # claimed by one worker right now
    SENT = "sent"
    FAILED = "failed"  # gave up after the last try; an organiser can send it again


# A worker that died while sending leaves SENDING behind; after this many seconds another
# worker may claim the message again.
STALE_CLAIM_SECONDS = 600


class OutboxMessage(Model):
    id = fields.IntField(primary_key=True)
    event_id = fields.IntField(null=True, db_index=True)
    to = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=300)
    text = fields.TextField()
    html = fields.TextField(default="")
    template = fields.CharField(max_length=80, default="")
    language = fields.CharField(max_length=5, default="nl")
    status = fields.CharEnumField(MailStatus, default=MailStatus.QUEUED)
    tries = fields.IntField(default=0)
    error = fields.TextField(default="")
    automated = fields.BooleanField(default=True, db_default=True)  # Auto-Submitted header
    created_at = fields.DatetimeField(auto_now_add=True)
    claimed_at = fields.DatetimeField(null=True)
    sent_at = fields.DatetimeField(null=True)

    attachments: fields.ReverseRelation[MailAttachment]

    class Meta:
        table = "outbox_message"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class MailAttachment(Model):
    id = fields.IntField(primary_key=True)
    message: fields.ForeignKeyRelation[OutboxMessage] = fields.ForeignKeyField(
        "festival.OutboxMessage", related_name="attachments", on_delete=fields.CASCADE
    )
    filename = fields.CharField(max_length=200)
    content_type = fields.CharField(max_length=100)
    content: Any = fields.BinaryField()

    message_id: int

    class Meta:
        table = "mail_attachment"

    def __str__(self) -> str:
        return self.filename
