"""Retention: once an event's retention period has passed (`ends_at + retention_days`; 0 means
right after the end), its attendees are anonymised while every count stays the same.

A retention sweep crosses areas by nature: it finds the few personal columns of other areas'
tables and has each owning area clear its own (`tickets.forget_pdfs`, `mail.purge_messages`,
`audit.scrub`, `jobs.forget_failed`, `checkin.delete_badge_batches`), one transaction per batch
of registrations; never schema, never counts:

- attendee: name -> "Geanonimiseerd"; email, organisation, access_other, diet, guardian's
  name and e-mail -> ""; access_needs -> [], answers -> {}; anonymised_at set. Kept: id,
  status, position, cancelled_at, `role` and `age_group`, categories the statistics group by
  (raadslid, griffier, ...; 16-17, ...) that do not point to one person once name, e-mail and
  organisation are gone.
- registration: contact_name -> "Geanonimiseerd"; contact_email -> ""; idempotency_key -> NULL.
  Kept: id, code, status, ticket type, language, dates (registrations per status stay).
- ticket: the stored PDF (it shows the name) -> NULL. Kept: tid, status, versions, dates.
- booking, waitlist_entry, session_seats, checkin, checkin_conflict: untouched; they hold ids,
  states, tids and staff devices only, so bookings and attendance per session stay identical.
- outbox_message (+ mail_attachment by cascade): the event's messages to an attendee's or
  contact's address are deleted, and with `outbox_dir` their `.eml` copies in the outbox folder.
- audit_entry of the event: an actor_label that is such an address becomes "geanonimiseerd";
  names and addresses inside `data` are blanked. Action, time, subject and counts stay.
- failed_job of the event: such addresses and names in `kwargs` are blanked.
- badge_batch of the event: deleted (its PDF prints every name; a new batch can be made).

Not attendee data, so not handled here: speakers and partner contacts (programme,
submissions), staff and organiser accounts, rate-limit counters (per IP, minutes long).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from email.parser import BytesHeaderParser
from email.utils import getaddresses
from pathlib import Path
from typing import Any, cast

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from festival import audit, clock, jobs
from festival.audit import Actor, AuditEntry
from festival.errors import Conflict
from festival.events.models import Event
from festival.i18n import _
from festival.jobs import FailedJob
from festival.mail import services as mail
from festival.registration.models import Attendee, Registration
from festival.tickets import services as tickets

log = logging.getLogger("festival.retention")

ANONYMOUS_NAME = "Geanonimiseerd"
ANONYMOUS_LABEL = "geanonimiseerd"
BATCH_SIZE = 500  # registrations per transaction: big events never hold one long write lock
_EMAIL = re.compile(r"[^\s<>\"',;:()]+@[^\s<>\"',;:()]+")


@dataclass(frozen=True)
class _BadgeBatches:
    find: Callable[[int], Awaitable[list[int]]]  # event id -> batch ids
    delete: Callable[[list[int]], Awaitable[int]]  # inside the sweep's transaction


_badge_batches: list[_BadgeBatches] = []


def forget_badge_batches_with(
    find: Callable[[int], Awaitable[list[int]]], delete: Callable[[list[int]], Awaitable[int]]
) -> None:
    """Check-in sits above registration (it books at the door), so it hands in, when it loads,
    how an event's badge batches are found and deleted (`checkin.delete_badge_batches`)."""
    _badge_batches[:] = [_BadgeBatches(find, delete)]


@dataclass
class RetentionResult:
    """What one run anonymised (or, in a dry run, would anonymise) for one event."""

    registrations: int = 0
    attendees: int = 0
    ticket_pdfs: int = 0
    mails: int = 0
    mail_files: int = 0
    audit_entries: int = 0
    failed_jobs: int = 0
    badge_batches: int = 0

    def add(self, other: RetentionResult) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    def as_dict(self) -> dict[str, int]:
        return {item.name: getattr(self, item.name) for item in fields(self)}

    @property
    def changed(self) -> bool:
        return any(self.as_dict().values())


