"""Access requests: the payments of a person's registrations (amounts, states, dates). They
hold no name or address, so an erasure keeps them; bookkeeping needs the figures."""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q

from festival.payments.models import Payment, Refund


async def personal_data(registration_ids: list[int]) -> dict[str, Any]:
    payments = (
        await Payment.filter(registration_id__in=registration_ids)
        .order_by("id")
        .values(
            "id",
            "registration_id",
            "event_id",
            "amount_cents",
            "refunded_cents",
            "currency",
            "status",
            "method",
            "paid_at",
            "created_at",
        )
    )
    refunds = (
        await Refund.filter(payment__registration_id__in=registration_ids)
        .order_by("id")
        .values("id", "payment_id", "amount_cents", "status", "reason", "created_at")
    )
    return {"payments": payments, "refunds": refunds}


async def erase_personal_data(event_ids: list[int], email: str) -> dict[str, int]:
    """A refund the person asked for names them as its actor: that label goes (inside the
    caller's transaction); amounts and states stay."""
    count = await Refund.filter(event_id__in=event_ids, actor__iexact=email).update(
        actor="geanonimiseerd"
    )
    return {"refund_actors": count}


async def forget_payment_details(event_ids: list[int]) -> int:
    """After an event's retention: drop what points into Stripe (checkout link and session,
    payment intent) and the method; amounts, states and dates stay for the figures, and the
    invoices (invoicing) are kept seven years. Inside the caller's transaction; idempotent."""
    found = Payment.filter(event_id__in=event_ids).filter(
        Q(checkout_url__not="")
        | Q(checkout_session_id__isnull=False)
        | Q(payment_intent_id__isnull=False)
        | Q(method__not="")
    )
    count = await found.update(
        checkout_url="", checkout_session_id=None, payment_intent_id=None, method=""
    )
    await Refund.filter(event_id__in=event_ids, actor__contains="@").update(actor="geanonimiseerd")
    return count
