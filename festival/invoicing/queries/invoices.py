"""The invoices and credit notes of an event as the organiser's page, the attendee's manage
page and the finance exports read them."""

from __future__ import annotations

from datetime import date
from typing import Any

from festival import clock
from festival.invoicing.models import (
    CreditNote,
    Invoice,
    InvoiceLine,
    InvoiceSettings,
    InvoiceStatus,
    SellerDetails,
)


def is_overdue(invoice: Invoice, today: date) -> bool:
    """Open and past its due date."""
    return invoice.status == InvoiceStatus.OPEN and invoice.due_on < today


def state_of(invoice: Invoice, today: date) -> str:
    """The state a list shows and filters on: overdue, open, paid or credited."""
    return "overdue" if is_overdue(invoice, today) else invoice.status.value


async def invoices_of_event(
    event_id: int, *, today: date, state: str = "all"
) -> list[dict[str, Any]]:
    """The event's invoices, newest first, each with its state; `state` keeps one state
    (`open` includes overdue ones)."""
    rows = []
    for invoice in await Invoice.filter(event_id=event_id).order_by("-issued_at", "-id"):
        shown = state_of(invoice, today)
        if state != "all" and shown != state and not (state == "open" and shown == "overdue"):
            continue
        rows.append(
            {
                "id": invoice.id,
                "number": invoice.number,
                "registration_id": invoice.registration_id,
                "buyer": invoice.buyer.get("name", ""),
                "reference": invoice.buyer.get("reference", ""),
                "email": invoice.buyer.get("email", ""),
                "issued_at": invoice.issued_at,
                "due_on": invoice.due_on,
                "paid_on": invoice.paid_on,
                "state": shown,
                "total_cents": invoice.total_cents,
                "credited_cents": invoice.credited_cents,
                "open_cents": invoice.open_cents if invoice.status == InvoiceStatus.OPEN else 0,
            }
        )
    return rows


async def state_counts(event_id: int, *, today: date) -> dict[str, int]:
    counts = {"open": 0, "overdue": 0, "paid": 0, "credited": 0}
    for invoice in await Invoice.filter(event_id=event_id):
        counts[state_of(invoice, today)] += 1
    return counts


async def invoice_of_registration(registration_id: int) -> Invoice | None:
    return await Invoice.get_or_none(registration_id=registration_id)


async def credit_notes_of_registration(registration_id: int) -> list[CreditNote]:
    return list(
        await CreditNote.filter(registration_id=registration_id).order_by("issued_at", "id")
    )


async def totals_per_ticket_type(event_id: int) -> list[dict[str, Any]]:
    """Invoiced per line description (the ticket type) and VAT rate: quantity, total, VAT and
    net; credited per VAT rate as rows of their own."""
    sums: dict[tuple[str, int], list[int]] = {}
    lines = await InvoiceLine.filter(invoice__event_id=event_id).order_by("description", "vat_rate")
    for line in lines:
        row = sums.setdefault((line.description, line.vat_rate), [0, 0, 0])
        row[0] += line.quantity
        row[1] += line.total_cents
        row[2] += line.vat_cents
    out = [
        {
            "label": label,
            "kind": "invoice",
            "vat_rate": rate,
            "quantity": q,
            "total_cents": t,
            "vat_cents": v,
            "net_cents": t - v,
        }
        for (label, rate), (q, t, v) in sums.items()
    ]
    credited: dict[int, list[int]] = {}
    for note in await CreditNote.filter(event_id=event_id):
        for part in note.vat_lines:
            row = credited.setdefault(int(part["rate"]), [0, 0])
            row[0] += int(part["total_cents"])
            row[1] += int(part["vat_cents"])
    out += [
        {
            "label": "",
            "kind": "credit_note",
            "vat_rate": rate,
            "quantity": 0,
            "total_cents": -t,
            "vat_cents": -v,
            "net_cents": -(t - v),
        }
        for rate, (t, v) in sorted(credited.items(), reverse=True)
    ]
    return out


async def finance_rows(event_id: int) -> list[list[Any]]:
    """One row per invoice line and per credit note part, in number order, for the finance
    department's CSV and XLSX."""
    rows: list[list[Any]] = []
    invoices = await Invoice.filter(event_id=event_id).order_by("number").prefetch_related("lines")
    for invoice in invoices:
        for line in invoice.lines:
            rows.append(
                [
                    "factuur",
                    invoice.number,
                    invoice.issued_at.date(),
                    invoice.due_on,
                    invoice.status.value,
                    invoice.paid_on,
                    invoice.buyer.get("name", ""),
                    invoice.buyer.get("reference", ""),
                    line.description,
                    line.quantity,
                    line.vat_rate,
                    line.total_cents - line.vat_cents,
                    line.vat_cents,
                    line.total_cents,
                    invoice.payment_reference,
                ]
            )
    notes = (
        await CreditNote.filter(event_id=event_id).order_by("number").prefetch_related("invoice")
    )
    for note in notes:
        for part in note.vat_lines:
            total, vat = -int(part["total_cents"]), -int(part["vat_cents"])
            rows.append(
                [
                    "creditnota",
                    note.number,
                    note.issued_at.date(),
                    None,
                    "",
                    None,
                    note.buyer.get("name", ""),
                    note.reference,
                    note.reason or note.invoice.number,
                    0,
                    int(part["rate"]),
                    total - vat,
                    vat,
                    total,
                    note.invoice.number,
                ]
            )
    return rows


def local_today(timezone: str) -> date:
    return clock.to_local(clock.now(), timezone).date()


async def invoices_page(event_id: int, *, timezone: str, state: str = "all") -> dict[str, Any]:
    """Everything the organiser's invoices page shows: the list (filtered), counts per state,
    totals per ticket type and VAT rate, credit notes, the invoices that can still be
    credited, the payment term and seller."""
    today = local_today(timezone)
    settings = await InvoiceSettings.get_or_none(event_id=event_id)
    notes = (
        await CreditNote.filter(event_id=event_id)
        .order_by("-issued_at", "-id")
        .prefetch_related("invoice")
    )
    return {
        "today": today,
        "state": state,
        "invoices": await invoices_of_event(event_id, today=today, state=state),
        "counts": await state_counts(event_id, today=today),
        "totals": await totals_per_ticket_type(event_id),
        "credit_notes": [
            {
                "id": n.id,
                "number": n.number,
                "invoice_number": n.invoice.number,
                "issued_at": n.issued_at,
                "amount_cents": n.amount_cents,
                "reason": n.reason,
            }
            for n in notes
        ],
        "creditable": [
            {
                "id": i.id,
                "number": i.number,
                "buyer": i.buyer.get("name", ""),
                "left_cents": i.open_cents,
            }
            for i in await Invoice.filter(
                event_id=event_id, status__not=InvoiceStatus.CREDITED
            ).order_by("-issued_at", "-id")
            if i.open_cents > 0
        ],
        "payment_term_days": settings.payment_term_days if settings else 30,
    }


async def seller_of(organisation_id: int) -> SellerDetails | None:
    return await SellerDetails.get_or_none(organisation_id=organisation_id)
