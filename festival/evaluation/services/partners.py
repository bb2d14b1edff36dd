"""Who reads an edition's report besides its organisers: the partners with a session in it."""

from __future__ import annotations

from festival.errors import NotFound
from festival.evaluation import queries
from festival.events.models import Event
from festival.i18n import _
from festival.programme import queries as programme_queries


async def partner_editions(session_ids: frozenset[int]) -> list[Event]:
    """The events the partner's sessions (submissions' PartnerAccess) belong to, newest first."""
    infos = await programme_queries.session_infos(sorted(session_ids))
    return await queries.events_by_id({info.event_id for info in infos.values()})


async def edition_for_partner(slug: str, session_ids: frozenset[int]) -> Event:
    """The event `slug` when one of the partner's sessions is in it. Raises NotFound, the same
    for an event that does not exist as for one the partner has no part in."""
    for event in await partner_editions(session_ids):
        if event.slug == slug:
            return event
    raise NotFound("event_not_found", _("Dit evenement bestaat niet."))
