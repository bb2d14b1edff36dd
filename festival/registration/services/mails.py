"""E-mails of the registration area, queued by jobs after the commit that caused them."""

from __future__ import annotations

import logging

from festival.events.models import Event
from festival.i18n import localised_field
from festival.mail import services as mail
from festival.registration import queries
from festival.registration.models import Registration, WaitlistEntry, WaitlistState
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
