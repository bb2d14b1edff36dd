"""E-mails of the registration area, sent by its jobs after the commit that caused them: the
confirmation with the tickets (asked of the tickets area), ticket updates, offers, lost links."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from tortoise.transactions import in_transaction

from festival import jobs
from festival.events import services as events
from festival.events.models import Event
from festival.i18n import localised_field
from festival.mail import services as mail
from festival.registration import queries
from festival.registration.models import Attendee, Registration, WaitlistEntry, WaitlistState
from festival.registration.services import links
from festival.tickets import services as tickets

log = logging.getLogger("festival.registration")

ConfirmationFiles = Callable[[int], Awaitable[list[mail.Attachment]]]
_confirmation_files: list[ConfirmationFiles] = []


def attach_to_confirmation_with(files: ConfirmationFiles) -> None:
    """Invoicing sits above registration, so it hands in, when it loads, the files (the
    invoice PDF) a registration's confirmation mail carries next to the tickets."""
    _confirmation_files[:] = [files]


ManageDocuments = Callable[[int], Awaitable[list[dict[str, Any]]]]
_manage_documents: list[ManageDocuments] = []


def show_documents_with(documents: ManageDocuments) -> None:
    """Invoicing hands in, when it loads, the documents (invoice, credit notes) the manage
    page links to: per document a `label`, a `route` taking slug and token, and `params`."""
    _manage_documents[:] = [documents]


async def manage_documents(registration_id: int) -> list[dict[str, Any]]:
    """The documents of a registration the manage page offers for download."""
    return [d for documents in _manage_documents for d in await documents(registration_id)]


async def queue_first_confirmation(registration_id: int, *, job_key: str = "") -> None:
    """After the registration commits (or is approved; `job_key` tells the two apart): one job
    has tickets render its PDFs and mails them with the confirmation (send_confirmation)."""
    await jobs.enqueue(
        "send_registration_confirmation",
        registration_id=registration_id,
        first=True,
        _job_id=f"registration-confirmation-{registration_id}{job_key}",
    )


async def send_confirmation(
    registration_id: int, *, base_url: str, secret_key: str, first: bool = False
) -> bool:
    """Mail the contact person the registration with the manage link and every valid ticket
    (PDF and .ics, rendered once). The `first` confirmation also mails each attendee with an
    address of their own their ticket, and goes out once (tickets' claim keeps concurrent jobs
    from sending twice); a resend does neither. Returns whether it sent."""
    registration = await Registration.get_or_none(id=registration_id)
    if registration is None:
        log.info("registration %s is gone: no confirmation", registration_id)
        return False
    # The PDFs first (stored, so a second run reuses them); then the claim and the mails in one
    # transaction: a job process that dies anywhere leaves either both or neither, and the job
    # run again (or the unsent-mail sweep) sends each mail exactly once.
    files = await tickets.registration_attachments(registration_id, base_url=base_url)
    async with in_transaction():
        if first and not await tickets.claim_first_mail(registration_id):
            return False
        queued = [
            await _mail_contact(registration, files, base_url=base_url, secret_key=secret_key)
        ]
        if first:
            queued += await _mail_attendees(
                registration, files, base_url=base_url, secret_key=secret_key
            )
    await mail.send_queued(queued)
    return True


async def _mail_contact(
    registration: Registration,
    files: list[tickets.TicketFiles],
    *,
    base_url: str,
    secret_key: str,
) -> int:
    """The contact person's confirmation, stored unsent (the caller queues it after commit)."""
    event = await Event.get(id=registration.event_id)
    details = await queries.registration_details(registration)
    context = {
        "event": event,
        "registration": details,
        "event_name": localised_field(event, "name", registration.language),
        "contact_email": event.contact_email,
        "name": registration.contact_name,
        "timezone": event.timezone,
        "privacy_url": events.privacy_link(event, base_url=base_url),
        "manage_url": links.manage_url(
            base_url, event.slug, registration.code, secret_key=secret_key
        ),
    }
    message = await mail.queue_mail(
        registration.contact_email,
        template="registration/confirmation",
        context=context,
        language=registration.language,
        event_id=event.id,
        attachments=[a for f in files for a in f.attachments]
        + [a for more in _confirmation_files for a in await more(registration.id)],
        send=False,
    )
    return message.id


