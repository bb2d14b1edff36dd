"""The reminder the day before an event: a setting per event, and the periodic sweep that mails
each active registration its agenda (who goes to which session, when, where) once."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.events.models import Event
from festival.i18n import localised_field
from festival.mail import services as mail
from festival.messages.models import ReminderDelivery, ReminderSetting
from festival.registration import queries as registration
from festival.registration import services as registration_services

log = logging.getLogger("festival.messages")

TEMPLATE = "messages/reminder"


async def set_reminder(event: Event, *, enabled: bool, actor: audit.Actor) -> ReminderSetting:
    """Switch the day-before reminder of the event on or off. Side effect: audit
    `message.reminder_set`."""
    async with in_transaction():
        setting, _created = await ReminderSetting.get_or_create(event_id=event.id)
        setting.enabled = enabled
        await setting.save(update_fields=["enabled"])
        await audit.record(
            actor, "message.reminder_set", setting, event_id=event.id, enabled=enabled
        )
    return setting


def is_reminder_due(event: Event, now: datetime) -> bool:
    """From the day before the event's first day (in its zone) until it starts."""
    first_day = clock.to_local(event.starts_at, event.timezone).date()
    today = clock.to_local(now, event.timezone).date()
    return first_day - timedelta(days=1) <= today and now < event.starts_at


def _agenda(attendees: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    return [
        {
            "name": person["name"],
            "sessions": [
                {
                    "title": localised_field(s, "title", language),
                    "starts_at": s["starts_at"],
                    "ends_at": s["ends_at"],
                    "room": s["room"],
                }
                for s in person["sessions"]
            ],
        }
        for person in attendees
    ]


async def _remind(
    event: Event, row: dict[str, Any], *, base_url: str, secret_key: str
) -> int | None:
    """One registration's reminder and its delivery row, together; None when sent before."""
    language = row["language"] if row["language"] in ("nl", "en") else "nl"
    context = {
        "name": row["contact_name"],
        "event_name": localised_field(event, "name", language),
        "starts_at": event.starts_at,
        "timezone": event.timezone,
        "contact_email": event.contact_email,
        "attendees": _agenda(row["attendees"], language),
        "manage_url": registration_services.manage_url(
            base_url, event.slug, row["code"], secret_key=secret_key
        ),
    }
    try:
        async with in_transaction():
            delivery = await ReminderDelivery.create(
                registration_id=row["registration_id"], event_id=event.id
            )
            outbox = await mail.queue_mail(
                row["contact_email"],
                template=TEMPLATE,
                context=context,
                language=language,
                event_id=event.id,
                send=False,
            )
            delivery.outbox_id = outbox.id
            await delivery.save(update_fields=["outbox_id"])
    except IntegrityError:
        return None
    return outbox.id


async def send_due_reminders(*, base_url: str, secret_key: str) -> int:
    """Mail the reminder to every active registration of each event that has it switched on and
    starts tomorrow (or later today), once per registration whatever runs twice.
    Returns the number of reminders queued."""
    now = clock.now()
    event_ids = await ReminderSetting.filter(enabled=True).values_list("event_id", flat=True)
    queued = 0
    for event in await Event.filter(id__in=list(event_ids) or [0], starts_at__gt=now):
        if not is_reminder_due(event, now):
            continue
        sent = set(
            await ReminderDelivery.filter(event_id=event.id).values_list(
                "registration_id", flat=True
            )
        )
        for row in await registration.agendas_for_reminder(event.id):
            if row["registration_id"] in sent:
                continue
            outbox_id = await _remind(event, row, base_url=base_url, secret_key=secret_key)
            if outbox_id is not None:
                await mail.send_queued([outbox_id])
                queued += 1
    log.info("day-before reminders queued: %s", queued)
    return queued