@dataclass(frozen=True)
class RetentionStatus:
    """For the organiser's page: when personal data goes, and whether it has gone."""

    due_at: datetime
    is_due: bool
    pending: int  # attendees not anonymised yet
    anonymised_at: datetime | None  # the latest anonymisation, if any

    @property
    def can_anonymise_now(self) -> bool:
        return self.is_due and self.pending > 0


def retention_due_at(event: Event) -> datetime:
    return event.ends_at + timedelta(days=event.retention_days)


def is_retention_due(event: Event, *, now: datetime | None = None) -> bool:
    """True once the event has ended and its retention period has passed."""
    moment = now or clock.now()
    return event.ends_at <= moment and retention_due_at(event) <= moment


async def retention_status(event: Event) -> RetentionStatus:
    pending = await Attendee.filter(event_id=event.id, anonymised_at__isnull=True).count()
    latest = (
        await Attendee.filter(event_id=event.id, anonymised_at__isnull=False)
        .order_by("-anonymised_at")
        .limit(1)
        .values_list("anonymised_at", flat=True)
    )
    return RetentionStatus(
        due_at=retention_due_at(event),
        is_due=is_retention_due(event),
        pending=pending,
        anonymised_at=cast(datetime, latest[0]) if latest else None,
    )


# ---------------------------------------------------------------- use cases


async def anonymise_event(
    event: Event, *, actor: Actor, now: datetime | None = None, outbox_dir: Path | None = None
) -> RetentionResult:
    """Anonymise every attendee of the event not anonymised yet; idempotent (a second run counts
    0). Side effects: personal fields cleared per batch transaction, audit
    `registration.anonymised` with the counts, outbox `.eml` copies deleted after commit.
    Raises Conflict(retention_not_due) before the event has ended and its period passed."""
    now = now or clock.now()
    if not is_retention_due(event, now=now):
        raise Conflict(
            "retention_not_due",
            _("De bewaartermijn van dit evenement is nog niet voorbij."),
        )
    result, scrubbed = RetentionResult(), _Scrubbed()
    chunks = await _pending_chunks(event.id)
    for index, chunk in enumerate(chunks):
        async with in_transaction():
            targets = await _targets(event.id, chunk)
            files = await _outbox_files(outbox_dir, targets)
            result.add(await _apply(targets, now=now, scrubbed=scrubbed))
            result.mail_files += len(files)
            if index == len(chunks) - 1 and result.attendees:
                await audit.record(
                    actor, "registration.anonymised", event, event_id=event.id, **result.as_dict()
                )
        # After commit: a rollback keeps the message, so it must keep its copy too.
        for path in files:
            path.unlink(missing_ok=True)
    return result


async def preview_event(
    event: Event, *, now: datetime | None = None, outbox_dir: Path | None = None
) -> RetentionResult:
    """What anonymise_event would change now, without changing anything (for a dry run)."""
    result, scrubbed = RetentionResult(), _Scrubbed()
    if not is_retention_due(event, now=now):
        return result
    for chunk in await _pending_chunks(event.id):
        targets = await _targets(event.id, chunk)
        result.add(targets.counts(scrubbed))
        result.mail_files += len(await _outbox_files(outbox_dir, targets))
    return result


async def anonymise_due_events(
    *, now: datetime | None = None, dry_run: bool = False, outbox_dir: Path | None = None
) -> list[tuple[str, RetentionResult]]:
    """The daily sweep: every ended event whose retention period has passed and that still has
    attendees not anonymised, as (slug, counts). `dry_run` only counts."""
    now = now or clock.now()
    done: list[tuple[str, RetentionResult]] = []
    for event in await Event.filter(ends_at__lte=now).order_by("ends_at", "id"):
        if not is_retention_due(event, now=now):
            continue
        if not await Attendee.filter(event_id=event.id, anonymised_at__isnull=True).exists():
            continue
        if dry_run:
            result = await preview_event(event, now=now, outbox_dir=outbox_dir)
        else:
            result = await anonymise_event(
                event, actor=audit.SYSTEM, now=now, outbox_dir=outbox_dir
            )
            log.info("event %s: anonymised %s", event.slug, result.as_dict())
        done.append((event.slug, result))
    return done


