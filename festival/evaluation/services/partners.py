"""Who reads an edition's report besides its organisers: the partners with a session in it."""

from __future__ import annotations

from festival.errors import NotFound
from festival.evaluation import queries
from festival.events.models import Event
from festival.i18n import _
from festival.programme import queries as programme_queries
from festival.submissions import queries as submissions_queries


async def partner_editions(organisation_id: int) -> list[Event]:
    """The events in which the partner organisation has a session, newest first."""
    sessions = await submissions_queries.session_partners(organisation_id=organisation_id)
    infos = await programme_queries.session_infos(list(sessions))
    event_ids = {info.event_id for info in infos.values()}
    return await queries.events_by_id(event_ids)


async def edition_for_partner(slug: str, organisation_id: int) -> Event:
    """The event `slug` when the partner organisation has a session in it. Raises NotFound, the
    same for an event that does not exist as for one the partner has no part in."""
    for event in await partner_editions(organisation_id):
        if event.slug == slug:
            return event
    raise NotFound("event_not_found", _("Dit evenement bestaat niet."))
