"""Issuing invoices and credit notes: the public services the payments area and the
pay-on-invoice registration call. Each writes its document, its number and its audit record in
one transaction."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.accounts.models import Organisation
from festival.audit import Actor
from festival.errors import Conflict, NotFound, ValidationError
from festival.events.models import Event
from festival.i18n import _
from festival.invoicing.models import (
    BillingDetails,
    CreditNote,
    Invoice,
    InvoiceLine,
    InvoiceSettings,
    InvoiceStatus,
    SellerDetails,
    SeriesKind,
)
from festival.invoicing.services.amounts import VatLine, per_rate, split_credit, vat_in
from festival.invoicing.services.numbers import next_number
from festival.registration import queries as registrations

DEFAULT_TERM_DAYS = 30


async def issue_invoice(
    registration_id: int, *, paid: bool, payment_reference: str = "", actor: Actor
) -> Invoice:
    """The registration's invoice: one line per ticket type (active attendees x price, the
    ticket type's VAT rate). Paid at once for an online payment, else open with the event's
    payment term. Idempotent: a second call returns the first invoice. Side effects: a number
    of the organisation's series, audit `invoice.issued`. Raises NotFound."""
    existing = await Invoice.get_or_none(registration_id=registration_id)
    if existing is not None:
        return existing
    basis = await registrations.invoice_basis(registration_id)
    if basis is None:
        raise NotFound("registration_not_found", _("Deze aanmelding bestaat niet."))
    event = await Event.get(id=basis["event_id"])
    try:
        async with in_transaction():
            return await _write_invoice(
                basis, event, paid=paid, payment_reference=payment_reference, actor=actor
            )
    except IntegrityError:
        # a concurrent call wrote it first (unique registration); its number stays, ours rolls back
        return await Invoice.get(registration_id=registration_id)


async def _write_invoice(
    basis: dict[str, Any], event: Event, *, paid: bool, payment_reference: str, actor: Actor
) -> Invoice:
    now = clock.now()
    today = clock.to_local(now, event.timezone).date()
    ticket_type = basis["ticket_type"]
    quantity, unit, rate = basis["attendees"], ticket_type["price_cents"], ticket_type["vat_rate"]
    total = quantity * unit
    invoice = await Invoice.create(
        organisation_id=event.organisation_id,
        event_id=event.id,
        registration_id=basis["id"],
        number=await next_number(event.organisation_id, SeriesKind.INVOICE, today.year),
        issued_at=now,
        due_on=today + timedelta(days=await payment_term_days(event.id)),
        status=InvoiceStatus.PAID if paid else InvoiceStatus.OPEN,
        paid_on=today if paid else None,
        payment_reference=payment_reference[:200],
        seller=await seller_snapshot(event.organisation_id),
        buyer=await _buyer(basis),
        total_cents=total,
        vat_cents=vat_in(total, rate),
    )
    await InvoiceLine.create(
        invoice=invoice,
        position=0,
        description=f"{event.name}: {ticket_type['name']}"[:300],
        quantity=quantity,
        unit_cents=unit,
        vat_rate=rate,
        total_cents=total,
        vat_cents=invoice.vat_cents,
    )
    await audit.record(
        actor,
        "invoice.issued",
        invoice,
        number=invoice.number,
        registration_id=basis["id"],
        total_cents=total,
        paid=paid,
    )
    return invoice


async def payment_term_days(event_id: int) -> int:
    found = await InvoiceSettings.get_or_none(event_id=event_id)
    return found.payment_term_days if found is not None else DEFAULT_TERM_DAYS


async def seller_snapshot(organisation_id: int) -> dict[str, str]:
    """The seller as printed on a document issued now (the organisation's name when no details
    were entered)."""
    details = await SellerDetails.get_or_none(organisation_id=organisation_id)
    if details is None:
        organisation = await Organisation.get_or_none(id=organisation_id)
        return {"legal_name": organisation.name if organisation else ""}
    return {
        "legal_name": details.legal_name,
        "address": details.address,
        "postcode": details.postcode,
        "city": details.city,
        "kvk_number": details.kvk_number,
        "vat_number": details.vat_number,
        "iban": details.iban,
        "email": details.email,
    }


