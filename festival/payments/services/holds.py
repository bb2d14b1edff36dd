"""Holds: a registration waiting for payment keeps its ticket and seats for the event's hold
time; the sweep ends unpaid holds (Stripe session expired first, so it cannot be paid any
more), cancels the registration through registration's cancel path and tells the attendee."""

from __future__ import annotations

import logging
from datetime import datetime

from tortoise.transactions import in_transaction

from festival import audit, clock, jobs
from festival.payments.models import Payment, PaymentSettings, PaymentStatus
from festival.payments.services import options, settle, stripe_api
from festival.payments.services.stripe_api import StripeConfig, StripeUnavailable
from festival.registration import queries as registration_queries
from festival.registration import services as registration

log = logging.getLogger("festival.payments")


async def expire_holds(*, config: StripeConfig) -> int:
    """Periodic sweep: end every hold that has passed unpaid. A payment the bank still
    processes keeps its hold. Returns how many registrations were cancelled."""
    now = clock.now()
    settings: dict[int, PaymentSettings] = {}
    ended = 0
    for row in await registration_queries.registrations_awaiting_payment():
        payments = await Payment.filter(registration_id=row["id"])
        if any(p.status in (PaymentStatus.PROCESSING, PaymentStatus.PAID) for p in payments):
            continue
        if payments:
            hold: datetime = min(p.hold_expires_at for p in payments)
        elif row["requires_approval"]:
            continue  # approved later: its hold starts when its checkout does
        else:
            if row["event_id"] not in settings:
                settings[row["event_id"]] = await options.payment_settings(row["event_id"])
            hold = options.hold_end(settings[row["event_id"]], row["created_at"])
        if hold <= now and await end_hold(row["id"], config=config):
            ended += 1
    return ended


async def end_hold(registration_id: int, *, config: StripeConfig) -> bool:
    """End one registration's hold: its open Stripe sessions expire (one paid meanwhile
    settles instead), its open payments become expired, the registration is cancelled and
    the attendee gets a mail. False when it turned out paid or was no longer waiting."""
    for payment in await Payment.filter(
        registration_id=registration_id,
        status=PaymentStatus.OPEN,
        checkout_session_id__not_isnull=True,
    ):
        await _close_session(payment, config=config)
    async with in_transaction():
        for payment in await Payment.filter(
            registration_id=registration_id, status=PaymentStatus.OPEN
        ):
            rows = await Payment.filter(id=payment.id, status=PaymentStatus.OPEN).update(
                status=PaymentStatus.EXPIRED
            )
            if rows:
                await audit.record(audit.SYSTEM, "payment.hold_expired", payment)
    if await Payment.filter(
        registration_id=registration_id,
        status__in=[PaymentStatus.PAID, PaymentStatus.PROCESSING],
    ).exists():
        return False
    if not await registration.cancel_unpaid(registration_id, actor=audit.SYSTEM):
        return False
    await jobs.enqueue(
        "send_hold_expired",
        registration_id=registration_id,
        _job_id=f"hold-expired-{registration_id}",
    )
    return True


async def _close_session(payment: Payment, *, config: StripeConfig) -> None:
    """Expire the session at Stripe; when that is refused (paid or expired already), read it
    and settle what it says."""
    session_id = str(payment.checkout_session_id)
    try:
        session = await stripe_api.expire_checkout(config, session_id)
    except StripeUnavailable:
        try:
            session = await stripe_api.retrieve_checkout(config, session_id)
        except StripeUnavailable:
            log.warning("hold of payment %s: Stripe unavailable, ending it here", payment.id)
            return
    await settle.apply_session(session, config=config)
