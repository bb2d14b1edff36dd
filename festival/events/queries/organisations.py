"""The events of one organisation (a privacy request covers all of them)."""

from __future__ import annotations

from datetime import datetime

from festival.events.models import Event


async def event_names_of_organisation(organisation_id: int) -> dict[int, str]:
    """Event id -> name of every event the organisation owns, oldest first."""
    rows = await Event.filter(organisation_id=organisation_id).order_by("starts_at", "id")
    return {event.id: event.name for event in rows}


async def events_ended_before(moment: datetime) -> list[Event]:
    """Every event that ended before `moment`, oldest first (retention sweeps pick from them)."""
    return await Event.filter(ends_at__lt=moment).order_by("ends_at", "id")
