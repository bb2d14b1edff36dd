"""Ticket rules: issue one ticket per attendee, sign and verify QR payloads (Ed25519, a key per
event), signed PDF links, PDF rendering and the ticket mail (PDF + .ics per attendee).
Split into payloads (keys), issuing, links and documents; callers import from here.

QR payload: `F1<kid>.<tid>.<sig>` (99 characters), `sig` = Ed25519 over b"F1" + kid + b"." + tid.
"""

from festival.tickets.services.documents import (
    Attachment,
    after_render,
    mail_attachments,
    render_ticket_pdf,
    send_ticket_mail,
    ticket_attachments,
    ticket_document,
    ticket_pdf,
    valid_ticket,
)
from festival.tickets.services.issuing import (
    cancel_tickets_of_attendee,
    issue_for_attendees,
    issue_tickets,
    queue_ticket_jobs,
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

__all__ = [
    "KID_ALPHABET",
    "LINK_SALT",
    "PAYLOAD_LENGTH",
    "PAYLOAD_PREFIX",
    "Attachment",
    "ParsedPayload",
    "TicketError",
    "active_key",
    "after_render",
    "api_ticket_rows",
    "api_tickets",
    "cancel_tickets_of_attendee",
    "issue_for_attendees",
    "issue_tickets",
    "link_signature",
    "mail_attachments",
    "page_url",
    "parse_payload",
    "pdf_url",
    "public_keys",
    "qr_payload",
    "qr_svg",
    "queue_ticket_jobs",
    "refresh_tickets",
    "render_ticket_pdf",
    "send_ticket_mail",
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
    "valid_ticket",
    "verify_payload",
]
