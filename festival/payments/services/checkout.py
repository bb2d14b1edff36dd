"""Checkout: send a registration that waits for payment to Stripe Checkout (one Stripe call),
and tell the return page how its payment stands."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.audit import Actor
from festival.errors import Conflict
from festival.events.models import Event
from festival.i18n import _
from festival.payments.models import UNSETTLED, Payment, PaymentStatus
from festival.payments.services import options, settle, stripe_api
from festival.payments.services.stripe_api import StripeConfig, StripeUnavailable
from festival.registration import queries as registration_queries
from festival.registration import services as registration

log = logging.getLogger("festival.payments")

# Stripe refuses a Checkout Session that ends sooner than 30 minutes after it is made: a
# shorter hold still ends on time, because the hold sweep expires the session itself.
STRIPE_MIN_LIFETIME = timedelta(minutes=31)


async def start_checkout(event: Event, code: str, *, return_url: str, config: StripeConfig) -> str:
    """The Stripe Checkout address for the registration `code`: its open session while the
    hold lasts, else a new session (one Stripe call) for the ticket type times the active
    attendees. Side effects: a Payment row, audit `payment.checkout_started`. Raises Conflict
    (not waiting for payment, already paid, hold ended) or StripeUnavailable (the
    registration is kept, the attendee can try again)."""
    found = await registration.get_registration(code, event_id=event.id)
    now = clock.now()
    payments = await Payment.filter(registration_id=found.id).order_by("created_at", "id")
    _check_can_pay(found.status, payments, configured=bool(config.secret_key))
    settings = await options.payment_settings(event.id)
    hold = payments[0].hold_expires_at if payments else options.hold_end(settings, now)
    if hold <= now:
        raise Conflict("hold_expired", _("De tijd om te betalen is voorbij."))
    current = next(
        (p for p in reversed(payments) if p.status == PaymentStatus.OPEN and p.checkout_url),
        None,
    )
    if current is not None:
        return current.checkout_url
    details = await registration_queries.registration_details(found)
    payment = await Payment.create(
        registration_id=found.id,
        event_id=event.id,
        amount_cents=details["ticket_type"]["price_cents"] * details["active_attendees"],
        quantity=details["active_attendees"],
        hold_expires_at=hold,
        created_at=now,
    )
    params = _session_params(
        details, payment, methods=list(settings.methods), return_url=return_url, now=now
    )
    return await _open_session(payment, params, contact=found.contact_email, config=config)


def _check_can_pay(status: str, payments: list[Payment], *, configured: bool) -> None:
    if not configured:
        raise StripeUnavailable(
            "stripe_not_configured", _("Online betalen is nog niet ingesteld voor dit evenement.")
        )
    if status != "pending_payment":
        raise Conflict("not_awaiting_payment", _("Deze aanmelding hoeft niet betaald te worden."))
    if any(p.status == PaymentStatus.PROCESSING for p in payments):
        raise Conflict(
            "payment_processing", _("Uw betaling wordt nog verwerkt door de bank. Even geduld.")
        )


async def _open_session(
    payment: Payment, params: dict[str, Any], *, contact: str, config: StripeConfig
) -> str:
    """The one Stripe call of a checkout; a refusal marks the attempt failed (the hold stays)."""
    try:
        session = await stripe_api.create_checkout(
            config, params, key=f"festival-checkout-{payment.id}"
        )
    except StripeUnavailable:
        await Payment.filter(id=payment.id).update(status=PaymentStatus.FAILED)
        log.warning("checkout of payment %s: Stripe unavailable", payment.id)
        raise
    async with in_transaction():
        await Payment.filter(id=payment.id).update(
            checkout_session_id=session["id"], checkout_url=session["url"]
        )
        await audit.record(
            Actor("attendee", None, contact),
            "payment.checkout_started",
            payment,
            registration=params["client_reference_id"],
            amount_cents=payment.amount_cents,
        )
    return str(session["url"])


def _session_params(
    details: dict[str, Any], payment: Payment, *, methods: list[str], return_url: str, now: Any
) -> dict[str, Any]:
    expires = max(payment.hold_expires_at, now + STRIPE_MIN_LIFETIME)
    separator = "&" if "?" in return_url else "?"
    return {
        "mode": "payment",
        "payment_method_types": methods,
        "line_items": [
            {
                "quantity": payment.quantity,
                "price_data": {
                    "currency": payment.currency,
                    "unit_amount": details["ticket_type"]["price_cents"],
                    "product_data": {"name": details["ticket_type"]["name"]},
                },
            }
        ],
        "customer_email": details["contact_email"],
        "client_reference_id": details["code"],
        "metadata": {"registration": details["code"], "payment": str(payment.id)},
        "payment_intent_data": {"metadata": {"registration": details["code"]}},
        "success_url": f"{return_url}{separator}session_id={{CHECKOUT_SESSION_ID}}",
        "cancel_url": f"{return_url}{separator}cancelled=1",
        "expires_at": int(expires.timestamp()),
        "locale": "nl",
    }


async def payment_state(event: Event, code: str, *, config: StripeConfig) -> dict[str, Any]:
    """What the return page shows: `paid`, `processing`, `open` (not paid yet), `failed`,
    `expired` or `cancelled`, and whether a new checkout may start. Never `paid` before the
    webhook or a read of the session at Stripe confirmed it."""
    found = await registration.get_registration(code, event_id=event.id)
    latest = await Payment.filter(registration_id=found.id).order_by("-created_at", "-id").first()
    if latest is not None and latest.status in UNSETTLED and latest.checkout_session_id:
        await _confirm_at_stripe(latest, config=config)
        await latest.refresh_from_db()
        found = await registration.get_registration(code, event_id=event.id)
    state = _state(found.status, latest)
    now = clock.now()
    holding = latest is None or latest.hold_expires_at > now
    return {
        "state": state,
        "registration_status": found.status.value,
        "can_retry": found.status == "pending_payment" and holding and state != "processing",
        "amount_cents": latest.amount_cents if latest else 0,
        "hold_expires_at": latest.hold_expires_at if latest else None,
    }


def _state(registration_status: str, latest: Payment | None) -> str:
    if registration_status == "confirmed":
        return "paid"
    if registration_status == "cancelled":
        return "cancelled"
    if latest is None:
        return "open"
    if latest.status in (PaymentStatus.PAID, PaymentStatus.PROCESSING):
        return latest.status.value
    if latest.status in (PaymentStatus.EXPIRED, PaymentStatus.FAILED):
        return latest.status.value
    return "open"


async def _confirm_at_stripe(payment: Payment, *, config: StripeConfig) -> None:
    """Read the session at Stripe: a paid one settles now (the webhook may come later)."""
    try:
        session = await stripe_api.retrieve_checkout(config, str(payment.checkout_session_id))
    except StripeUnavailable:
        return
    await settle.apply_session(session, config=config)
