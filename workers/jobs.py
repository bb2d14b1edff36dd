"""Job functions: ids in, load, call one service, return. Wrapped by festival.jobs.job
(retry with back-off, FailedJob after the last try). Registered by name in JOBS."""

from __future__ import annotations

import logging
from typing import Any

from festival import jobs
from festival.jobs import JobFunction
from festival.mail import services as mail
from festival.settings import Settings

JOBS: dict[str, JobFunction] = {}


def register(func: JobFunction) -> JobFunction:
    wrapped = jobs.job(func)
    JOBS[func.__name__] = wrapped
    return wrapped


def _settings(ctx: dict[str, Any]) -> Settings:
    settings = ctx["settings"]
    assert isinstance(settings, Settings)
    return settings


@register
async def noop(ctx: dict[str, Any], **kwargs: Any) -> None:
    """Does nothing; used by `festival worker --check` and the tests of the job runner."""


@register
async def send_mail(ctx: dict[str, Any], message_id: int, event_id: int | None = None) -> None:
    """Send one outbox message (skipped when gone or already sent). `event_id` only links a
    failure to its event, so the event's organisers see it."""
    await mail.deliver(message_id, settings=_settings(ctx), last_try=jobs.is_last_try(ctx))


# ---------------------------------------------------------------- registration


@register
async def send_registration_confirmation(ctx: dict[str, Any], registration_id: int) -> None:
    """Mail the registration with its manage link to the contact person."""
    from festival.registration.services import mails

    settings = _settings(ctx)
    await mails.send_confirmation(
        registration_id, base_url=settings.base_url, secret_key=settings.secret_key
    )


@register
async def send_ticket_update(ctx: dict[str, Any], attendee_id: int) -> None:
    """After a change of workshops: one short mail with the attendee's new ticket."""
    from festival.registration.services import mails

    settings = _settings(ctx)
    await mails.send_ticket_update(
        attendee_id, base_url=settings.base_url, secret_key=settings.secret_key
    )


@register
async def send_waitlist_offer(ctx: dict[str, Any], entry_id: int) -> None:
    """Mail a waiting-list offer (skipped when the offer is no longer open)."""
    from festival.registration.services import mails

    settings = _settings(ctx)
    await mails.send_waitlist_offer(
        entry_id, base_url=settings.base_url, secret_key=settings.secret_key
    )


@register
async def send_manage_links(ctx: dict[str, Any], event_id: int, email: str) -> None:
    """ "Link kwijt?": mail the manage links of an address (nothing when it has none)."""
    from festival.registration.services import mails

    settings = _settings(ctx)
    await mails.send_manage_links(
        event_id, email, base_url=settings.base_url, secret_key=settings.secret_key
    )


@register
async def expire_waitlist_offers(ctx: dict[str, Any]) -> None:
    """Periodic sweep: end expired waiting-list offers and hand their seats on."""
    from festival.registration import services as registration

    await registration.expire_waitlist_offers()


@register
async def anonymise_due_events(ctx: dict[str, Any]) -> None:
    """Daily sweep: anonymise the attendees of every event whose retention period has passed
    (arq cron with Redis; festival serve's daily task without). Idempotent."""
    from festival.registration import services as registration

    done = await registration.anonymise_due_events(outbox_dir=_settings(ctx).outbox_dir)
    for slug, result in done:
        logging.getLogger("festival.retention").info("%s: %s", slug, result.as_dict())


# ---------------------------------------------------------------- programme


@register
async def announce_schedule_changes(ctx: dict[str, Any], version_id: int) -> None:
    """After a programme version is published: mail the people holding a seat in a session it
    moved, changed, cancelled or removed (one mail per address). Idempotent."""
    from festival.programme import services as programme

    settings = _settings(ctx)
    queued = await programme.announce_changes(
        version_id, base_url=settings.base_url, secret_key=settings.secret_key
    )
    logging.getLogger("festival.programme").info(
        "schedule version %s: %d change mails queued", version_id, queued
    )


# ---------------------------------------------------------------- tickets


@register
async def render_ticket_pdf(ctx: dict[str, Any], ticket_id: int) -> None:
    """Render and store a ticket's PDF; when the registration's PDFs are all ready and its
    confirmation has not gone out yet, queue send_ticket_mail."""
    from festival.tickets import services as tickets

    if await tickets.render_ticket_pdf(ticket_id) is None:
        logging.getLogger("festival.tickets").info("ticket %s is gone: no PDF", ticket_id)
        return
    await tickets.after_render(ticket_id)


@register
async def send_ticket_mail(ctx: dict[str, Any], registration_id: int) -> None:
    """Mail the registration's confirmation with each attendee's PDF and .ics (once)."""
    from festival.tickets import services as tickets

    settings = _settings(ctx)
    await tickets.send_ticket_mail(
        registration_id, base_url=settings.base_url, secret_key=settings.secret_key
    )


# ---------------------------------------------------------------- check-in


@register
async def render_badges(ctx: dict[str, Any], batch_id: int, event_id: int | None = None) -> None:
    """Render a badge PDF batch (skipped when gone or done). `event_id` links a failure to it."""
    from festival.checkin.services import badges

    await badges.render_badges(batch_id)
