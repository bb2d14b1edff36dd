"""Refunds: by the event's policy when an attendee cancels through the manage link, by an
organiser (full or part), and in full for a payment that came too late. Each is a Refund row
and an audit record; Stripe sends the money back for online payments."""

from __future__ import annotations

import logging
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from festival import audit, clock, jobs
from festival.audit import Actor
from festival.errors import Conflict, NotFound, ValidationError
from festival.events.models import Event
from festival.i18n import _
from festival.invoicing import services as invoicing
from festival.payments.models import MONEY_IN, Payment, PaymentStatus, Refund, RefundStatus
from festival.payments.services import options, stripe_api
from festival.payments.services.stripe_api import StripeConfig, StripeUnavailable
from festival.registration import services as registration

log = logging.getLogger("festival.payments")


async def after_refund(refund: Refund) -> None:
    """Called once per refund that went through: a credit note against the registration's
    invoice (once per refund). A payment refunded before anything was sold (too late, no seats
    left) has no invoice, so no credit note either."""
    payment = await Payment.get(id=refund.payment_id)
    try:
        await invoicing.issue_credit_note(
            payment.registration_id,
            amount_cents=refund.amount_cents,
            reason=refund.reason,
            reference=f"refund-{refund.id}",
            actor=Actor("system", None, refund.actor or "payments"),
        )
    except NotFound:
        log.info("refund %s: no invoice of registration %s", refund.id, payment.registration_id)


async def get_payment(payment_id: int, *, event_id: int) -> Payment:
    found = await Payment.get_or_none(id=payment_id, event_id=event_id)
    if found is None:
        raise NotFound("payment_not_found", _("Deze betaling bestaat niet."))
    return found


async def refund_payment(
    payment: Payment, *, amount_cents: int, reason: str, actor: Actor, config: StripeConfig
) -> Refund:
    """Send `amount_cents` of a paid payment back (Stripe for online payments; by hand for
    cash). Side effects: Refund row, the payment's refunded total and status, audit
    `payment.refunded` (or `payment.refund_failed`), then after_refund. Raises
    ValidationError (amount) or Conflict (more than is left), StripeUnavailable."""
    if amount_cents < 1:
        message = _("Vul een bedrag groter dan nul in.")
        raise ValidationError("invalid_amount", message, {"amount": message})
    async with in_transaction():
        rows = await Payment.filter(
            id=payment.id,
            status__in=list(MONEY_IN),
            refunded_cents__lte=F("amount_cents") - amount_cents,
        ).update(refunded_cents=F("refunded_cents") + amount_cents)
        if rows != 1:
            message = _("Dit bedrag is hoger dan wat er nog terugbetaald kan worden.")
            raise Conflict("refund_too_large", message, {"amount": message})
        await set_refund_status(payment.id)
        refund = await Refund.create(
            payment_id=payment.id,
            event_id=payment.event_id,
            amount_cents=amount_cents,
            reason=reason[:300],
            # an attendee by kind only: this row outlives the retention of their address
            actor=(actor.kind if actor.kind == "attendee" else actor.label)[:200],
            created_at=clock.now(),
            status=RefundStatus.PENDING if payment.payment_intent_id else RefundStatus.SUCCEEDED,
        )
        await audit.record(
            actor, "payment.refunded", payment, amount_cents=amount_cents, reason=reason[:300]
        )
    if payment.payment_intent_id:
        await _refund_at_stripe(refund, payment, actor=actor, config=config)
    await after_refund(refund)
    await jobs.enqueue(
        "send_refund_notice", refund_id=refund.id, _job_id=f"refund-notice-{refund.id}"
    )
    return refund


async def _refund_at_stripe(
    refund: Refund, payment: Payment, *, actor: Actor, config: StripeConfig
) -> None:
    try:
        answer = await stripe_api.create_refund(
            config,
            payment_intent=str(payment.payment_intent_id),
            amount_cents=refund.amount_cents,
            key=f"festival-refund-{refund.id}",
        )
    except StripeUnavailable:
        async with in_transaction():
            await Refund.filter(id=refund.id).update(status=RefundStatus.FAILED)
            await Payment.filter(id=payment.id).update(
                refunded_cents=F("refunded_cents") - refund.amount_cents
            )
            await set_refund_status(payment.id)
            await audit.record(actor, "payment.refund_failed", payment, refund_id=refund.id)
        raise
    status = RefundStatus.SUCCEEDED if answer.get("status") == "succeeded" else RefundStatus.PENDING
    await Refund.filter(id=refund.id).update(stripe_refund_id=answer["id"], status=status)
    refund.stripe_refund_id, refund.status = answer["id"], status


