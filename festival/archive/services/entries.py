"""The archive's entries: one per session of a public event that has ended or has an approved
outcome, built from the published programme, the partner and the approved outcome. The
database keeps the full-text index in step with every write (see the migration)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from festival import clock
from festival.archive.models import ArchiveEntry, Outcome, OutcomeState
from festival.events import services as events
from festival.events.models import Event
from festival.programme import queries as programme
from festival.submissions import queries as submissions_queries

# Formats that are no session worth archiving.
SKIPPED_FORMATS = ("break",)
TAG_WORDS = {
    "timing": "timing",
    "wie_was_er_bij": "wie was er bij",
    "rol_van_de_raad": "rol van de raad",
    "begeleiding": "begeleiding",
    "voorbereiding": "voorbereiding",
    "communicatie": "communicatie",
}


def outcome_text(outcome: Outcome | None) -> str:
    """The searchable words of an approved outcome."""
    if outcome is None:
        return ""
    parts = [
        outcome.question,
        outcome.method,
        outcome.council,
        outcome.happened,
        outcome.why,
        " ".join(TAG_WORDS.get(t, t) for t in outcome.why_tags or []),
        outcome.theme,
        outcome.follow_up,
        outcome.summary,
    ]
    return "\n".join(p for p in parts if p)


def entry_values(
    event: Event,
    item: programme.SessionItem,
    *,
    outcome: Outcome | None,
    partner: str,
) -> dict[str, Any]:
    speakers = ", ".join(sp.name for sp in item.speakers)
    track = item.track.name if item.track else ""
    body = "\n".join(
        p for p in (item.abstract, speakers, partner, track, event.name, outcome_text(outcome)) if p
    )
    return {
        "session_id": item.id,
        "code": item.code,
        "event_id": event.id,
        "event_slug": event.slug,
        "event_name": event.name,
        "organisation_id": event.organisation_id,
        "year": clock.to_local(item.starts_at, event.timezone).year,
        "starts_at": item.starts_at,
        "ends_at": item.ends_at,
        "timezone": event.timezone,
        "format": item.format,
        "track": track,
        "audiences": " " + " ".join(item.audiences) + " " if item.audiences else "",
        "partner": partner,
        "speakers": speakers,
        "verdict": str(outcome.verdict) if outcome and outcome.verdict else "",
        "title": item.title,
        "abstract": item.abstract,
        "body": body,
    }


async def index_event(event: Event, *, now: datetime | None = None) -> int:
    """(Re)build the event's entries; the number of entries it has afterwards. Sessions that are
    no longer published, or whose event is no longer public, leave the archive."""
    now = now or clock.now()
    keep: list[dict[str, Any]] = []
    if event.is_public:
        programme_ = await programme.published_programme(event, lang="nl", with_seats=False)
        outcomes = {
            o.session_id: o
            for o in await Outcome.filter(event_id=event.id, state=OutcomeState.APPROVED)
        }
        items = [
            i
            for i in programme_.sessions
            if not i.cancelled
            and i.format not in SKIPPED_FORMATS
            and (i.ends_at <= now or i.id in outcomes)
        ]
        partners = await submissions_queries.session_authors([i.id for i in items])
        keep = [
            entry_values(
                event,
                i,
                outcome=outcomes.get(i.id),
                partner=partners[i.id].organisation_name if i.id in partners else "",
            )
            for i in items
        ]
    async with in_transaction():
        kept_ids = [values["session_id"] for values in keep]
        await ArchiveEntry.filter(event_id=event.id).exclude(session_id__in=kept_ids).delete()
        existing = {e.session_id: e for e in await ArchiveEntry.filter(event_id=event.id)}
        new = []
        for values in keep:
            entry = existing.get(values["session_id"])
            if entry is None:
                new.append(ArchiveEntry(**values))
                continue
            changed = {k: v for k, v in values.items() if getattr(entry, k) != v}
            if changed:
                await ArchiveEntry.filter(id=entry.id).update(**changed)
        if new:
            await ArchiveEntry.bulk_create(new, batch_size=500)
    return len(keep)


async def index_all(*, now: datetime | None = None) -> int:
    """Every public event that has begun (the periodic sweep); the number of entries."""
    now = now or clock.now()
    total = 0
    public = await events.public_events()
    await ArchiveEntry.exclude(event_id__in=[e.id for e in public]).delete()
    for event in public:
        if event.starts_at <= now:
            total += await index_event(event, now=now)
    return total
