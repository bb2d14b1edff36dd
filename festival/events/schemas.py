"""Input of the events back office, read from its forms (the event, venues, rooms, tracks)."""

from __future__ import annotations

from typing import Annotated

from festival.schemas import Input, limit


class VenueIn(Input):
    """A venue: where it is and how to reach it without steps."""

    name: Annotated[str, limit(200)]
    address: Annotated[str, limit(300, required=False)] = ""
    city: Annotated[str, limit(120, required=False)] = ""
    directions: Annotated[str, limit(5000, required=False)] = ""
    step_free_notes: Annotated[str, limit(5000, required=False)] = ""
    directions_en: Annotated[str, limit(5000, required=False)] = ""
    step_free_notes_en: Annotated[str, limit(5000, required=False)] = ""
