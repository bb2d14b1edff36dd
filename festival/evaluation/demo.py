"""The evaluation area's part of the demo: the previous edition (the event before the demo's, of
the same organisation) gets a generated report PDF, so organisers open one at once."""

from __future__ import annotations

from typing import Any

from festival.audit import SYSTEM
from festival.evaluation import queries, services
from festival.events.models import Event


async def extend_demo(event: Event) -> dict[str, Any]:
    """Render the previous edition's report once (about a second; idempotent)."""
    before = await queries.previous_edition(event)
    if before is None or await queries.latest_done_run(before.id) is not None:
        return {"reports": 0}
    run = await services.create_run(before, actor=SYSTEM)
    await services.render_report(run.id)
    return {"reports": 1}
