"""Settling a payment: what a Checkout Session at Stripe says (from a webhook or a read) or
an organiser's "paid by hand" does to the Payment and its registration. Every change is a
guarded update, so events arriving twice or in any order change things once."""

from __future__ import annotations

import logging
from typing import Any

from tortoise.transactions import in_transaction

from festival import audit, clock, jobs
from festival.audit import Actor
from festival.errors import Conflict
from festival.events.models import Event
from festival.i18n import _
from festival.invoicing import services as invoicing
from festival.payments.models import (
    ENDED_UNPAID,
    UNSETTLED,
    Payment,
    PaymentMethod,
    PaymentStatus,
)
from festival.payments.services.stripe_api import StripeConfig
from festival.registration import queries as registration_queries
from festival.registration import services as registration

log = logging.getLogger("festival.payments")
STRIPE = Actor("system", None, "stripe")
FAILED_EVENT = "checkout.session.async_payment_failed"


async def _invoice(payment: Payment, *, actor: Actor) -> None:
    """The paid invoice of the payment's registration (once: invoicing returns the first one on a
    second call). Issued before the registration is confirmed, so the confirmation mail that
    confirming queues finds it to attach."""
    reference = payment.payment_intent_id or f"payment-{payment.id}"
    await invoicing.issue_invoice(
        payment.registration_id, paid=True, payment_reference=reference, actor=actor
    )


async def apply_session(session: Any, *, config: StripeConfig, event_type: str = "") -> str:
    """Bring the session's Payment in line with the Checkout Session at Stripe. Returns what
    happened: `paid`, `processing`, `failed`, `expired` or `unchanged`."""
    payment = await Payment.get_or_none(checkout_session_id=session["id"])
    if payment is None:
        log.warning("Checkout Session %s belongs to no payment here", session["id"])
        return "unchanged"
    paid = session.get("payment_status") == "paid"
    if event_type == FAILED_EVENT and not paid:
        moved = await _move(payment, UNSETTLED, PaymentStatus.FAILED, "payment.failed")
        return "failed" if moved else "unchanged"
    if session.get("status") == "complete" and paid:
        intent = session.get("payment_intent")
        method = _method(session)
        moved = await settle_paid(payment, intent_id=intent, method=method, actor=STRIPE)
        return "paid" if moved else "unchanged"
    if session.get("status") == "complete":
        moved = await _move(
            payment, (PaymentStatus.OPEN,), PaymentStatus.PROCESSING, "payment.processing"
        )
        return "processing" if moved else "unchanged"
    if session.get("status") == "expired":
        moved = await _move(
            payment, (PaymentStatus.OPEN,), PaymentStatus.EXPIRED, "payment.expired"
        )
        return "expired" if moved else "unchanged"
    return "unchanged"


def _method(session: Any) -> str:
    types = session.get("payment_method_types") or []
    return str(types[0]) if len(types) == 1 else ""


async def _move(
    payment: Payment, sources: tuple[PaymentStatus, ...], target: PaymentStatus, action: str
) -> bool:
    async with in_transaction():
        rows = await Payment.filter(id=payment.id, status__in=list(sources)).update(status=target)
        if rows == 1:
            await audit.record(STRIPE, action, payment)
    return rows == 1


async def settle_paid(
    payment: Payment, *, intent_id: str | None, method: str, actor: Actor
) -> bool:
    """The money for `payment` came in. A waiting registration is confirmed (tickets and the
    confirmation mail once); one whose hold ended is booked again if its seats are free, else
    the payment is refunded by a job and the attendee told. Side effects: audit
    `payment.paid`, registration's services, jobs. False when it was settled already."""
    old = None
    for _attempt in range(3):  # the status may move under us (the hold sweep): read again
        current = await Payment.get(id=payment.id)
        if current.status not in (*UNSETTLED, *ENDED_UNPAID):
            return False
        async with in_transaction():
            rows = await Payment.filter(id=payment.id, status=current.status).update(
                status=PaymentStatus.PAID,
                paid_at=clock.now(),
                payment_intent_id=intent_id,
                method=method or current.method,
            )
            if rows == 1:
                old = current.status
                await audit.record(actor, "payment.paid", current, previous=old.value)
                break
    if old is None:
        return False
    paid = await Payment.get(id=payment.id)
    await _book_for(paid, was=old)
    return True


async def _book_for(payment: Payment, *, was: PaymentStatus) -> None:
    """Confirm, book again, or refund: what the paid money means for its registration."""
    found = await registration.get_registration_by_id(payment.registration_id)
    if found is None:
        return
    if found.status == "pending_payment":
        await _invoice(payment, actor=STRIPE)
        if await registration.confirm_payment(found.id, actor=STRIPE):
            return
        found = await registration.get_registration(found.code)  # it changed meanwhile
    if found.status == "cancelled" and was in ENDED_UNPAID:
        if await registration.rebook_paid(found.id, actor=STRIPE):
            # (booked again after its hold ended: the invoice follows its confirmation mail)
            await _invoice(payment, actor=STRIPE)
            return
        reason = "late_payment_no_seats"
    elif found.status == "confirmed":
        reason = "paid_twice"
    else:
        reason = "registration_cancelled"
    log.info("payment %s is refunded in full: %s", payment.id, reason)
    await jobs.enqueue(
        "refund_payment_in_full",
        payment_id=payment.id,
        reason=reason,
        _job_id=f"refund-in-full-{payment.id}",
    )


async def mark_paid_by_hand(event: Event, code: str, *, actor: Actor) -> Payment:
    """An organiser took the money at the desk: a paid Payment (method manual) and the
    registration confirmed. Side effects: audit `payment.marked_paid`, registration's
    confirmation. Raises Conflict when the registration does not wait for payment."""
    found = await registration.get_registration(code, event_id=event.id)
    if found.status != "pending_payment":
        raise Conflict("not_awaiting_payment", _("Deze aanmelding hoeft niet betaald te worden."))
    details = await registration_queries.registration_details(found)
    now = clock.now()
    async with in_transaction():
        payment = await Payment.create(
            registration_id=found.id,
            event_id=event.id,
            amount_cents=details["ticket_type"]["price_cents"] * details["active_attendees"],
            quantity=details["active_attendees"],
            status=PaymentStatus.PAID,
            method=PaymentMethod.MANUAL.value,
            hold_expires_at=now,
            paid_at=now,
            created_at=now,
        )
        await audit.record(
            actor, "payment.marked_paid", payment, registration=code, amount=payment.amount_cents
        )
    await _invoice(payment, actor=actor)
    await registration.confirm_payment(found.id, actor=actor)
    return payment
