"""The Stripe webhook: a verified event is handled once (its id is stored), in any order:
Checkout Sessions completed, paid later, failed or expired, and refunds."""

from __future__ import annotations

import logging
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.payments.models import MONEY_IN, Payment, Refund, RefundStatus, WebhookEvent
from festival.payments.services import refunds, settle, stripe_api
from festival.payments.services.stripe_api import StripeConfig

log = logging.getLogger("festival.payments")

SESSION_EVENTS = frozenset(
    {
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.async_payment_failed",
        "checkout.session.expired",
    }
)
REFUND_EVENTS = frozenset({"refund.created", "refund.updated", "charge.refund.updated"})


async def handle_webhook(payload: bytes, signature: str | None, *, config: StripeConfig) -> str:
    """Verify and handle one Stripe event. Returns what happened (`duplicate` for an event
    seen before, `ignored` for a type festival does not use). Raises DomainError
    `bad_signature` (400, nothing changed). An error while handling forgets the event, so
    Stripe's retry handles it again."""
    event = stripe_api.verified_event(payload, signature, secret=config.webhook_secret)
    try:
        async with in_transaction():
            await WebhookEvent.create(
                stripe_event_id=event["id"], type=event["type"], received_at=clock.now()
            )
    except IntegrityError:
        return "duplicate"
    try:
        return await _dispatch(event["type"], event["data"]["object"], config=config)
    except Exception:
        await WebhookEvent.filter(stripe_event_id=event["id"]).delete()
        raise


async def _dispatch(kind: str, obj: Any, *, config: StripeConfig) -> str:
    if kind in SESSION_EVENTS:
        return await settle.apply_session(obj, config=config, event_type=kind)
    if kind == "charge.refunded":
        return await _charge_refunded(obj)
    if kind in REFUND_EVENTS:
        return await _refund_changed(obj)
    return "ignored"


async def _refund_changed(obj: Any) -> str:
    status = {"succeeded": RefundStatus.SUCCEEDED, "failed": RefundStatus.FAILED}.get(
        str(obj.get("status")), RefundStatus.PENDING
    )
    rows = await Refund.filter(stripe_refund_id=obj["id"]).update(status=status)
    return "refund_updated" if rows else "unchanged"


async def _charge_refunded(charge: Any) -> str:
    """Refunds made at Stripe itself (the dashboard) are recorded too; festival's own refunds
    were counted before Stripe was asked, so they are not counted twice."""
    for item in (charge.get("refunds") or {}).get("data") or []:
        await _refund_changed(item)
    payment = await Payment.get_or_none(payment_intent_id=charge.get("payment_intent"))
    if payment is None or payment.status not in MONEY_IN:
        return "unchanged"
    extra = int(charge.get("amount_refunded") or 0) - payment.refunded_cents
    if extra <= 0:
        return "unchanged"
    async with in_transaction():
        rows = await Payment.filter(id=payment.id, refunded_cents=payment.refunded_cents).update(
            refunded_cents=payment.refunded_cents + extra
        )
        if rows != 1:
            return "unchanged"
        refund = await Refund.create(
            payment_id=payment.id,
            event_id=payment.event_id,
            amount_cents=extra,
            reason="refunded_at_stripe",
            actor="stripe",
            status=RefundStatus.SUCCEEDED,
            created_at=clock.now(),
        )
        await refunds.set_refund_status(payment.id)
        await audit.record(settle.STRIPE, "payment.refunded", payment, amount_cents=extra)
    await refunds.after_refund(refund)
    return "refunded"
