"""The public page of an archived session and the newest entries (the Atom feed): only the
programme's public texts, the partner, the approved outcome and approved materials."""

from __future__ import annotations

from dataclasses import dataclass

from festival.archive.models import ArchiveEntry, Material, Outcome, OutcomeState
from festival.errors import NotFound
from festival.i18n import _


@dataclass(frozen=True)
class ArchivePage:
    entry: ArchiveEntry
    outcome: Outcome | None  # approved only
    materials: list[Material]  # approved only


async def archive_page(code: str) -> ArchivePage:
    """An archived session by its public code. Raises NotFound."""
    entry = await ArchiveEntry.get_or_none(code=code) if len(code) <= 12 else None
    if entry is None:
        raise NotFound("session_not_found", _("Deze sessie staat niet in de kennisbank."))
    outcome = await Outcome.get_or_none(session_id=entry.session_id, state=OutcomeState.APPROVED)
    materials = await Material.filter(session_id=entry.session_id, approved=True)
    return ArchivePage(entry, outcome, list(materials))


@dataclass(frozen=True)
class FeedItem:
    entry: ArchiveEntry
    outcome: Outcome | None


async def latest_entries(limit: int = 50) -> list[FeedItem]:
    """The archived sessions most recently changed, with their approved outcomes."""
    entries = await ArchiveEntry.all().order_by("-updated_at", "-id").limit(limit)
    outcomes = {
        o.session_id: o
        for o in await Outcome.filter(
            session_id__in=[e.session_id for e in entries], state=OutcomeState.APPROVED
        )
    }
    return [FeedItem(e, outcomes.get(e.session_id)) for e in entries]
