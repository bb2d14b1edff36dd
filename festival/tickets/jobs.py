"""Tickets' jobs: render a ticket's PDF (registration's confirmation job mails them)."""

from __future__ import annotations

import logging
from typing import Any

from festival import jobs
from festival.tickets import services as tickets


@jobs.job
async def render_ticket_pdf(ctx: dict[str, Any], ticket_id: int) -> None:
    """Render and store a ticket's PDF (after a change made the stored one stale)."""
    if await tickets.render_ticket_pdf(ticket_id) is None:
        logging.getLogger("festival.tickets").info("ticket %s is gone: no PDF", ticket_id)


JOBS: list[jobs.JobFunction] = [render_ticket_pdf]
