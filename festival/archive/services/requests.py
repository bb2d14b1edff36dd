"""Asking for outcomes: when a session has ended, its partner contacts and speakers get a mail
with a link to the outcome form, and one reminder a week later while nothing is handed in.
Each mail is a unique OutcomeRequest row first, so a retried sweep never mails twice."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from festival import clock
from festival.archive.models import ArchiveEntry, Outcome, OutcomeRequest, OutcomeState, RequestKind
from festival.archive.services.entries import index_all
from festival.archive.services.sessions import make_outcome_token
from festival.mail import services as mail
from festival.submissions import queries as submissions_queries

log = logging.getLogger("festival.archive")

REMINDER_AFTER = timedelta(days=7)
ASK_WITHIN = timedelta(days=30)  # sessions that ended longer ago are not asked about any more


def request_key(kind: RequestKind, session_id: int, address: str) -> str:
    return f"{kind}:{session_id}:{address.lower()}"[:300]


async def _ask(
    entry: ArchiveEntry,
    address: str,
    kind: RequestKind,
    *,
    base_url: str,
    secret_key: str,
    now: datetime,
) -> int | None:
    """One mail, once: the id of the message queued, or None when it went out before."""
    token = make_outcome_token(entry.session_id, address, secret_key=secret_key)
    try:
        async with in_transaction():
            request = await OutcomeRequest.create(
                key=request_key(kind, entry.session_id, address),
                session_id=entry.session_id,
                kind=kind,
                created_at=now,
            )
            message = await mail.queue_mail(
                address,
                template=f"archive/outcome_{kind}",
                context={
                    "title": entry.title,
                    "event_name": entry.event_name,
                    "link": f"{base_url}/kennisbank/invullen/{token}",
                },
                event_id=entry.event_id,
                send=False,
            )
            request.message_id = message.id
            await request.save(update_fields=["message_id"])
    except IntegrityError:
        return None
    return message.id


async def ask_for_outcomes(*, base_url: str, secret_key: str, now: datetime | None = None) -> int:
    """Mail an invitation for every archived session that ended in the last 30 days, and a
    reminder a week after it while its outcome is not handed in. The number of mails queued."""
    now = now or clock.now()
    entries = await ArchiveEntry.filter(ends_at__lte=now, ends_at__gt=now - ASK_WITHIN)
    done = {
        o.session_id
        for o in await Outcome.filter(
            session_id__in=[e.session_id for e in entries],
            state__in=[OutcomeState.SUBMITTED, OutcomeState.APPROVED],
        )
    }
    entries = [e for e in entries if e.session_id not in done]
    partners = await submissions_queries.session_authors([e.session_id for e in entries])
    invited = {
        r.key: r.created_at
        for r in await OutcomeRequest.filter(
            session_id__in=[e.session_id for e in entries], kind=RequestKind.INVITE
        )
    }
    queued: list[int] = []
    for entry in entries:
        partner = partners.get(entry.session_id)
        for address in partner.addresses if partner else ():
            sent_at = invited.get(request_key(RequestKind.INVITE, entry.session_id, address))
            if sent_at is None:
                kind = RequestKind.INVITE
            elif now - sent_at >= REMINDER_AFTER:
                kind = RequestKind.REMINDER
            else:
                continue
            message_id = await _ask(
                entry, address, kind, base_url=base_url, secret_key=secret_key, now=now
            )
            if message_id is not None:
                queued.append(message_id)
    await mail.send_queued(queued)
    log.info("outcome requests: %d mails queued", len(queued))
    return len(queued)


async def sweep(*, base_url: str, secret_key: str, now: datetime | None = None) -> tuple[int, int]:
    """The periodic sweep: archive the sessions that ended, then ask for their outcomes.
    (entries in the archive, mails queued)."""
    entries = await index_all(now=now)
    mails = await ask_for_outcomes(base_url=base_url, secret_key=secret_key, now=now)
    return entries, mails
