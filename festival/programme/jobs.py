"""Programme's job: announce a published version's changes to the people they affect."""

from __future__ import annotations

import logging
from typing import Any

from festival import jobs
from festival.programme import services as programme


@jobs.job
async def announce_schedule_changes(ctx: dict[str, Any], version_id: int) -> None:
    """After a programme version is published: mail the people holding a seat in a session it
    moved, changed, cancelled or removed (one mail per address). Idempotent."""
    settings = jobs.settings_of(ctx)
    queued = await programme.announce_changes(
        version_id, base_url=settings.base_url, secret_key=settings.secret_key
    )
    logging.getLogger("festival.programme").info(
        "schedule version %s: %d change mails queued", version_id, queued
    )


JOBS: list[jobs.JobFunction] = [announce_schedule_changes]