# ---------------------------------------------------------------- finding and clearing


@dataclass
class _Scrubbed:
    """Audit entries already scrubbed in this run, so one is counted once across batches."""

    audit_ids: set[int] = field(default_factory=set)
    failed_job_ids: set[int] = field(default_factory=set)


@dataclass
class _Targets:
    attendee_ids: list[int]
    registration_ids: list[int]
    emails: set[str]  # lower-case
    names: set[str]  # case-folded
    ticket_ids: list[int]  # tickets with a stored PDF
    message_ids: list[int]
    audit: dict[int, tuple[str, Any]]  # id -> (actor_label, data) after scrubbing
    failed_jobs: dict[int, Any]  # id -> kwargs after scrubbing
    badge_batch_ids: list[int]

    def counts(self, scrubbed: _Scrubbed) -> RetentionResult:
        new_audit = set(self.audit) - scrubbed.audit_ids
        new_failed = set(self.failed_jobs) - scrubbed.failed_job_ids
        scrubbed.audit_ids |= new_audit
        scrubbed.failed_job_ids |= new_failed
        return RetentionResult(
            registrations=len(self.registration_ids),
            attendees=len(self.attendee_ids),
            ticket_pdfs=len(self.ticket_ids),
            mails=len(self.message_ids),
            audit_entries=len(new_audit),
            failed_jobs=len(new_failed),
            badge_batches=len(self.badge_batch_ids),
        )


async def _pending_chunks(event_id: int) -> list[list[int]]:
    """Ids of the event's registrations with attendees not anonymised, in batches."""
    query = Attendee.filter(event_id=event_id, anonymised_at__isnull=True)
    ids = sorted(set(await _ids(query, "registration_id")))
    return [ids[start : start + BATCH_SIZE] for start in range(0, len(ids), BATCH_SIZE)]


async def _targets(event_id: int, registration_ids: list[int]) -> _Targets:
    people = await Attendee.filter(
        registration_id__in=registration_ids, anonymised_at__isnull=True
    ).values_list("id", "name", "email")
    contacts = await Registration.filter(id__in=registration_ids, event_id=event_id).values_list(
        "id", "contact_name", "contact_email"
    )
    everyone = [*people, *contacts]
    emails = {str(email).strip().lower() for _id, _name, email in everyone if email}
    names = {
        str(name).strip().casefold()
        for _id, name, _email in everyone
        if len(str(name).strip()) > 1 and name != ANONYMOUS_NAME
    }
    attendee_ids = [row[0] for row in people]
    return _Targets(
        attendee_ids=attendee_ids,
        registration_ids=sorted({row[0] for row in contacts}),
        emails=emails,
        names=names,
        ticket_ids=await tickets.tickets_with_pdf(attendee_ids),
        message_ids=await mail.messages_to(event_id, emails),
        audit=await _audit_to_scrub(event_id, emails, names),
        failed_jobs=await _failed_jobs_to_scrub(event_id, emails, names),
        badge_batch_ids=await _badge_batches[0].find(event_id) if _badge_batches else [],
    )


async def _ids(query: QuerySet[Any], column: str = "id") -> list[int]:
    return cast(list[int], await query.values_list(column, flat=True))


