"""The demo's previous edition gets its report once, made by the job after the load."""

from __future__ import annotations

import asyncio
import subprocess

import httpx

from festival import demo as festival_demo
from festival.evaluation import demo
from festival.evaluation.models import ReportRun, ReportState
from festival.events.models import Event
from festival.settings import Settings
from tests.conftest import run_jobs
from tests.evaluation.conftest import Edition
from tests.helpers import login


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


async def test_demo_previous_edition_report_shows_its_outcomes(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    await festival_demo.load_demo()
    await run_jobs(settings)
    previous = await Event.get(slug="dld-demo-2026")
    run = await ReportRun.get(event_id=previous.id)
    assert run.state == ReportState.DONE and run.pdf
    text = await asyncio.to_thread(_pdf_text, bytes(run.pdf))
    for expected in (
        "Burgerberaad in uw gemeente: van loting tot advies",
        "Gemeenteraad van Utrecht",
        "Meer groen en minder hitte in de dorpskern",
    ):
        assert expected in text, expected
    assert "de wijkbegroting van Zeist-West" not in text  # waits for approval: not in the report
    await login(client, "organisator@demo.festival.nl", festival_demo.PASSWORD)
    page = await client.get("/admin/events/dld-demo-2026/report")
    assert "Meer groen en minder hitte in de dorpskern" in page.text


def _pdf_text(pdf: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())