async def _buyer(basis: dict[str, Any]) -> dict[str, str]:
    """The billing details given at registration, else the contact person."""
    billing = await BillingDetails.get_or_none(registration_id=basis["id"])
    if billing is None:
        return {"name": basis["contact_name"], "email": basis["contact_email"]}
    return {
        "name": billing.organisation_name,
        "attention": basis["contact_name"],
        "address": billing.address,
        "postcode": billing.postcode,
        "city": billing.city,
        "reference": billing.reference,
        "email": billing.invoice_email,
    }


async def invoice_vat_lines(invoice: Invoice) -> list[VatLine]:
    lines = await InvoiceLine.filter(invoice_id=invoice.id).order_by("position", "id")
    return per_rate((line.vat_rate, line.total_cents, line.vat_cents) for line in lines)


async def issue_credit_note(
    registration_id: int, *, amount_cents: int, reason: str, reference: str, actor: Actor
) -> CreditNote:
    """A credit note against the registration's invoice for a refund of `amount_cents`
    (including VAT, spread over the invoice's VAT rates). Idempotent per `reference` (the
    refund's id). Side effects: a number of the credit-note series, the invoice's credited
    amount (status credited when nothing is left), audit `invoice.credited`. Raises NotFound
    (no invoice), ValidationError (amount), Conflict (more than is left to credit)."""
    reference = reference.strip()[:200]
    if not reference:
        raise ValidationError("reference_required", _("Een creditnota heeft een kenmerk nodig."))
    invoice = await Invoice.get_or_none(registration_id=registration_id)
    if invoice is None:
        raise NotFound("invoice_not_found", _("Deze aanmelding heeft geen factuur."))
    existing = await CreditNote.get_or_none(
        organisation_id=invoice.organisation_id, reference=reference
    )
    if existing is not None:
        return existing
    if amount_cents <= 0:
        raise ValidationError("invalid_amount", _("Het bedrag moet groter zijn dan nul."))
    try:
        async with in_transaction():
            return await _write_credit_note(
                invoice.id,
                amount_cents=amount_cents,
                reason=reason,
                reference=reference,
                actor=actor,
            )
    except IntegrityError:
        return await CreditNote.get(organisation_id=invoice.organisation_id, reference=reference)


async def _write_credit_note(
    invoice_id: int, *, amount_cents: int, reason: str, reference: str, actor: Actor
) -> CreditNote:
    # Guard the credited amount in the database: two refunds at once never credit more
    # than the invoice.
    rows = await Invoice.filter(
        id=invoice_id, credited_cents__lte=F("total_cents") - amount_cents
    ).update(credited_cents=F("credited_cents") + amount_cents)
    if rows != 1:
        raise Conflict(
            "credit_too_large",
            _("Dit bedrag is meer dan er nog op de factuur staat."),
            {"amount_cents": _("Dit bedrag is meer dan er nog op de factuur staat.")},
        )
    invoice = await Invoice.get(id=invoice_id)
    event = await Event.get(id=invoice.event_id)
    now = clock.now()
    parts = split_credit(amount_cents, await invoice_vat_lines(invoice))
    note = await CreditNote.create(
        organisation_id=invoice.organisation_id,
        event_id=invoice.event_id,
        registration_id=invoice.registration_id,
        invoice=invoice,
        number=await next_number(
            invoice.organisation_id,
            SeriesKind.CREDIT_NOTE,
            clock.to_local(now, event.timezone).year,
        ),
        reference=reference,
        reason=reason.strip()[:300],
        issued_at=now,
        amount_cents=amount_cents,
        vat_cents=sum(p.vat_cents for p in parts),
        vat_lines=[p.as_dict() for p in parts],
        seller=invoice.seller,
        buyer=invoice.buyer,
    )
    if invoice.credited_cents >= invoice.total_cents:
        await Invoice.filter(id=invoice.id).update(status=InvoiceStatus.CREDITED)
    await audit.record(
        actor,
        "invoice.credited",
        invoice,
        number=note.number,
        invoice_number=invoice.number,
        amount_cents=amount_cents,
        reference=reference,
        reason=note.reason,
    )
    return note
