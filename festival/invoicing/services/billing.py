"""Pay on invoice at registration: the buyer's billing details are checked with the form and
stored in the register transaction, which then issues the open invoice. Registration sits
below invoicing, so these are handed to it when this module loads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from festival import clock, schemas
from festival.audit import Actor
from festival.invoicing.models import BillingDetails, CreditNote, Invoice, InvoiceLine
from festival.invoicing.schemas import BillingIn
from festival.invoicing.services.issuing import issue_credit_note, issue_invoice


def check_billing_details(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """The billing details as stored; raises ValidationError with a Dutch message per field."""
    return schemas.parse(BillingIn, dict(data or {})).model_dump()


async def store_billing_details(
    registration_id: int,
    details: dict[str, Any],
    *,
    event_id: int,
    confirmed: bool,
    actor: Actor,
) -> Invoice | None:
    """Inside the register transaction: the billing details, then (a confirmed registration)
    the open invoice with the event's payment term."""
    await BillingDetails.create(
        registration_id=registration_id, event_id=event_id, created_at=clock.now(), **details
    )
    if not confirmed:
        return None
    return await issue_invoice(registration_id, paid=False, actor=actor)


async def invoice_approved_registration(registration_id: int, *, actor: Actor) -> Invoice | None:
    """Inside the approve transaction: the open invoice of a pay-on-invoice registration that
    waited for approval (None when no billing details were given)."""
    if not await BillingDetails.exists(registration_id=registration_id):
        return None
    return await issue_invoice(registration_id, paid=False, actor=actor)


async def creditable_on_cancel(registration_id: int) -> bool:
    """Whether a cancellation of this registration is credited on its invoice (pay on
    invoice, invoice issued, something left to credit)."""
    if not await BillingDetails.exists(registration_id=registration_id):
        return False
    invoice = await Invoice.get_or_none(registration_id=registration_id)
    return invoice is not None and invoice.open_cents > 0


async def credit_cancellation(
    registration_id: int,
    *,
    attendees: int,
    whole: bool,
    percent: int,
    reference: str,
    actor: Actor,
) -> CreditNote | None:
    """A pay-on-invoice registration lost `attendees` people after its invoice was issued:
    a credit note for their share (the invoice's price per person) times `percent`; the whole
    registration at 100 % credits all that is still open. Online payments get their credit
    notes from their refunds instead, so None for them, for a registration without invoice,
    and when nothing is left to credit. Idempotent per `reference`."""
    if not await BillingDetails.exists(registration_id=registration_id):
        return None
    invoice = await Invoice.get_or_none(registration_id=registration_id)
    if invoice is None:
        return None
    line = await InvoiceLine.filter(invoice_id=invoice.id).order_by("position", "id").first()
    share = line.unit_cents if line is not None else 0
    amount = min(invoice.open_cents, share * attendees * percent // 100)
    if whole and percent == 100:
        amount = invoice.open_cents
    if amount <= 0:
        return None
    return await issue_credit_note(
        registration_id,
        amount_cents=amount,
        reason="Afmelding",  # printed on the credit note, which is in Dutch
        reference=reference,
        actor=actor,
    )


async def credit_by_hand(
    invoice: Invoice, *, amount_cents: int, reason: str, reference: str, actor: Actor
) -> CreditNote:
    """An organiser's credit note on one of the event's invoices (idempotent per form
    `reference`). For an online payment the money goes back by a refund on the payments page,
    which makes its own credit note; this one only lowers what is owed. Raises Conflict when
    more than is left, ValidationError (amount)."""
    return await issue_credit_note(
        invoice.registration_id,
        amount_cents=amount_cents,
        reason=reason,
        reference=f"hand-{reference}",
        actor=actor,
    )
