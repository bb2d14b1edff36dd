"""Access requests: the payments of a person's registrations (amounts, states, dates). They
hold no name or address, so an erasure keeps them; bookkeeping needs the figures."""

from __future__ import annotations

from typing import Any

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
