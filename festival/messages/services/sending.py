"""An organiser's message to a group: the preview in both languages with the number of
recipients, sending (a Message row, then a job), and the job's fan-out to the outbox, one
delivery row per address so that a retried or interrupted job never mails anyone twice."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from festival import audit, clock, jobs
from festival.errors import ValidationError
from festival.events.models import Event
from festival.i18n import _, localised_field
from festival.mail import services as mail
from festival.messages.models import Audience, Message, MessageDelivery, MessageStatus
from festival.messages.schemas import MessageIn
from festival.messages.services.groups import Group, recipients_of, resolve_group
from festival.registration import queries as registration
from festival.registration import services as registration_services

log = logging.getLogger("festival.messages")

TEMPLATE = "messages/message"
BATCH = 200  # addresses per run of the job; it queues itself again for the rest


@dataclass(frozen=True)
class Preview:
    """What the organiser checks before sending: the group, how many get it, both mails."""

    group: Group
    count: int
    dutch: mail.RenderedMail
    english: mail.RenderedMail
    english_is_dutch: bool  # no English text given: English readers get the Dutch one


def paragraphs(text: str) -> list[list[str]]:
    """The text as paragraphs (blank lines between them) of lines, for the mail templates."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return [[line.rstrip() for line in block.split("\n")] for block in blocks if block]


def _texts(message: Message | MessageIn, language: str) -> tuple[str, str, str]:
    """(mail language, subject, text): English only when an English text was written."""
    if language == "en" and message.text_en.strip():
        return "en", message.subject_en.strip() or message.subject, message.text_en
    return "nl", message.subject, message.text


def _context(
    event: Event, message: Message | MessageIn, language: str, *, name: str, urls: list[str]
) -> tuple[str, dict[str, Any]]:
    language, subject, text = _texts(message, language)
    return language, {
        "name": name,
        "message_subject": subject,
        "paragraphs": paragraphs(text),
        "event_name": localised_field(event, "name", language),
        "contact_email": event.contact_email,
        "manage_urls": urls,
    }


async def preview_message(event: Event, data: MessageIn, *, base_url: str) -> Preview:
    """Render the message as a recipient in Dutch and one in English would get it, and count
    the group now. Raises ValidationError(invalid_group)."""
    group = await resolve_group(event, data.group)
    count = len(await recipients_of(event.id, group))
    sample = [f"{base_url}/events/{event.slug}/registration/…"]
    rendered = []
    for language in ("nl", "en"):
        used, context = _context(event, data, language, name=_("naam deelnemer"), urls=sample)
        rendered.append(mail.render_mail(TEMPLATE, context, language=used))
    return Preview(group, count, rendered[0], rendered[1], not data.text_en.strip())


async def send_message(event: Event, data: MessageIn, *, actor: audit.Actor) -> Message:
    """Store the message and queue the job that mails the group.
    Side effects: a Message row, audit `message.sent`, a send_message job after commit.
    Raises ValidationError(invalid_group, no_recipients)."""
    group = await resolve_group(event, data.group)
    count = len(await recipients_of(event.id, group))
    if count == 0:
        text = _("Niemand in deze groep krijgt het bericht. Kies een andere groep.")
        raise ValidationError("no_recipients", text, {"group": text})
    async with in_transaction():
        message = await Message.create(
            event_id=event.id,
            audience=group.audience,
            audience_value=group.value,
            audience_label=group.label,
            subject=data.subject,
            text=data.text,
            subject_en=data.subject_en,
            text_en=data.text_en,
            recipients=count,
            author=actor.label[:254],
            created_at=clock.now(),
        )
        await audit.record(
            actor, "message.sent", message, event_id=event.id, group=group.key, recipients=count
        )
    await jobs.enqueue("send_message", message_id=message.id)
    return message


async def _deliver(
    message: Message,
    event: Event,
    person: registration.Recipient,
    *,
    base_url: str,
    secret_key: str,
) -> int | None:
    """One address's outbox row and delivery row, together or not at all; None when another
    run wrote them first."""
    urls = [
        registration_services.manage_url(base_url, event.slug, code, secret_key=secret_key)
        for code in person.codes
    ]
    language, context = _context(event, message, person.language, name=person.name, urls=urls)
    try:
        async with in_transaction():
            delivery = await MessageDelivery.create(message_id=message.id, email=person.email)
            outbox = await mail.queue_mail(
                person.email,
                template=TEMPLATE,
                context=context,
                language=language,
                event_id=event.id,
                automated=False,
                send=False,
            )
            delivery.outbox_id = outbox.id
            await delivery.save(update_fields=["outbox_id"])
    except IntegrityError:
        return None
    return outbox.id


async def fan_out(message_id: int, *, base_url: str, secret_key: str, batch: int = BATCH) -> int:
    """Write the outbox rows of up to `batch` addresses of the group that have none yet and
    queue their sending; returns how many addresses still wait (the job runs again for them).
    Idempotent: an address with a delivery row is skipped, so nobody gets the message twice."""
    message = await Message.get_or_none(id=message_id)
    event = await Event.get_or_none(id=message.event_id) if message else None
    if message is None or event is None or message.status == MessageStatus.SENT:
        return 0
    group = Group(Audience(message.audience), message.audience_value, message.audience_label)
    done = set(await MessageDelivery.filter(message_id=message.id).values_list("email", flat=True))
    waiting = [p for p in await recipients_of(event.id, group) if p.email not in done]
    for person in waiting[:batch]:
        outbox_id = await _deliver(message, event, person, base_url=base_url, secret_key=secret_key)
        if outbox_id is not None:
            await mail.send_queued([outbox_id])
    message.delivered = await MessageDelivery.filter(message_id=message.id).count()
    remaining = max(len(waiting) - batch, 0)
    if remaining == 0:
        message.status = MessageStatus.SENT
        message.sent_at = clock.now()
    await message.save(update_fields=["delivered", "status", "sent_at"])
    log.info("message %s: %s delivered, %s waiting", message.id, message.delivered, remaining)
    return remaining
