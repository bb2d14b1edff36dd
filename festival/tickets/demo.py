"""Demo tickets for `dld-demo`: every confirmed demo attendee has a ticket, so staff trying the
scanner find people to scan (the PDFs render when first downloaded)."""

from __future__ import annotations

from typing import Any

from festival.events.models import Event
from festival.tickets import services as tickets


async def extend_demo(event: Event) -> dict[str, Any]:
    return {"tickets": await tickets.issue_missing_for_event(event.id)}
