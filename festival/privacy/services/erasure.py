"""Erasure requests: every area forgets one person in one transaction. What figures need stays
(statuses, bookings, check-ins, ratings, payments); invoices stay seven years with the buyer as
issued. The audit log keeps only that an erasure happened: a keyed hash, never the address.

Per area: attendee and registration contact anonymised as the retention sweep does; ticket
PDFs forgotten; speaker profiles, proposal speakers and partner contacts blanked; refund
actors relabelled; billing details dropped; mails to the address deleted (with their `.eml`
copies after commit); names and the address blanked in audit entries and failed jobs.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
from pathlib import Path
from typing import Any

from tortoise.transactions import in_transaction

from festival import audit, clock, jobs
from festival.audit import Actor, AuditEntry
from festival.errors import NotFound
from festival.i18n import _
from festival.invoicing import services as invoicing
from festival.jobs import FailedJob
from festival.mail import services as mail
from festival.payments import services as payments
from festival.privacy.services.collect import normalised, person_data
from festival.programme import services as programme
from festival.registration import services as registration
from festival.submissions import services as submissions
from festival.tickets import services as tickets

ERASED_LABEL = "geanonimiseerd"
_EMAIL = re.compile(r"[^\s<>\"',;:()]+@[^\s<>\"',;:()]+")


def email_hash(email: str, *, secret_key: str) -> str:
    """A keyed hash of the address: the audit entry can answer "was X erased?" for someone who
    knows X and the key, and tells nobody else the address."""
    digest = hmac.new(secret_key.encode(), normalised(email).encode(), hashlib.sha256)
    return digest.hexdigest()


async def erase_person(
    organisation_id: int,
    email: str,
    *,
    actor: Actor,
    secret_key: str,
    media_dir: Path | None = None,
    outbox_dir: Path | None = None,
) -> dict[str, int]:
    """Erase `email` from every event of the organisation; returns the counts per kind. Side
    effects: one transaction over the areas, audit `privacy.erased` (hash and counts), outbox
    `.eml` copies deleted after commit. Raises NotFound(person_not_found) when nothing is held."""
    email = normalised(email)
    found = await person_data(organisation_id, "", email)
    if not found.found:
        raise NotFound("person_not_found", _("Over dit e-mailadres hebben we niets opgeslagen."))
    event_ids = list(found.events)
    registration_ids = [row["id"] for row in found.sections["registrations"]]
    attendee_ids = [row["id"] for row in found.sections["attendees"]]
    names = _names(found.sections, email)
    now = clock.now()
    async with in_transaction():
        message_ids = await mail.message_ids_to(event_ids, email)
        counts: dict[str, int] = {}
        counts.update(
            await registration.erase_personal_data(
                registration_ids, attendee_ids, email=email, now=now
            )
        )
        counts.update(await tickets.erase_personal_data(attendee_ids))
        counts.update(await programme.erase_personal_data(event_ids, email, media_dir=media_dir))
        counts.update(await submissions.erase_personal_data(event_ids, email))
        counts.update(await payments.erase_personal_data(event_ids, email))
        counts.update(await invoicing.erase_personal_data(registration_ids, event_ids, email))
        counts["mails"] = await mail.purge_messages(message_ids)
        counts["audit_entries"] = await _scrub_audit(event_ids, email, names)
        counts["failed_jobs"] = await _scrub_failed_jobs(event_ids, email, names)
        await audit.record(
            actor,
            "privacy.erased",
            None,
            email_hash=email_hash(email, secret_key=secret_key),
            **counts,
        )
    if outbox_dir is not None:
        await asyncio.to_thread(_delete_mail_files, outbox_dir, message_ids)
    return counts


def _names(sections: dict[str, list[dict[str, Any]]], email: str) -> set[str]:
    """The person's names as they appear in the rows found (blanked in logs and job data)."""
    found = {row.get("name", "") for row in sections.get("attendees", [])}
    found |= {row.get("name", "") for row in sections.get("speakers", [])}
    found |= {row.get("name", "") for row in sections.get("proposal_speakers", [])}
    found |= {row.get("contact_name", "") for row in sections.get("partner_contacts", [])}
    found |= {
        row.get("contact_name", "")
        for row in sections.get("registrations", [])
        if str(row.get("contact_email", "")).lower() == email
    }
    kept = {"", "geanonimiseerd"}
    return {str(n).strip().casefold() for n in found if str(n).strip().casefold() not in kept}


async def _scrub_audit(event_ids: list[int], email: str, names: set[str]) -> int:
    changes: dict[int, tuple[str, Any]] = {}
    rows = await AuditEntry.all().values_list("id", "actor_label", "data", "event_id")
    for entry_id, label, data, entry_event in rows:
        mine = str(label).strip().lower() == email
        if not mine and entry_event not in event_ids and email not in str(data).lower():
            continue
        new_label = ERASED_LABEL if mine else label
        new_data = _scrub(data, email, names)
        if new_label != label or new_data != data:
            changes[entry_id] = (new_label, new_data)
    await audit.scrub(changes)
    return len(changes)


async def _scrub_failed_jobs(event_ids: list[int], email: str, names: set[str]) -> int:
    changes: dict[int, Any] = {}
    for failed_id, kwargs, job_event in await FailedJob.all().values_list(
        "id", "kwargs", "event_id"
    ):
        if job_event not in event_ids and email not in str(kwargs).lower():
            continue
        cleaned = _scrub(kwargs, email, names)
        if cleaned != kwargs:
            changes[failed_id] = cleaned
    await jobs.forget_failed(changes)
    return len(changes)


def _scrub(value: Any, email: str, names: set[str]) -> Any:
    """`value` (JSON) with the names and the address blanked, at any depth."""
    if isinstance(value, dict):
        return {key: _scrub(item, email, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, email, names) for item in value]
    if isinstance(value, str):
        if value.strip().casefold() in names or value.strip().lower() == email:
            return ""
        return _EMAIL.sub(lambda m: "" if m.group(0).lower() == email else m.group(0), value)
    return value


def _delete_mail_files(outbox_dir: Path, message_ids: list[int]) -> None:
    """The `.eml` copies (<stamp>-<id>.eml) of the deleted messages."""
    if not message_ids or not outbox_dir.is_dir():
        return
    wanted = {str(message_id) for message_id in message_ids}
    for path in outbox_dir.glob("*.eml"):
        if path.stem.rsplit("-", 1)[-1] in wanted:
            path.unlink(missing_ok=True)
