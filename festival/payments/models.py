"""Payments: one Payment per checkout attempt of a registration, its refunds, the Stripe
events already handled (idempotency), and the payment settings per event."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class PaymentStatus(StrEnum):
    OPEN = "open"  # checkout started, nothing paid yet
    PROCESSING = "processing"  # the bank still confirms (iDEAL can take a moment)
    PAID = "paid"
    EXPIRED = "expired"
    FAILED = "failed"
    REFUNDED = "refunded"
    PARTLY_REFUNDED = "partly_refunded"


# Money has come in for these (a refund may have sent some of it back).
MONEY_IN = (PaymentStatus.PAID, PaymentStatus.PARTLY_REFUNDED, PaymentStatus.REFUNDED)
# Still waiting for the attendee or the bank.
UNSETTLED = (PaymentStatus.OPEN, PaymentStatus.PROCESSING)
# Over without money: a new checkout may follow while the hold lasts.
ENDED_UNPAID = (PaymentStatus.EXPIRED, PaymentStatus.FAILED)


class PaymentMethod(StrEnum):
    IDEAL = "ideal"
    CARD = "card"
    MANUAL = "manual"  # marked paid by hand (cash at the desk)


class RefundStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class RefundPolicy(StrEnum):
    FULL_UNTIL = "full_until"  # everything back until a date, nothing after
    PARTIAL = "partial"  # a fixed percentage back
    NONE = "none"


class Payment(Model):
    """One checkout attempt for a registration, or a payment marked by hand."""

    id = fields.IntField(primary_key=True)
    registration: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "festival.Registration", related_name="payments", on_delete=fields.CASCADE
    )
    event_id = fields.IntField(db_index=True)
    amount_cents = fields.IntField()
    quantity = fields.IntField(default=1)  # attendees paid for: the price of one is the share
    refunded_cents = fields.IntField(default=0)
    currency = fields.CharField(max_length=3, default="eur")
    status = fields.CharEnumField(PaymentStatus, max_length=20, default=PaymentStatus.OPEN)
    checkout_session_id = fields.CharField(max_length=255, null=True, unique=True)
    checkout_url = fields.TextField(default="")
    payment_intent_id = fields.CharField(max_length=255, null=True, db_index=True)
    method = fields.CharField(max_length=20, default="")
    hold_expires_at = fields.DatetimeField()
    paid_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    registration_id: int

    class Meta:
        table = "payment"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.amount_cents / 100:.2f} {self.currency} ({self.status})"


class Refund(Model):
    """Money sent back for a payment, by policy, by an organiser or for a late payment."""

    id = fields.IntField(primary_key=True)
    payment: fields.ForeignKeyRelation[Payment] = fields.ForeignKeyField(
        "festival.Payment", related_name="refunds", on_delete=fields.CASCADE
    )
    event_id = fields.IntField(db_index=True)
    amount_cents = fields.IntField()
    reason = fields.CharField(max_length=300, default="")
    actor = fields.CharField(max_length=200, default="")
    stripe_refund_id = fields.CharField(max_length=255, null=True, unique=True)
    status = fields.CharEnumField(RefundStatus, max_length=20, default=RefundStatus.PENDING)
    created_at = fields.DatetimeField()

    payment_id: int

    class Meta:
        table = "payment_refund"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.amount_cents / 100:.2f} ({self.status})"


class WebhookEvent(Model):
    """A Stripe event already handled: the same event twice changes nothing."""

    id = fields.IntField(primary_key=True)
    stripe_event_id = fields.CharField(max_length=255, unique=True)
    type = fields.CharField(max_length=100)
    received_at = fields.DatetimeField()

    class Meta:
        table = "payment_webhook_event"

    def __str__(self) -> str:
        return self.stripe_event_id


def default_methods() -> list[str]:
    return [PaymentMethod.IDEAL.value, PaymentMethod.CARD.value]


class PaymentSettings(Model):
    """How an event takes payments: methods, how long seats are held, the refund policy."""

    id = fields.IntField(primary_key=True)
    event: fields.OneToOneRelation[Any] = fields.OneToOneField(
        "festival.Event", related_name="payment_settings", on_delete=fields.CASCADE
    )
    methods: Any = fields.JSONField(default=default_methods)
    hold_minutes = fields.IntField(default=30)
    refund_policy = fields.CharEnumField(
        RefundPolicy, max_length=20, default=RefundPolicy.FULL_UNTIL
    )
    refund_until = fields.DatetimeField(null=True)  # FULL_UNTIL without a date: until the start
    refund_percent = fields.IntField(default=100)  # PARTIAL

    event_id: int

    class Meta:
        table = "payment_settings"

    def __str__(self) -> str:
        return f"payment settings of event {self.event_id}"
