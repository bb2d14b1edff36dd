"""The demo's previous edition gets its report once, made by the job after the load."""

from __future__ import annotations

from festival.evaluation import demo
from festival.evaluation.models import ReportRun, ReportState
from festival.settings import Settings
from tests.conftest import run_jobs
from tests.evaluation.conftest import Edition


async def test_demo_queues_the_previous_editions_report_once(
    edition: Edition, settings: Settings
) -> None:
    assert await demo.extend_demo(edition.event) == {"reports": 1}
    await run_jobs(settings)
    run = await ReportRun.get(event_id=edition.previous.id)
    assert run.state == ReportState.DONE and run.pdf
    assert await demo.extend_demo(edition.event) == {"reports": 0}
    assert await demo.extend_demo(edition.previous) == {"reports": 0}  # no edition before it
    assert await ReportRun.all().count() == 1