async def set_refund_status(payment_id: int) -> None:
    payment = await Payment.get(id=payment_id)
    if payment.refunded_cents <= 0:
        status = PaymentStatus.PAID
    elif payment.refunded_cents >= payment.amount_cents:
        status = PaymentStatus.REFUNDED
    else:
        status = PaymentStatus.PARTLY_REFUNDED
    await Payment.filter(id=payment_id).update(status=status)


async def refund_in_full(payment_id: int, *, reason: str, config: StripeConfig) -> Refund | None:
    """Send back all that is left of a payment that cannot buy a place (too late and the
    seats gone, paid twice, registration cancelled). None when nothing is left."""
    payment = await Payment.get_or_none(id=payment_id)
    if payment is None or payment.status not in MONEY_IN:
        return None
    left = payment.amount_cents - payment.refunded_cents
    if left <= 0:
        return None
    return await refund_payment(
        payment, amount_cents=left, reason=reason, actor=audit.SYSTEM, config=config
    )


async def refund_cancelled_attendees(
    registration_id: int,
    *,
    attendees: int,
    whole: bool,
    actor: Actor,
    config: StripeConfig,
    full: bool = False,
    reference: str = "",
) -> Refund | None:
    """`attendees` people were cancelled: their share of the paid payment goes back, times the
    event's policy percentage when they cancelled themselves (through the manage link), in
    full when an organiser chose to refund (`full`). A pay-on-invoice registration gets a
    credit note on its invoice by the same rule instead (idempotent per `reference`). None when
    there is nothing to send back."""
    found = await registration.get_registration_by_id(registration_id)
    if found is None:
        return None
    event = await Event.get(id=found.event_id)
    percent = 100
    if not full:
        settings = await options.payment_settings(event.id)
        percent = options.refund_percent(settings, now=clock.now(), event_starts_at=event.starts_at)
    payment = (
        await Payment.filter(registration_id=registration_id, status__in=list(MONEY_IN))
        .order_by("-paid_at")
        .first()
    )
    if payment is None:
        await invoicing.credit_cancellation(
            registration_id,
            attendees=attendees,
            whole=whole,
            percent=percent,
            reference=reference or f"cancel-{registration_id}-{attendees}-{int(whole)}",
            actor=actor,
        )
        return None
    share = payment.amount_cents // max(payment.quantity, 1)
    left = payment.amount_cents - payment.refunded_cents
    amount = min(left, share * attendees * percent // 100)
    if whole and percent == 100:
        amount = left  # the cents a division by the group size left over go back too
    if amount <= 0:
        return None
    reason = "cancelled_by_organiser" if full else "cancelled_by_attendee"
    return await refund_payment(
        payment, amount_cents=amount, reason=reason, actor=actor, config=config
    )


async def queue_cancellation_refund(
    registration_id: int,
    *,
    attendee_ids: list[int],
    whole: bool,
    actor: Actor,
    refund: bool = False,
) -> None:
    """Registration's cancel listener. An attendee cancelled: the refund job applies the
    event's policy. An organiser cancelled and chose to refund: the job pays back (or credits)
    in full. A job: it needs Stripe, and retries when Stripe is away. The hold sweep and an
    organiser who did not choose to refund have nothing to send back."""
    by_attendee = actor.kind == "attendee"
    if not by_attendee and not refund:
        return
    if not await Payment.filter(
        registration_id=registration_id, status__in=list(MONEY_IN)
    ).exists() and not await invoicing.creditable_on_cancel(registration_id):
        return
    ids = "-".join(map(str, attendee_ids))
    await jobs.enqueue(
        "refund_cancellation",
        registration_id=registration_id,
        attendees=len(attendee_ids),
        whole=whole,
        actor=actor.label,
        by=actor.kind,
        by_id=actor.id,
        full=not by_attendee,
        reference=f"cancel-{registration_id}-{ids}",
        _job_id=f"refund-cancellation-{registration_id}-{ids}",
    )


def refund_rows(refunds: list[Refund]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "amount_cents": r.amount_cents,
            "status": r.status.value,
            "reason": r.reason,
            "actor": r.actor,
            "created_at": r.created_at,
        }
        for r in refunds
    ]


registration.on_cancel_with(queue_cancellation_refund)
