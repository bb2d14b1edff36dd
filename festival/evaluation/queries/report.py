"""Reads the report needs that no other area offers: the organisation's edition before this one,
and the generated report PDFs of an event."""

from __future__ import annotations

from festival.evaluation.models import ReportRun, ReportState
from festival.events.models import Event, EventStatus

RUNS_SHOWN = 5


async def previous_edition(event: Event) -> Event | None:
    """The same organisation's latest non-draft event that started before this one."""
    return (
        await Event.filter(organisation_id=event.organisation_id, starts_at__lt=event.starts_at)
        .exclude(id=event.id)
        .exclude(status=EventStatus.DRAFT)
        .order_by("-starts_at", "-id")
        .first()
    )


async def runs_of(event_id: int) -> list[ReportRun]:
    """The latest report runs of the event, newest first, without their PDF bytes."""
    return (
        await ReportRun.filter(event_id=event_id)
        .order_by("-created_at", "-id")
        .limit(RUNS_SHOWN)
        .only("id", "event_id", "state", "error", "created_at", "finished_at")
    )


async def latest_done_run(event_id: int) -> ReportRun | None:
    """The newest finished report of the event, with its PDF."""
    return (
        await ReportRun.filter(event_id=event_id, state=ReportState.DONE)
        .order_by("-created_at", "-id")
        .first()
    )


async def events_by_id(event_ids: set[int]) -> list[Event]:
    """Those events, newest first (one query)."""
    if not event_ids:
        return []
    return await Event.filter(id__in=sorted(event_ids)).order_by("-starts_at", "-id")
