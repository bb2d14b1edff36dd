"""Registration's jobs: its mails (confirmation, ticket update, waiting-list offer, manage
links, programme changes) and the periodic sweeps (expired offers, retention)."""

from __future__ import annotations

import logging
from typing import Any

from festival import jobs
from festival.registration import services as registration
from festival.registration.services import mails


@jobs.job
async def send_registration_confirmation(
    ctx: dict[str, Any], registration_id: int, first: bool = False
) -> None:
    """Mail the registration with its manage link and tickets to the contact person; the
    `first` time (after it commits or is approved) also each attendee their own ticket, once."""
    settings = jobs.settings_of(ctx)
    await mails.send_confirmation(
        registration_id, base_url=settings.base_url, secret_key=settings.secret_key, first=first
    )


@jobs.job
async def send_ticket_mail(ctx: dict[str, Any], registration_id: int) -> None:
    """The first confirmation's name before issue 12 (tickets queued it): jobs still queued or
    failed under this name keep working; new ones use send_registration_confirmation."""
    settings = jobs.settings_of(ctx)
    await mails.send_confirmation(
        registration_id, base_url=settings.base_url, secret_key=settings.secret_key, first=True
    )


@jobs.job
async def send_ticket_update(ctx: dict[str, Any], attendee_id: int) -> None:
    """After a change of workshops: one short mail with the attendee's new ticket."""
    settings = jobs.settings_of(ctx)
    await mails.send_ticket_update(
        attendee_id, base_url=settings.base_url, secret_key=settings.secret_key
    )


@jobs.job
async def send_waitlist_offer(ctx: dict[str, Any], entry_id: int) -> None:
    """Mail a waiting-list offer (skipped when the offer is no longer open)."""
    settings = jobs.settings_of(ctx)
    await mails.send_waitlist_offer(
        entry_id, base_url=settings.base_url, secret_key=settings.secret_key
    )


@jobs.job
async def send_manage_links(ctx: dict[str, Any], event_id: int, email: str) -> None:
    """ "Link kwijt?": mail the manage links of an address (nothing when it has none)."""
    settings = jobs.settings_of(ctx)
    await mails.send_manage_links(
        event_id, email, base_url=settings.base_url, secret_key=settings.secret_key
    )


@jobs.job
async def announce_schedule_changes(ctx: dict[str, Any], version_id: int) -> None:
    """After a programme version is published: mail the people holding a seat in a session it
    moved, changed, cancelled or removed (one mail per address). Idempotent."""
    settings = jobs.settings_of(ctx)
    queued = await registration.announce_changes(
        version_id, base_url=settings.base_url, secret_key=settings.secret_key
    )
    logging.getLogger("festival.registration").info(
        "schedule version %s: %d change mails queued", version_id, queued
    )


@jobs.job
async def expire_waitlist_offers(ctx: dict[str, Any]) -> None:
    """Periodic sweep: end expired waiting-list offers and hand their seats on."""
    await registration.expire_waitlist_offers()


@jobs.job
async def anonymise_due_events(ctx: dict[str, Any]) -> None:
    """Daily sweep: anonymise the attendees of every event whose retention period has passed
    (arq cron with Redis; festival serve's daily task without). Idempotent."""
    done = await registration.anonymise_due_events(outbox_dir=jobs.settings_of(ctx).outbox_dir)
    for slug, result in done:
        logging.getLogger("festival.retention").info("%s: %s", slug, result.as_dict())


JOBS: list[jobs.JobFunction] = [
    send_registration_confirmation,
    send_ticket_mail,
    send_ticket_update,
    send_waitlist_offer,
    send_manage_links,
    announce_schedule_changes,
    expire_waitlist_offers,
    anonymise_due_events,
]
