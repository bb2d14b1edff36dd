"""Feedback's job: the periodic sweep that mails due survey invitations and reminders."""

from __future__ import annotations

import logging
from typing import Any

from festival import jobs
from festival.feedback import services as feedback


@jobs.job
async def sweep_feedback_invitations(ctx: dict[str, Any]) -> None:
    """Periodic sweep: queue the survey invitations and reminders that are due (idempotent)."""
    settings = jobs.settings_of(ctx)
    queued = await feedback.sweep_invitations(
        base_url=settings.base_url, secret_key=settings.secret_key
    )
    if queued:
        logging.getLogger("festival.feedback").info("%s survey mails queued", queued)


JOBS: list[jobs.JobFunction] = [sweep_feedback_invitations]
