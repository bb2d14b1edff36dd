"""Events: editions with venues, rooms and tracks; publishing and archiving."""

from __future__ import annotations

from festival.errors import NotFound
from festival.events.models import PUBLIC_STATUSES, Event
from festival.i18n import _


async def get_event(slug: str) -> Event:
    """Any event by slug (organiser side). Raises NotFound."""
    event = await Event.get_or_none(slug=slug)
    if event is None:
        raise NotFound("event_not_found", _("Dit evenement bestaat niet."))
    return event


async def public_event(slug: str) -> Event:
    """A published or archived event; drafts do not exist for the public. Raises NotFound."""
    event = await Event.get_or_none(slug=slug, status__in=list(PUBLIC_STATUSES))
    if event is None:
        raise NotFound("event_not_found", _("Dit evenement bestaat niet."))
    return event


async def public_events() -> list[Event]:
    return await Event.filter(status__in=list(PUBLIC_STATUSES)).order_by("starts_at")
