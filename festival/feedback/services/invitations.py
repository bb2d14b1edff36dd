"""Survey invitations by mail: right after each session or one digest at the end of the day
(~20:00 local time), the event survey the next morning (~09:00), one reminder three days later
to those who have not answered, and unsubscribing. Nothing is mailed twice: each mail's
invitation keys are inserted (unique) in the transaction that stores the mail."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.events import services as events
from festival.events.models import Event, EventStatus
from festival.feedback.models import (
    InvitationKind,
    InviteTiming,
    Survey,
    SurveyInvitation,
    SurveyResponse,
    SurveyUnsubscribe,
)
from festival.feedback.services import eligibility, surveys
from festival.feedback.services.links import (
    AnswerLink,
    answer_url,
    respondent_key,
    unsubscribe_url,
)
from festival.i18n import localised_field
from festival.mail import services as mail
from festival.programme import queries as programme_queries
from festival.registration import queries as registration_queries

log = logging.getLogger("festival.feedback")

DIGEST_AT = time(20, 0)  # the daily digest, in the event's time zone
EVENT_SURVEY_AT = time(9, 0)  # the morning after the event's last day
REMINDER_AFTER = timedelta(days=3)
LATE_AFTER = timedelta(days=2)  # a sweep that finds an invitation due longer ago skips it
SWEEP_WINDOW = timedelta(days=60)  # events that ended longer ago are not looked at


@dataclass(frozen=True)
class Item:
    """One survey a mail asks for: the event survey (session None) or one session's."""

    survey: Survey
    session_id: int | None
    title: str
    title_en: str
    starts_at: datetime | None

    def key(self, kind: InvitationKind, attendee_id: int) -> str:
        return f"{kind}:{self.survey.id}:{self.session_id or 0}:{attendee_id}"


def _order(item: Item) -> tuple[bool, datetime]:
    # Sessions in time order, the event survey last.
    return item.session_id is None, item.starts_at or datetime.min.replace(tzinfo=UTC)


def _local_moment(day: datetime, at: time, tz: str, *, days_later: int = 0) -> datetime:
    local_day = clock.to_local(day, tz).date() + timedelta(days=days_later)
    return clock.from_local(datetime.combine(local_day, at), tz)


def _is_due(moment: datetime, now: datetime) -> bool:
    return moment <= now < moment + LATE_AFTER


async def _session_items(
    event: Event, survey: Survey, timing: InviteTiming, now: datetime
) -> dict[int, tuple[Item, set[int]]]:
    """Session id -> (item, attendees who may answer) for the sessions whose invitation is due."""
    attendees = await eligibility.session_attendees(event.id)
    infos = await programme_queries.session_infos(sorted(attendees))
    out = {}
    for session_id, people in attendees.items():
        info = infos.get(session_id)
        if info is None or info.state == "cancelled" or info.ends_at is None:
            continue
        due = info.ends_at
        if timing == InviteTiming.DAILY_DIGEST:
            due = max(due, _local_moment(info.ends_at, DIGEST_AT, event.timezone))
        if _is_due(due, now):
            item = Item(survey, session_id, info.title, info.title_en, info.starts_at)
            out[session_id] = (item, people)
    return out


async def _due_invitations(event: Event, now: datetime) -> dict[int, list[Item]]:
    """Attendee id -> the surveys to invite them to now (not yet invited)."""
    settings = await surveys.settings_for(event.id)
    session_survey, event_survey = await surveys.surveys_for(event.id)
    wanted: dict[int, list[Item]] = defaultdict(list)
    due = await _session_items(event, session_survey, settings.invite_timing, now)
    for item, people in due.values():
        for attendee_id in people:
            wanted[attendee_id].append(item)
    morning = _local_moment(event.ends_at, EVENT_SURVEY_AT, event.timezone, days_later=1)
    if _is_due(morning, now):
        item = Item(event_survey, None, event.name, event.name_en, None)
        for attendee_id in await eligibility.event_attendees(event.id):
            wanted[attendee_id].append(item)
    return await _not_yet(event, wanted, InvitationKind.INVITE)


async def _not_yet(
    event: Event, wanted: dict[int, list[Item]], kind: InvitationKind
) -> dict[int, list[Item]]:
    """`wanted` without what was already mailed and without people who unsubscribed."""
    sent = set(
        await SurveyInvitation.filter(event_id=event.id, kind=kind).values_list("key", flat=True)
    )
    gone = set(
        await SurveyUnsubscribe.filter(event_id=event.id).values_list("attendee_id", flat=True)
    )
    out = {}
    for attendee_id, items in wanted.items():
        left = [i for i in items if i.key(kind, attendee_id) not in sent]
        if left and attendee_id not in gone:
            out[attendee_id] = sorted(left, key=_order)
    return out


