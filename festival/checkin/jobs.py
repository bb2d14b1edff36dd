"""Check-in's job: render a batch of badges."""

from __future__ import annotations

from typing import Any

from festival import jobs
from festival.checkin.services import badges


@jobs.job
async def render_badges(ctx: dict[str, Any], batch_id: int, event_id: int | None = None) -> None:
    """Render a badge PDF batch (skipped when gone or done). `event_id` links a failure to it."""
    await badges.render_badges(batch_id)


JOBS: list[jobs.JobFunction] = [render_badges]
