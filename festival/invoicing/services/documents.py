"""Invoice and credit note PDFs (WeasyPrint, tagged PDF/UA-1, in Dutch): seller and buyer, the
number and dates, lines with their VAT, totals per VAT rate, and for an open invoice the term,
IBAN and the number to mention. Rendered from the stored document, so a PDF made again is the
same."""

from __future__ import annotations

from typing import Any

from festival import i18n, pdfs, templating
from festival.errors import NotFound
from festival.events.models import Event
from festival.i18n import _
from festival.invoicing.models import CreditNote, Invoice, InvoiceLine, InvoiceStatus
from festival.invoicing.services.amounts import VatLine, per_rate
from festival.mail.services import Attachment

PDF_TEMPLATE = "invoicing/document_pdf.html"
SELLER_KEYS = (
    "legal_name",
    "address",
    "postcode",
    "city",
    "kvk_number",
    "vat_number",
    "iban",
    "email",
)
BUYER_KEYS = ("name", "attention", "address", "postcode", "city", "reference", "email")


def _party(stored: dict[str, Any], keys: tuple[str, ...]) -> dict[str, str]:
    """A seller or buyer snapshot with every printed field (empty when it was not given)."""
    return {key: str(stored.get(key) or "") for key in keys}


PDF_TYPE = "application/pdf"


async def invoice_document(invoice: Invoice) -> dict[str, Any]:
    """Everything the invoice PDF prints, loaded."""
    event = await Event.get(id=invoice.event_id)
    lines = await InvoiceLine.filter(invoice_id=invoice.id).order_by("position", "id")
    return {
        "kind": "invoice",
        "title": _("Factuur"),
        "number": invoice.number,
        "issued_at": invoice.issued_at,
        "due_on": invoice.due_on,
        "paid_on": invoice.paid_on,
        "is_open": invoice.status == InvoiceStatus.OPEN,
        "status": invoice.status.value,
        "timezone": event.timezone,
        "event_name": event.name,
        "seller": _party(invoice.seller, SELLER_KEYS),
        "buyer": _party(invoice.buyer, BUYER_KEYS),
        "lines": [
            {
                "description": line.description,
                "quantity": line.quantity,
                "unit_cents": line.unit_cents,
                "vat_rate": line.vat_rate,
                "vat_cents": line.vat_cents,
                "total_cents": line.total_cents,
            }
            for line in lines
        ],
        "vat_lines": per_rate((x.vat_rate, x.total_cents, x.vat_cents) for x in lines),
        "total_cents": invoice.total_cents,
        "vat_cents": invoice.vat_cents,
        "net_cents": invoice.net_cents,
        "payment_reference": invoice.payment_reference,
        "invoice_number": invoice.number,
    }


async def credit_note_document(note: CreditNote) -> dict[str, Any]:
    """Everything the credit note PDF prints, loaded (amounts shown negative)."""
    event = await Event.get(id=note.event_id)
    invoice = await Invoice.get(id=note.invoice_id)
    parts = [
        VatLine(int(p["rate"]), -int(p["total_cents"]), -int(p["vat_cents"]))
        for p in note.vat_lines
    ]
    return {
        "kind": "credit_note",
        "title": _("Creditnota"),
        "number": note.number,
        "issued_at": note.issued_at,
        "due_on": None,
        "paid_on": None,
        "is_open": False,
        "status": "",
        "timezone": event.timezone,
        "event_name": event.name,
        "seller": _party(note.seller, SELLER_KEYS),
        "buyer": _party(note.buyer, BUYER_KEYS),
        "lines": [
            {
                "description": note.reason or _("Terugbetaling"),
                "quantity": 1,
                "unit_cents": p.total_cents,
                "vat_rate": p.rate,
                "vat_cents": p.vat_cents,
                "total_cents": p.total_cents,
            }
            for p in parts
        ],
        "vat_lines": parts,
        "total_cents": -note.amount_cents,
        "vat_cents": -note.vat_cents,
        "net_cents": -(note.amount_cents - note.vat_cents),
        "payment_reference": note.reference,
        "invoice_number": invoice.number,
    }


def render_pdf(document: dict[str, Any]) -> bytes:
    """A document as a tagged PDF/UA-1 in Dutch."""
    with i18n.language("nl"):
        html = templating.environment.get_template(PDF_TEMPLATE).render({"doc": document})
    return pdfs.from_html(html)


async def invoice_pdf(invoice: Invoice) -> bytes:
    with i18n.language("nl"):
        document = await invoice_document(invoice)
    return await pdfs.render(render_pdf, document)


async def credit_note_pdf(note: CreditNote) -> bytes:
    with i18n.language("nl"):
        document = await credit_note_document(note)
    return await pdfs.render(render_pdf, document)


def file_name(number: str, *, credit: bool = False) -> str:
    return f"{'creditnota' if credit else 'factuur'}-{number}.pdf"


async def confirmation_files(registration_id: int) -> list[Attachment]:
    """The invoice PDF a registration's confirmation mail carries (none without an invoice)."""
    invoice = await Invoice.get_or_none(registration_id=registration_id)
    if invoice is None:
        return []
    return [(file_name(invoice.number), PDF_TYPE, await invoice_pdf(invoice))]


async def get_invoice(event_id: int, invoice_id: int) -> Invoice:
    invoice = await Invoice.get_or_none(id=invoice_id, event_id=event_id)
    if invoice is None:
        raise NotFound("invoice_not_found", _("Deze factuur bestaat niet."))
    return invoice


async def get_credit_note(event_id: int, note_id: int) -> CreditNote:
    note = await CreditNote.get_or_none(id=note_id, event_id=event_id)
    if note is None:
        raise NotFound("credit_note_not_found", _("Deze creditnota bestaat niet."))
    return note


async def registration_invoice(registration_id: int) -> Invoice:
    """The invoice of a registration (the attendee's download). Raises NotFound."""
    invoice = await Invoice.get_or_none(registration_id=registration_id)
    if invoice is None:
        raise NotFound("invoice_not_found", _("Deze aanmelding heeft geen factuur."))
    return invoice


async def manage_documents(registration_id: int) -> list[dict[str, Any]]:
    """The invoice and credit notes the attendee's manage page links to (route and params)."""
    invoice = await Invoice.get_or_none(registration_id=registration_id)
    if invoice is None:
        return []
    documents: list[dict[str, Any]] = [
        {
            "label": _("Factuur %(number)s (PDF)") % {"number": invoice.number},
            "route": "invoicing:manage_invoice_pdf",
            "params": {},
        }
    ]
    for note in await CreditNote.filter(registration_id=registration_id).order_by("id"):
        documents.append(
            {
                "label": _("Creditnota %(number)s (PDF)") % {"number": note.number},
                "route": "invoicing:manage_credit_note_pdf",
                "params": {"note_id": note.id},
            }
        )
    return documents


async def registration_credit_note(registration_id: int, note_id: int) -> CreditNote:
    """A credit note of a registration (the attendee's download). Raises NotFound."""
    note = await CreditNote.get_or_none(id=note_id, registration_id=registration_id)
    if note is None:
        raise NotFound("credit_note_not_found", _("Deze creditnota bestaat niet."))
    return note
