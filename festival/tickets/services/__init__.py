"""Ticket rules: issue one ticket per attendee, sign and verify QR payloads (Ed25519, a key per
event), signed PDF links, PDF rendering and the files a ticket mail carries (PDF + .ics each).
Split into payloads (keys), issuing, links and documents; callers import from here.

QR payload: `F1<kid>.<tid>.<sig>` (99 characters), `sig` = Ed25519 over b"F1" + kid + b"." + tid.
"""

from festival.tickets.services.documents import (
    Attachment,
    TicketFiles,
    claim_first_mail,
    forget_pdfs,
    registration_attachments,
    render_ticket_pdf,
    ticket_attachments,
    ticket_document,
    ticket_pdf,
    tickets_with_pdf,
    valid_ticket,
)
from festival.tickets.services.issuing import (
    cancel_tickets_of_attendee,
    issue_for_attendees,
    issue_missing_for_event,
    issue_tickets,
    refresh_tickets,
    ticket_list,
    tickets_of_registration,
)
from festival.tickets.services.links import (
    LINK_SALT,
    api_ticket_rows,
    api_tickets,
    link_signature,
    page_url,
    pdf_url,
    ticket_for_link,
    ticket_links,
)
from festival.tickets.services.payloads import (
    KID_ALPHABET,
    PAYLOAD_LENGTH,
    PAYLOAD_PREFIX,
    ParsedPayload,
    TicketError,
    active_key,
    parse_payload,
    public_keys,
    qr_payload,
    qr_svg,
    signature_valid,
    signed_bytes,
    signing_key,
    verify_payload,
)
from festival.tickets.services.privacy import (
    erase_personal_data,
    personal_data,
)

__all__ = [
    "KID_ALPHABET",
    "LINK_SALT",
    "PAYLOAD_LENGTH",
    "PAYLOAD_PREFIX",
    "Attachment",
    "ParsedPayload",
    "TicketError",
    "TicketFiles",
    "active_key",
    "api_ticket_rows",
    "api_tickets",
    "cancel_tickets_of_attendee",
    "claim_first_mail",
    "erase_personal_data",
    "forget_pdfs",
    "issue_for_attendees",
    "issue_missing_for_event",
    "issue_tickets",
    "link_signature",
    "page_url",
    "parse_payload",
    "pdf_url",
    "personal_data",
    "public_keys",
    "qr_payload",
    "qr_svg",
    "refresh_tickets",
    "registration_attachments",
    "render_ticket_pdf",
    "signature_valid",
    "signed_bytes",
    "signing_key",
    "ticket_attachments",
    "ticket_document",
    "ticket_for_link",
    "ticket_links",
    "ticket_list",
    "ticket_pdf",
    "tickets_of_registration",
    "tickets_with_pdf",
    "valid_ticket",
    "verify_payload",
]
