"""The archive's job: the periodic sweep that archives ended sessions and asks for outcomes."""

from __future__ import annotations

import logging
from typing import Any

from festival import jobs
from festival.archive import services as archive


@jobs.job
async def sweep_archive(ctx: dict[str, Any]) -> None:
    """Index the sessions that ended, then mail the invitations and reminders due (each mail
    once: a unique request row). Idempotent."""
    settings = jobs.settings_of(ctx)
    entries, mails = await archive.sweep(base_url=settings.base_url, secret_key=settings.secret_key)
    logging.getLogger("festival.archive").info(
        "archive sweep: %d entries, %d outcome mails", entries, mails
    )


JOBS: list[jobs.JobFunction] = [sweep_archive]