async def send_waitlist_offer(entry_id: int, *, base_url: str, secret_key: str) -> None:
    """Mail the attendee that a seat is held for them until the offer expires."""
    entry = await WaitlistEntry.get_or_none(id=entry_id)
    if entry is None or entry.state != WaitlistState.OFFERED:
        log.info("waitlist entry %s is not offered any more: no mail", entry_id)
        return
    offer = await queries.offer_details(entry)
    event = await Event.get(id=entry.event_id)
    context = {
        **offer,
        "event_name": localised_field(event, "name", offer["language"]),
        "contact_email": event.contact_email,
        "timezone": event.timezone,
        "privacy_url": events.privacy_link(event, base_url=base_url),
        "offer_url": links.offer_url(base_url, event.slug, entry.id, secret_key=secret_key),
    }
    await mail.queue_mail(
        offer["email"],
        template="registration/waitlist_offer",
        context=context,
        language=offer["language"],
        event_id=event.id,
    )


async def send_manage_links(event_id: int, email: str, *, base_url: str, secret_key: str) -> None:
    """ "Link kwijt?": one mail listing the manage links of the address's registrations, if any."""
    event = await Event.get_or_none(id=event_id)
    if event is None:
        return
    registrations = await queries.registrations_of_address(event_id, email)
    if not registrations:
        return
    context = {
        "event_name": localised_field(event, "name", registrations[0].language),
        "contact_email": event.contact_email,
        "privacy_url": events.privacy_link(event, base_url=base_url),
        "links": [
            {
                "code": r.code,
                "url": links.manage_url(base_url, event.slug, r.code, secret_key=secret_key),
            }
            for r in registrations
        ],
    }
    await mail.queue_mail(
        email,
        template="registration/manage_links",
        context=context,
        language=registrations[0].language,
        event_id=event.id,
    )


def _own_address(attendee: dict[str, Any], registration: Registration) -> str:
    """The attendee's address when it is theirs, not the contact person's ('' otherwise)."""
    email = (attendee["email"] or "").strip()
    return email if email.casefold() != registration.contact_email.casefold() else ""


async def _mail_attendees(
    registration: Registration,
    files: list[tickets.TicketFiles],
    *,
    base_url: str,
    secret_key: str,
) -> list[int]:
    """Each active attendee with an address of their own their ticket (PDF and .ics), unless
    the event sends tickets to the contact person only: stored unsent, the caller queues them."""
    event = await Event.get(id=registration.event_id)
    if event.tickets_to_contact_only:
        return []
    details = await queries.registration_details(registration)
    by_attendee = {f.ticket.attendee_id: f for f in files}
    stored: list[int] = []
    for attendee in details["attendees"]:
        address = _own_address(attendee, registration)
        found = by_attendee.get(attendee["id"])
        if not address or attendee["status"] != "active" or found is None:
            continue
        message = await mail.queue_mail(
            address,
            template="registration/ticket",
            context={
                **_event_context(event, base_url),
                "name": attendee["name"],
                "contact_name": registration.contact_name,
                "attendee": attendee,
                "code": registration.code,
                "ticket_url": tickets.page_url(base_url, found.ticket.tid, secret_key=secret_key),
            },
            language=registration.language,
            event_id=event.id,
            attachments=found.attachments,
            send=False,
        )
        stored.append(message.id)
    return stored


async def send_ticket_update(attendee_id: int, *, base_url: str, secret_key: str) -> bool:
    """After a change of workshops: one short mail with the attendee's new ticket, to their own
    address when they get their own tickets, else to the contact person. Nothing when the
    attendee has no valid ticket or their first ticket mail has not gone out yet (it will
    carry the new one). Returns whether a mail was queued."""
    holder = await Attendee.get_or_none(id=attendee_id)
    ticket = await tickets.valid_ticket(attendee_id) if holder is not None else None
    if holder is None or ticket is None or ticket.mail_sent_at is None:
        return False
    registration = await Registration.get(id=holder.registration_id)
    event = await Event.get(id=registration.event_id)
    details = await queries.registration_details(registration)
    attendee = next(a for a in details["attendees"] if a["id"] == attendee_id)
    own = "" if event.tickets_to_contact_only else _own_address(attendee, registration)
    to_contact = not own
    await mail.queue_mail(
        own or registration.contact_email,
        template="registration/ticket_changed",
        context={
            **_event_context(event, base_url),
            "name": registration.contact_name if to_contact else attendee["name"],
            "attendee": attendee,
            "code": registration.code,
            "ticket_url": tickets.page_url(base_url, ticket.tid, secret_key=secret_key),
            "manage_url": links.manage_url(
                base_url, event.slug, registration.code, secret_key=secret_key
            )
            if to_contact
            else "",
        },
        language=registration.language,
        event_id=event.id,
        attachments=await tickets.ticket_attachments(ticket, base_url=base_url),
    )
    return True


def _event_context(event: Event, base_url: str) -> dict[str, Any]:
    return {
        "event": event,
        "event_name": event.name,
        "contact_email": event.contact_email,
        "timezone": event.timezone,
        "privacy_url": events.privacy_link(event, base_url=base_url),
    }
