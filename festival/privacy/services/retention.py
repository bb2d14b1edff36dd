"""Retention beyond attendees (registration's sweep anonymises those): survey invitations go
FEEDBACK_INVITATION_DAYS after an event's end, payment details once the event's retention
period has passed. Invoices stay seven years (bookkeeping law); so do the payments' amounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.events import queries as events
from festival.feedback import services as feedback
from festival.payments import services as payments
from festival.registration import services as registration

# Longer than the feedback sweep looks back (60 days), so no invitation is ever mailed twice.
FEEDBACK_INVITATION_DAYS = 90


@dataclass(frozen=True)
class SweepResult:
    feedback_invitations: int
    payments: int


async def sweep_retention(*, now: datetime | None = None) -> SweepResult:
    """The daily sweep: forget the survey invitations of events that ended more than
    FEEDBACK_INVITATION_DAYS ago and the payment details of events past their retention.
    Idempotent. Side effects: one transaction, audit `privacy.swept` with the counts."""
    now = now or clock.now()
    ended = await events.events_ended_before(now - timedelta(days=FEEDBACK_INVITATION_DAYS))
    due = [
        e
        for e in await events.events_ended_before(now)
        if registration.is_retention_due(e, now=now)
    ]
    async with in_transaction():
        invitations = await feedback.forget_invitations([e.id for e in ended])
        paid = await payments.forget_payment_details([e.id for e in due])
        if invitations or paid:
            await audit.record(
                audit.SYSTEM, "privacy.swept", None, feedback_invitations=invitations, payments=paid
            )
    return SweepResult(feedback_invitations=invitations, payments=paid)
