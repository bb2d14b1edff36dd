"""Tickets' jobs: render a ticket's PDF, then mail the registration's tickets once."""

from __future__ import annotations

import logging
from typing import Any

from festival import jobs
from festival.tickets import services as tickets


@jobs.job
async def render_ticket_pdf(ctx: dict[str, Any], ticket_id: int) -> None:
    """Render and store a ticket's PDF; when the registration's PDFs are all ready and its
    confirmation has not gone out yet, queue send_ticket_mail."""
    if await tickets.render_ticket_pdf(ticket_id) is None:
        logging.getLogger("festival.tickets").info("ticket %s is gone: no PDF", ticket_id)
        return
    await tickets.after_render(ticket_id)


@jobs.job
async def send_ticket_mail(ctx: dict[str, Any], registration_id: int) -> None:
    """Mail the registration's confirmation with each attendee's PDF and .ics (once)."""
    settings = jobs.settings_of(ctx)
    await tickets.send_ticket_mail(
        registration_id, base_url=settings.base_url, secret_key=settings.secret_key
    )


JOBS: list[jobs.JobFunction] = [render_ticket_pdf, send_ticket_mail]
