"""Every file the UI offers for the demo event (CSV, XLSX, PDF, iCalendar, XML, JSON), found by
following the links of its pages as its owner, opens in the program that reads it."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import httpx

from festival import demo
from festival.events.models import Event
from festival.invoicing.models import CreditNote
from festival.registration import queries
from festival.registration.models import Attendee, Registration
from festival.registration.services.links import manage_url
from festival.settings import Settings
from festival.tickets.models import Ticket
from festival.tickets.services.links import page_url
from tests.conftest import run_jobs
from tests.crawl import FILE_PATH, app_routes, crawl, open_file, route_of
from tests.helpers import csrf_from, login

REPORT_PDF = re.compile(r"^/(admin/events|partners/reports)/[^/]+/report")

# Routes whose path names a file but that are no export of an event's data.
NOT_EXPORTS = {
    "/api/openapi.json",
    "/scan/sw.js",
    "/scan/manifest.webmanifest",
    # the organiser's evaluation report as partners download it (same document; this crawl is
    # the owner's, tests/evaluation/test_report_pages.py fetches it as a partner)
    "/partners/reports/{edition}/report.pdf",
}


def _file_routes(app: Any) -> set[str]:
    return {
        r.path
        for r in app_routes(app)
        if "GET" in r.methods
        and r.path not in NOT_EXPORTS
        and not r.path.startswith("/api/")
        and (FILE_PATH.search(r.path) or r.path.endswith(".{fmt:str}"))
    }


async def _badge_batch(client: httpx.AsyncClient, attendee_id: int, settings: Settings) -> str:
    desk = await client.get("/admin/events/dld-demo/desk")
    response = await client.post(
        "/admin/events/dld-demo/badges",
        data={
            "csrf_token": csrf_from(desk.text),
            "attendee_id": str(attendee_id),
            "layout": "a4_2x4",
        },
    )
    assert response.status_code == 303
    await run_jobs(settings)
    return response.headers["location"]


async def _seeds(client: httpx.AsyncClient, settings: Settings) -> list[str]:
    """The pages a user starts from: the back office, the public event page, an attendee's
    manage link and ticket page (from their mail), a council's manage link with its invoice and
    credit note, and a badge batch made at the desk."""
    event = await Event.get(slug=demo.SLUG)
    ticket = await Ticket.filter(event_id=event.id).order_by("id").first()
    assert ticket is not None
    attendee = await Attendee.get(id=ticket.attendee_id)
    registration = await Registration.get(id=attendee.registration_id)
    manage = manage_url("", event.slug, registration.code, secret_key=settings.secret_key)
    ticket_page = page_url("", ticket.tid, secret_key=settings.secret_key)
    batch = await _badge_batch(client, attendee.id, settings)
    credited = await CreditNote.filter(event_id=event.id).order_by("id").first()
    assert credited is not None
    invoiced = await Registration.get(id=credited.registration_id)
    return [
        "/admin",
        f"/admin/events/{event.slug}",
        f"/events/{event.slug}",
        manage,
        # a council's registration paid on invoice, with a credit note: its manage page links both
        manage_url("", event.slug, invoiced.code, secret_key=settings.secret_key),
        ticket_page,
        batch,
        "/agenda",  # the national agenda lists the demo event, with its iCal feed
    ]


def _keep(path: str) -> bool:
    return path.startswith(("/admin/events/dld-demo", "/events/dld-demo", "/tickets/", "/agenda"))


async def test_every_export_of_the_demo_event_opens(
    app: Any, client: httpx.AsyncClient, settings: Settings
) -> None:
    await demo.load_demo()
    await login(client, demo.ACCOUNTS[0][0], demo.PASSWORD)
    routes = app_routes(app)
    found = await crawl(client, routes, await _seeds(client, settings), keep=_keep, per_route=60)
    assert [p for p, status in found.pages.items() if status >= 500] == []
    # The public contract names these for conference apps; no page links them.
    found.files |= {"/events/dld-demo/schedule.xml", "/events/dld-demo/schedule.json"}

    event = await Event.get(slug=demo.SLUG)
    # Attendees of dld-demo and of the previous edition dld-demo-2026, which the crawl reaches too.
    names = set(await Attendee.all().values_list("name", flat=True))
    opened: dict[str, Any] = {}
    for path in sorted(found.files):
        response = await client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        opened[path] = open_file(path, response)
        if REPORT_PDF.search(path):  # the evaluation report counts people, never names them
            assert not any(name in opened[path] for name in names), f"{path}: names someone"
        elif path.endswith(".pdf"):
            assert any(name in opened[path] for name in names), f"{path}: no attendee named"

    covered = {route_of(routes, urlsplit(p).path).path for p in opened}  # type: ignore[union-attr]
    assert covered == _file_routes(app)
    rosters = {
        f"/admin/events/dld-demo/seats/{s['id']}/attendees.{fmt}"
        for s in await queries.seat_overview(event.id)
        for fmt in ("csv", "xlsx", "pdf")
    }
    assert rosters <= set(opened)
    assert {
        "/admin/events/dld-demo/registrations/export.csv",
        "/admin/events/dld-demo/registrations/export.xlsx",
    } <= set(opened)