async def _apply(targets: _Targets, *, now: datetime, scrubbed: _Scrubbed) -> RetentionResult:
    """Clear what `targets` found (inside the caller's transaction). The attendee update is
    guarded, so two sweeps running at once count each attendee once."""
    counts = targets.counts(scrubbed)
    counts.attendees = await Attendee.filter(
        id__in=targets.attendee_ids, anonymised_at__isnull=True
    ).update(
        name=ANONYMOUS_NAME,
        email="",
        organisation="",
        access_needs=[],
        access_other="",
        diet="",
        guardian_name="",
        guardian_email="",
        answers={},
        anonymised_at=now,
    )
    counts.registrations = (
        await Registration.filter(id__in=targets.registration_ids)
        .filter(
            Q(contact_name__not=ANONYMOUS_NAME)
            | Q(contact_email__not="")
            | Q(idempotency_key__isnull=False)
        )
        .update(contact_name=ANONYMOUS_NAME, contact_email="", idempotency_key=None)
    )
    counts.ticket_pdfs = await tickets.forget_pdfs(targets.ticket_ids)
    counts.mails = await mail.purge_messages(targets.message_ids)
    await audit.scrub(targets.audit)
    await jobs.forget_failed(targets.failed_jobs)
    if _badge_batches:
        counts.badge_batches = await _badge_batches[0].delete(targets.badge_batch_ids)
    return counts


async def _audit_to_scrub(
    event_id: int, emails: set[str], names: set[str]
) -> dict[int, tuple[str, Any]]:
    found: dict[int, tuple[str, Any]] = {}
    rows = await AuditEntry.filter(event_id=event_id).values_list(
        "id", "actor_kind", "actor_label", "data"
    )
    for entry_id, kind, label, data in rows:
        # Every attendee of the event is due, so an attendee's address is personal even when
        # it is one the attendee used before changing it.
        personal = str(label).strip().lower() in emails or (kind == "attendee" and "@" in label)
        new_label = ANONYMOUS_LABEL if personal else label
        new_data = _scrub(data, emails, names)
        if new_label != label or new_data != data:
            found[entry_id] = (new_label, new_data)
    return found


async def _failed_jobs_to_scrub(event_id: int, emails: set[str], names: set[str]) -> dict[int, Any]:
    found: dict[int, Any] = {}
    for failed_id, kwargs in await FailedJob.filter(event_id=event_id).values_list("id", "kwargs"):
        cleaned = _scrub(kwargs, emails, names)
        if cleaned != kwargs:
            found[failed_id] = cleaned
    return found


def _scrub(value: Any, emails: set[str], names: set[str]) -> Any:
    """`value` (JSON) with the given names and e-mail addresses blanked, at any depth."""
    if isinstance(value, dict):
        return {key: _scrub(item, emails, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, emails, names) for item in value]
    if isinstance(value, str):
        if value.strip().casefold() in names or value.strip().lower() in emails:
            return ""
        return _EMAIL.sub(lambda m: "" if m.group(0).lower() in emails else m.group(0), value)
    return value


# ---------------------------------------------------------------- the outbox folder


def _mail_files(outbox_dir: Path, message_ids: list[int], emails: set[str]) -> list[Path]:
    """The `.eml` copies (<stamp>-<id>.eml) of these messages that are addressed to `emails`
    (the To header is checked too: SQLite may give a deleted message's id to a new one)."""
    if not message_ids or not outbox_dir.is_dir():
        return []
    wanted = {str(message_id) for message_id in message_ids}
    found = []
    for path in outbox_dir.glob("*.eml"):
        if path.stem.rsplit("-", 1)[-1] not in wanted:
            continue
        with path.open("rb") as handle:
            headers = BytesHeaderParser().parse(handle)
        addresses = {address.lower() for _name, address in getaddresses(headers.get_all("To", []))}
        if addresses & emails:
            found.append(path)
    return found


async def _outbox_files(outbox_dir: Path | None, targets: _Targets) -> list[Path]:
    if outbox_dir is None:
        return []
    return await asyncio.to_thread(_mail_files, outbox_dir, targets.message_ids, targets.emails)
