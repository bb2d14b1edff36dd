"""Access and erasure requests: a person's invoices and credit notes, and the billing details
they gave. Invoices are kept seven years (bookkeeping law) with the buyer as issued; on
erasure the billing details, a copy of the buyer, are dropped."""

from __future__ import annotations

from typing import Any

from festival.invoicing.models import BillingDetails, CreditNote, Invoice


async def personal_data(registration_ids: list[int]) -> dict[str, Any]:
    invoices = (
        await Invoice.filter(registration_id__in=registration_ids)
        .order_by("id")
        .values(
            "id",
            "registration_id",
            "event_id",
            "number",
            "issued_at",
            "status",
            "total_cents",
            "vat_cents",
            "credited_cents",
            "buyer",
        )
    )
    credit_notes = (
        await CreditNote.filter(invoice__registration_id__in=registration_ids)
        .order_by("id")
        .values("id", "number", "reason", "buyer", invoice="invoice__number")
    )
    billing = (
        await BillingDetails.filter(registration_id__in=registration_ids)
        .order_by("id")
        .values(
            "registration_id",
            "organisation_name",
            "address",
            "postcode",
            "city",
            "reference",
            "invoice_email",
            "created_at",
        )
    )
    return {"invoices": invoices, "credit_notes": credit_notes, "billing_details": billing}


async def erase_personal_data(
    registration_ids: list[int], event_ids: list[int], email: str
) -> dict[str, int]:
    """Drop the billing details of these registrations and those sent to this address (inside
    the caller's transaction). Issued invoices and credit notes stay as they are."""
    mine = await BillingDetails.filter(registration_id__in=registration_ids).delete()
    sent_to = await BillingDetails.filter(
        event_id__in=event_ids, invoice_email__iexact=email
    ).delete()
    return {
        "billing_details": mine + sent_to,
        "invoices_kept": await Invoice.filter(registration_id__in=registration_ids).count(),
    }
