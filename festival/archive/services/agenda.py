"""The national agenda: every published event of every organisation on the instance, by date
and place, as a page and as one iCalendar feed (made by the programme's iCalendar code)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from festival import clock
from festival.events import services as events
from festival.events.models import Event, EventStatus
from festival.programme import services as programme


@dataclass(frozen=True)
class AgendaItem:
    event: Event
    places: list[str]  # the cities of its venues (or venue names without a city)


async def agenda(*, now: datetime | None = None, past: bool = False) -> list[AgendaItem]:
    """Published events still to come (soonest first), or those that ended (latest first)."""
    now = now or clock.now()
    found = [
        e
        for e in await events.public_events()
        if e.status == EventStatus.PUBLISHED and (e.ends_at < now) == past
    ]
    if past:
        found.reverse()
    items = []
    for event in found:
        venues = await events.venues_for_event(event)
        places = list(dict.fromkeys(v.city or v.name for v in venues))
        items.append(AgendaItem(event, places))
    return items


async def agenda_ics(*, base_url: str, now: datetime | None = None) -> bytes:
    """Every published event still to come as one calendar."""
    items = await agenda(now=now)
    return programme.events_ics([(i.event, ", ".join(i.places)) for i in items], base_url=base_url)
