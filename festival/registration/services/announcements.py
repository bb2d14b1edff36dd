"""Programme changes told to the people they affect: after programme publishes a version,
registration's job mails everyone holding a seat in a session it moved, changed, cancelled or
removed (programme only lists the changes; who holds a seat is registration's)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from festival.events.models import Event
from festival.i18n import localised_field
from festival.mail import services as mail
from festival.programme import queries as programme
from festival.registration import queries
from festival.registration.services import links

ANNOUNCE_TEMPLATE = "programme/schedule_changed"
_CHANGE_RANK = {"changed": 0, "moved": 1, "removed": 2, "cancelled": 3}


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _session_change(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """One session's entries of a version as one line of the mail: the strongest change
    (cancelled > removed > moved > changed) and where it is now (and was, for a move)."""
    change = max((e["change"] for e in entries), key=lambda c: _CHANGE_RANK.get(c, 0))
    moved = next((e for e in entries if e["change"] == "moved"), None)
    last = entries[-1]
    now = moved["to"] if moved else last
    return {
        "session_id": last["session_id"],
        "change": change,
        "title": last.get("title") or "",
        "starts_at": _moment(now.get("starts_at")),
        "ends_at": _moment(now.get("ends_at")),
        "room": now.get("room") or "",
        "moved": moved is not None,
        "old_starts_at": _moment(moved["from"].get("starts_at")) if moved else None,
        "old_room": (moved["from"].get("room") or "") if moved else "",
    }


async def announce_changes(version_id: int, *, base_url: str, secret_key: str) -> int:
    """Mail everyone holding a seat (confirmed or offered) in a session this version moved,
    changed, cancelled or removed: one mail per address listing all their changed sessions,
    in the registration's language, with the manage link. Returns the number of mails queued.

    Idempotent: a mail whose rendered subject (it names the version number) already sits in the
    outbox for that address and event is not queued again, so a retried job mails nobody twice."""
    changes = await programme.changes_to_announce(version_id)
    version = await programme.published_version(version_id)
    if not changes or version is None:
        return 0
    event = await Event.get_or_none(id=version.event_id)
    if event is None:
        return 0
    booked = await queries.booked_people(sorted(changes))
    people: dict[str, dict[str, Any]] = {}
    for session_id in sorted(changes, key=lambda i: (changes[i][-1].get("starts_at") or "", i)):
        for person in booked.get(session_id, []):
            key = person["email"].strip().lower()
            entry = people.setdefault(key, {**person, "session_ids": [], "registration_codes": []})
            if session_id not in entry["session_ids"]:
                entry["session_ids"].append(session_id)
            if person["registration_code"] not in entry["registration_codes"]:
                entry["registration_codes"].append(person["registration_code"])
    queued = 0
    for person in people.values():
        context = {
            "name": person["name"],
            "event_name": localised_field(event, "name", person["language"]),
            "contact_email": event.contact_email,
            "timezone": event.timezone,
            "version": version.number,
            "sessions": [_session_change(changes[i]) for i in person["session_ids"]],
            "manage_urls": [
                links.manage_url(base_url, event.slug, code, secret_key=secret_key)
                for code in person["registration_codes"]
            ],
        }
        subject = mail.render_mail(ANNOUNCE_TEMPLATE, context, language=person["language"]).subject
        if await mail.already_queued(
            template=ANNOUNCE_TEMPLATE, event_id=event.id, to=person["email"], subject=subject
        ):
            continue
        await mail.queue_mail(
            person["email"],
            template=ANNOUNCE_TEMPLATE,
            context=context,
            language=person["language"],
            event_id=event.id,
        )
        queued += 1
    return queued