async def _due_reminders(event: Event, now: datetime, secret_key: str) -> dict[int, list[Item]]:
    """Attendee id -> invitations sent at least REMINDER_AFTER ago, still unanswered."""
    invited = await SurveyInvitation.filter(
        event_id=event.id, kind=InvitationKind.INVITE, created_at__lte=now - REMINDER_AFTER
    ).select_related("survey")
    if not invited:
        return {}
    keys = {
        respondent_key(
            AnswerLink(i.attendee_id, i.survey_id, i.session_id), secret_key=secret_key
        ): i
        for i in invited
    }
    answered = set(
        await SurveyResponse.filter(respondent__in=list(keys)).values_list("respondent", flat=True)
    )
    infos = await programme_queries.session_infos(
        sorted({i.session_id for i in invited if i.session_id})
    )
    wanted: dict[int, list[Item]] = defaultdict(list)
    for respondent, invitation in keys.items():
        if respondent in answered:
            continue
        info = infos.get(invitation.session_id or 0)
        title, title_en = (info.title, info.title_en) if info else (event.name, event.name_en)
        wanted[invitation.attendee_id].append(
            Item(
                invitation.survey,
                invitation.session_id,
                title,
                title_en,
                info.starts_at if info else None,
            )
        )
    return await _not_yet(event, wanted, InvitationKind.REMINDER)


async def _people(event: Event, attendee_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Active attendees with an address: name, email, language."""
    cards = await registration_queries.attendee_cards(event.id, attendee_ids=attendee_ids)
    holders = await registration_queries.ticket_holders(attendee_ids=attendee_ids)
    language = {h["id"]: h["language"] for h in holders}
    return {
        c["id"]: {**c, "language": language.get(c["id"], "nl")}
        for c in cards
        if (c["email"] or "").strip()
    }


async def _mail_one(
    event: Event,
    person: dict[str, Any],
    items: list[Item],
    kind: InvitationKind,
    *,
    closes: datetime,
    base_url: str,
    secret_key: str,
) -> int | None:
    """Insert the invitation keys and store the mail in one transaction; the outbox id, or None
    when another run got there first (a unique key was taken)."""
    now = clock.now()
    language = person["language"]
    context = {
        "event": event,
        "event_name": localised_field(event, "name", language),
        "name": person["name"],
        "reminder": kind == InvitationKind.REMINDER,
        "items": [
            {
                "title": localised_field({"t": i.title, "t_en": i.title_en}, "t", language),
                "starts_at": i.starts_at,
                "is_event": i.session_id is None,
                "url": answer_url(
                    base_url,
                    event.slug,
                    AnswerLink(person["id"], i.survey.id, i.session_id),
                    secret_key=secret_key,
                ),
            }
            for i in items
        ],
        "closes_at": closes,
        "timezone": event.timezone,
        "contact_email": event.contact_email,
        "privacy_url": events.privacy_link(event, base_url=base_url),
        "unsubscribe_url": unsubscribe_url(
            base_url, event.slug, person["id"], secret_key=secret_key
        ),
    }
    try:
        async with in_transaction():
            await SurveyInvitation.bulk_create(
                [
                    SurveyInvitation(
                        key=i.key(kind, person["id"]),
                        event_id=event.id,
                        attendee_id=person["id"],
                        survey_id=i.survey.id,
                        session_id=i.session_id,
                        kind=kind,
                        created_at=now,
                    )
                    for i in items
                ]
            )
            message = await mail.queue_mail(
                person["email"],
                template=f"feedback/{kind}",
                context=context,
                language=language,
                event_id=event.id,
                send=False,
            )
            await SurveyInvitation.filter(
                key__in=[i.key(kind, person["id"]) for i in items]
            ).update(message_id=message.id)
    except IntegrityError:
        log.info("feedback %s for attendee %s already queued by another run", kind, person["id"])
        return None
    return message.id


async def invite_for_event(event: Event, *, base_url: str, secret_key: str) -> int:
    """Queue the invitations and reminders of one event that are due now. Returns the mails
    queued. Side effects: SurveyInvitation rows, outbox messages, send_mail jobs after commit."""
    settings = await surveys.settings_for(event.id)
    if not surveys.is_open(event, settings):
        return 0
    now = clock.now()
    closes = surveys.closes_at(event, settings)
    batches = [
        (InvitationKind.INVITE, await _due_invitations(event, now)),
        (InvitationKind.REMINDER, await _due_reminders(event, now, secret_key)),
    ]
    queued = []
    for kind, due in batches:
        people = await _people(event, sorted(due)) if due else {}
        for attendee_id, items in due.items():
            if attendee_id not in people:
                continue
            message_id = await _mail_one(
                event,
                people[attendee_id],
                items,
                kind,
                closes=closes,
                base_url=base_url,
                secret_key=secret_key,
            )
            if message_id is not None:
                queued.append(message_id)
    await mail.send_queued(queued)
    return len(queued)


async def sweep_invitations(*, base_url: str, secret_key: str) -> int:
    """Every event that started and ended at most SWEEP_WINDOW ago: its due mails (the
    periodic job). Idempotent: run twice, or twice at once, it mails each thing once."""
    now = clock.now()
    found = await Event.filter(
        starts_at__lte=now, ends_at__gte=now - SWEEP_WINDOW, status__not=EventStatus.DRAFT
    ).order_by("id")
    total = 0
    for event in found:
        total += await invite_for_event(event, base_url=base_url, secret_key=secret_key)
    return total


async def unsubscribe(event: Event, attendee_id: int) -> None:
    """No more survey mails of this event for the attendee (idempotent). Audits
    feedback.unsubscribed."""
    try:
        async with in_transaction():
            row = await SurveyUnsubscribe.create(
                event_id=event.id, attendee_id=attendee_id, at=clock.now()
            )
            await audit.record(audit.SYSTEM, "feedback.unsubscribed", row, event_id=event.id)
    except IntegrityError:
        return


async def is_unsubscribed(attendee_id: int) -> bool:
    return await SurveyUnsubscribe.filter(attendee_id=attendee_id).exists()
