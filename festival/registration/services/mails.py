"""E-mails of the registration area, queued by jobs after the commit that caused them."""

from __future__ import annotations

import logging
from typing import Any

from festival.events import services as events
from festival.events.models import Event
from festival.i18n import localised_field
from festival.mail import services as mail
from festival.registration import queries
from festival.registration.models import Attendee, Registration, WaitlistEntry, WaitlistState
from festival.registration.services import links
from festival.tickets import services as tickets

log = logging.getLogger("festival.registration")


async def send_confirmation(registration_id: int, *, base_url: str, secret_key: str) -> None:
    """Mail the contact person the registration with the manage link."""
    registration = await Registration.get_or_none(id=registration_id)
    if registration is None:
        log.info("registration %s is gone: no confirmation", registration_id)
        return
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
    attachments = await tickets.mail_attachments(
        registration.id
    )  # tickets area: PDF + .ics per attendee
    await mail.queue_mail(
        registration.contact_email,
        template="registration/confirmation",
        context=context,
        language=registration.language,
        event_id=event.id,
        attachments=attachments,
    )


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


async def send_attendee_tickets(registration_id: int, *, base_url: str, secret_key: str) -> int:
    """Mail each active attendee with an address of their own their ticket (PDF and .ics),
    unless the event sends tickets to the contact person only. Returns the mails queued."""
    registration = await Registration.get_or_none(id=registration_id)
    if registration is None:
        return 0
    event = await Event.get(id=registration.event_id)
    if event.tickets_to_contact_only:
        return 0
    details = await queries.registration_details(registration)
    sent = 0
    for attendee in details["attendees"]:
        address = _own_address(attendee, registration)
        if not address or attendee["status"] != "active":
            continue
        ticket = await tickets.valid_ticket(attendee["id"])
        if ticket is None:
            continue
        await mail.queue_mail(
            address,
            template="registration/ticket",
            context={
                **_event_context(event, base_url),
                "name": attendee["name"],
                "contact_name": registration.contact_name,
                "attendee": attendee,
                "code": registration.code,
                "ticket_url": tickets.page_url(base_url, ticket.tid, secret_key=secret_key),
            },
            language=registration.language,
            event_id=event.id,
            attachments=await tickets.ticket_attachments(ticket),
        )
        sent += 1
    return sent


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
        attachments=await tickets.ticket_attachments(ticket),
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
