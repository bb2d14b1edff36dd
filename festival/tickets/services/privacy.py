"""Access and erasure requests: an attendee's tickets (the PDF shows the name, so erasing
forgets it; the ticket row stays for the counts and the scans)."""

from __future__ import annotations

from typing import Any

from festival.tickets.models import Ticket
from festival.tickets.services.documents import forget_pdfs, tickets_with_pdf


async def personal_data(attendee_ids: list[int]) -> dict[str, Any]:
    rows = (
        await Ticket.filter(attendee_id__in=attendee_ids)
        .order_by("id")
        .values("id", "attendee_id", "event_id", "tid", "status", "issued_at", "mail_sent_at")
    )
    return {"tickets": rows}


async def erase_personal_data(attendee_ids: list[int]) -> dict[str, int]:
    """Forget the stored PDFs of these attendees' tickets (inside the caller's transaction)."""
    return {"ticket_pdfs": await forget_pdfs(await tickets_with_pdf(attendee_ids))}
