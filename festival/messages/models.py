"""Messages: what organisers write to a group of their attendees, who got each one (one row per
address, so a retried job never mails twice), and the reminder the day before."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Audience(StrEnum):
    EVERYONE = "everyone"  # every active attendee of the event
    SESSION = "session"  # holding a seat in one session
    TICKET_TYPE = "ticket_type"
    WAITLIST = "waitlist"  # waiting for a seat in one session
    ACCESS_NEED = "access_need"


class MessageStatus(StrEnum):
    SENDING = "sending"  # the job is handing it to the outbox
    SENT = "sent"  # every recipient has an outbox row


class Message(Model):
    id = fields.IntField(primary_key=True)
    event_id = fields.IntField(db_index=True)
    audience = fields.CharEnumField(Audience, max_length=20)
    audience_value = fields.CharField(max_length=40, default="")  # session/ticket id, need
    audience_label = fields.CharField(max_length=300, default="")  # as shown when sent
    subject = fields.CharField(max_length=200)
    text = fields.TextField()
    subject_en = fields.CharField(max_length=200, default="")  # "": the Dutch text
    text_en = fields.TextField(default="")
    status = fields.CharEnumField(MessageStatus, max_length=20, default=MessageStatus.SENDING)
    recipients = fields.IntField(default=0)  # counted when the organiser sent it
    delivered = fields.IntField(default=0)  # outbox rows written so far
    author = fields.CharField(max_length=254, default="")
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "message"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class MessageDelivery(Model):
    """One address that got a message: the unique pair is what makes the fan-out idempotent."""

    id = fields.IntField(primary_key=True)
    message: fields.ForeignKeyRelation[Message] = fields.ForeignKeyField(
        "festival.Message", related_name="deliveries", on_delete=fields.CASCADE
    )
    email = fields.CharField(max_length=254)  # lower case
    outbox_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    message_id: int

    class Meta:
        table = "message_delivery"
        unique_together = (("message", "email"),)

    def __str__(self) -> str:
        return f"{self.message_id}:{self.email}"


class ReminderSetting(Model):
    """Per event: whether registrations get a reminder with their agenda the day before."""

    id = fields.IntField(primary_key=True)
    event_id = fields.IntField(unique=True)
    enabled = fields.BooleanField(default=False)

    class Meta:
        table = "reminder_setting"

    def __str__(self) -> str:
        return f"{self.event_id}:{'on' if self.enabled else 'off'}"


class ReminderDelivery(Model):
    """The reminder a registration got: at most one, whatever the sweep does twice."""

    id = fields.IntField(primary_key=True)
    registration_id = fields.IntField(unique=True)
    event_id = fields.IntField(db_index=True)
    outbox_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "reminder_delivery"

    def __str__(self) -> str:
        return f"{self.event_id}:{self.registration_id}"
