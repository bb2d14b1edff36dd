"""The evaluation area's job: render a report PDF."""

from __future__ import annotations

from typing import Any

from festival import jobs
from festival.evaluation import services


@jobs.job
async def render_report(ctx: dict[str, Any], run_id: int, event_id: int | None = None) -> None:
    """Render a report PDF (skipped when the run is gone or finished). `event_id` links a failure
    to its event."""
    await services.render_report(run_id)


JOBS: list[jobs.JobFunction] = [render_report]
