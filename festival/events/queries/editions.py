"""The public event by slug (published or archived), cached briefly for the hot paths."""

from __future__ import annotations

from festival import cache
from festival.errors import NotFound
from festival.events.models import PUBLIC_STATUSES, Event, Room, Venue
from festival.i18n import _

SLUG_MAX_LENGTH = 80  # Event.slug max_length


def may_be_slug(slug: object) -> bool:
    """Longer than the column (the ORM refuses to look it up) or with a NUL (PostgreSQL does):
    no event has it."""
    return isinstance(slug, str) and 0 < len(slug) <= SLUG_MAX_LENGTH and "\x00" not in slug


# Hot paths (the registration API) read the event from a per-process cache (festival/cache.py).
cache.clear_on_change(Event, Venue, Room)
_public_events: cache.TTLCache[Event | None] = cache.TTLCache(seconds=2.0)


async def public_event(slug: str, *, cached: bool = False) -> Event:
    """A published or archived event; drafts do not exist for the public. Raises NotFound.
    `cached`: may be up to two seconds old when another process changed it (read it only)."""

    async def load() -> Event | None:
        if not may_be_slug(slug):
            return None
        return await Event.get_or_none(slug=slug, status__in=list(PUBLIC_STATUSES))

    event = await (_public_events.get(slug, load) if cached else load())
    if event is None:
        raise NotFound("event_not_found", _("Dit evenement bestaat niet."))
    return event
