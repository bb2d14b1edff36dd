"""Who came in: the attendees admitted at the entrance, for the evaluation report's reach."""

from __future__ import annotations

from typing import Any

from festival.checkin.models import ENTRANCE, Checkin


async def entrance_attendees(event_id: int) -> set[int]:
    """Ids of the attendees admitted at the event's entrance (one query; a repeated scan of the
    same ticket is not a second person)."""
    ids: list[Any] = await Checkin.filter(
        event_id=event_id, live_key__isnull=False, checkpoint=ENTRANCE
    ).values_list("attendee_id", flat=True)
    return {int(i) for i in ids}
