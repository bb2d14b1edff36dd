"""The organiser's payments overview: per registration of a priced ticket type its latest
payment, refunds, and totals per ticket type."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from festival.payments.models import MONEY_IN, Payment, Refund
from festival.registration import queries as registration_queries

EXPORT_HEADERS = (
    "registration",
    "contact_name",
    "contact_email",
    "ticket_type",
    "attendees",
    "registration_status",
    "payment_status",
    "method",
    "amount_eur",
    "refunded_eur",
    "paid_at",
)


async def payments_overview(event_id: int) -> dict[str, Any]:
    """Rows (one per registration of a priced ticket type, oldest first) and totals per ticket
    type: registrations, paid and refunded cents, and how many still wait for payment."""
    registrations = await registration_queries.priced_registrations(event_id)
    payments = await Payment.filter(event_id=event_id).order_by("created_at", "id")
    latest: dict[int, Payment] = {}
    paid: dict[int, Payment] = {}
    for payment in payments:
        latest[payment.registration_id] = payment
        if payment.status in MONEY_IN:
            paid[payment.registration_id] = payment
    refunds: dict[int, list[Refund]] = defaultdict(list)
    for refund in await Refund.filter(event_id=event_id).order_by("created_at", "id"):
        refunds[refund.payment_id].append(refund)
    rows = []
    totals: dict[str, dict[str, Any]] = {}
    for r in registrations:
        shown = paid.get(r["id"]) or latest.get(r["id"])
        row = {**r, "payment": _payment_row(shown, refunds) if shown else None}
        rows.append(row)
        total = totals.setdefault(
            r["ticket_type"],
            {
                "ticket_type": r["ticket_type"],
                "registrations": 0,
                "paid_cents": 0,
                "refunded_cents": 0,
                "waiting": 0,
            },
        )
        total["registrations"] += 1
        if r["id"] in paid:
            total["paid_cents"] += paid[r["id"]].amount_cents
            total["refunded_cents"] += paid[r["id"]].refunded_cents
        if r["status"] == "pending_payment":
            total["waiting"] += 1
    return {"rows": rows, "totals": list(totals.values())}


def _payment_row(payment: Payment, refunds: dict[int, list[Refund]]) -> dict[str, Any]:
    return {
        "id": payment.id,
        "status": payment.status.value,
        "amount_cents": payment.amount_cents,
        "refunded_cents": payment.refunded_cents,
        "refundable_cents": payment.amount_cents - payment.refunded_cents
        if payment.status in MONEY_IN
        else 0,
        "method": payment.method,
        "paid_at": payment.paid_at,
        "refunds": [
            {
                "amount_cents": f.amount_cents,
                "status": f.status.value,
                "reason": f.reason,
                "actor": f.actor,
                "created_at": f.created_at,
            }
            for f in refunds.get(payment.id, [])
        ],
    }


def _euros(cents: int) -> str:
    return f"{cents / 100:.2f}"


async def export_rows(event_id: int) -> list[dict[str, Any]]:
    """The overview as rows for CSV and Excel (amounts in euros with a point)."""
    overview = await payments_overview(event_id)
    out = []
    for row in overview["rows"]:
        payment = row["payment"] or {}
        out.append(
            {
                "registration": row["code"],
                "contact_name": row["contact_name"],
                "contact_email": row["contact_email"],
                "ticket_type": row["ticket_type"],
                "attendees": row["attendees"],
                "registration_status": row["status"],
                "payment_status": payment.get("status", ""),
                "method": payment.get("method", ""),
                "amount_eur": _euros(payment.get("amount_cents", 0)),
                "refunded_eur": _euros(payment.get("refunded_cents", 0)),
                "paid_at": payment["paid_at"].isoformat() if payment.get("paid_at") else "",
            }
        )
    return out
