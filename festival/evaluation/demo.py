"""The evaluation area's part of the demo: the previous edition (the event before the demo's, of
the same organisation) gets a report PDF, so organisers and partners open one at once."""

from __future__ import annotations

from typing import Any

from festival.audit import SYSTEM
from festival.evaluation import queries, services
from festival.events.models import Event


async def extend_demo(event: Event) -> dict[str, Any]:
    """Queue the previous edition's report once (idempotent). Rendering takes one to three
    seconds, more than the demo load may; the job runs right after it (in-process, the runner
    finishes it before `festival demo` exits; with Redis, a worker does)."""
    before = await queries.previous_edition(event)
    if before is None or await queries.runs_of(before.id):
        return {"reports": 0}
    await services.request_report(before, actor=SYSTEM)
    return {"reports": 1}
