"""Mailing an invoice to the buyer's invoice address (an organiser asks for it; the contact
person already got it with the confirmation)."""

from __future__ import annotations

import logging

from tortoise.transactions import in_transaction

from festival import audit, jobs
from festival.audit import Actor
from festival.errors import Conflict
from festival.events.models import Event
from festival.i18n import _
from festival.invoicing.models import Invoice, InvoiceStatus
from festival.invoicing.services.documents import PDF_TYPE, file_name, invoice_pdf
from festival.mail import services as mail

log = logging.getLogger("festival.invoicing")


async def queue_invoice_mail(invoice: Invoice, *, actor: Actor) -> None:
    """Mail the invoice to the buyer's address, after the audit record commits. Side effects:
    audit `invoice.mailed`, the send_invoice job. Raises Conflict when it has no address."""
    if not invoice.buyer.get("email"):
        raise Conflict("no_invoice_address", _("Deze factuur heeft geen e-mailadres."))
    async with in_transaction():
        await audit.record(
            actor, "invoice.mailed", invoice, number=invoice.number, to=invoice.buyer["email"]
        )
    await jobs.enqueue("send_invoice", invoice_id=invoice.id)


async def send_invoice_mail(invoice_id: int, *, base_url: str) -> bool:
    """Store and send the mail with the invoice PDF; False when the invoice is gone."""
    invoice = await Invoice.get_or_none(id=invoice_id)
    if invoice is None:
        log.info("invoice %s is gone: no mail", invoice_id)
        return False
    event = await Event.get(id=invoice.event_id)
    await mail.queue_mail(
        invoice.buyer["email"],
        template="invoicing/invoice",
        context={
            "event_name": event.name,
            "contact_email": invoice.seller.get("email") or event.contact_email,
            "number": invoice.number,
            "buyer": invoice.buyer.get("name", ""),
            "seller": invoice.seller.get("legal_name", ""),
            "is_open": invoice.status == InvoiceStatus.OPEN,
            "total_cents": invoice.open_cents,
            "due_on": invoice.due_on,
            "base_url": base_url,
        },
        event_id=event.id,
        attachments=[(file_name(invoice.number), PDF_TYPE, await invoice_pdf(invoice))],
    )
    return True
