"""The demo edition: loads completely, twice without duplicates, and through the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from festival import demo
from festival.accounts.models import Membership, Organisation, User
from festival.audit import AuditEntry
from festival.events.models import Event, EventStatus, Room, Track, Venue
from festival.settings import Settings
from tests.conftest import run_jobs


async def _counts() -> tuple[int, ...]:
    return (
        await Organisation.all().count(),
        await User.all().count(),
        await Membership.all().count(),
        await Event.all().count(),
        await Venue.all().count(),
        await Room.all().count(),
        await Track.all().count(),
        await AuditEntry.all().count(),
    )


@pytest.mark.usefixtures("database")
async def test_load_demo_twice_creates_nothing_the_second_time(settings: Settings) -> None:
    first = await demo.load_demo()
    await run_jobs(settings)  # what the first load queued (mails, PDFs) is done
    counts = await _counts()
    second = await demo.load_demo()
    await run_jobs(settings)
    assert await _counts() == counts
    assert (first["created"], second["created"], second["created_rows"]) == (True, False, 0)
    assert await Organisation.filter(slug__in=["dld", "gemeente-zeist"]).count() == 2
    emails = [account[0] for account in demo.ACCOUNTS]
    assert await User.filter(email__in=emails).count() == 6
    assert await Membership.filter(user__email__in=emails).count() == 5
    # event, venues, rooms, tracks: dld-demo's 1, 2, 8, 5 and the previous edition's 1, 1, 5, 3
    assert counts[3:7] == (2, 3, 13, 8)
    event = await Event.get(slug="dld-demo")
    assert event.status == EventStatus.PUBLISHED
    assert sorted(await Room.filter(event=event).values_list("capacity", flat=True)) == [
        12,
        16,
        24,
        30,
        40,
        60,
        120,
        250,
    ]
    assert second["accounts"][0]["email"] == "owner@demo.festival.nl"


async def test_demo_event_page_is_served(client: httpx.AsyncClient) -> None:
    await demo.load_demo()
    response = await client.get("/events/dld-demo")
    assert response.status_code == 200
    assert "Dag van de Lokale Democratie 2027" in response.text
    assert "zaterdag 20 maart 2027, 09:00–17:00" in response.text
    assert "Stadhuis Utrecht" in response.text and "Bibliotheek Neude" in response.text


async def test_demo_in_english_shows_no_dutch_content(client: httpx.AsyncClient) -> None:
    """Every content text the demo shows has an English version: no Dutch fallback marked
    lang="nl" (besides the language switch) on the English public pages."""
    await demo.load_demo()
    base = "/events/dld-demo"
    pages = [base, f"{base}/register", f"{base}/programme", f"{base}/speakers"]
    pages += [f"{base}/programme/changes"]
    listing = (await client.get(f"{base}/programme?lang=en")).text
    pages += sorted(set(re.findall(r'href="(/events/dld-demo/sessions/\w+)"', listing)))
    speakers = (await client.get(f"{base}/speakers?lang=en")).text
    pages += sorted(set(re.findall(r'href="(/events/dld-demo/speakers/\w+)"', speakers)))
    dutch = []
    for path in pages:
        html = (await client.get(f"{path}?lang=en")).text
        if html.count(' lang="nl"') != 1:  # the link to the Dutch page
            dutch.append(path)
    assert len(pages) > 50
    assert dutch == []
    register = (await client.get(f"{base}/register?lang=en")).text
    assert "<h1>Register for Local Democracy Day 2027</h1>" in register


def test_demo_command_prints_accounts(tmp_path: Path) -> None:
    env = os.environ | {
        "FESTIVAL_DATABASE_URL": f"sqlite://{tmp_path}/demo.sqlite3",
        "FESTIVAL_DATA_DIR": str(tmp_path),
    }
    env.pop("FESTIVAL_REDIS_URL", None)
    command = [sys.executable, "-m", "festival.cli", "demo"]
    first = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert first.returncode == 0, first.stderr
    assert "http://127.0.0.1:8000/events/dld-demo" in first.stdout
    assert "password: demo-festival-2027" in first.stdout
    for email in (
        "owner@demo.festival.nl",
        "organisator@demo.festival.nl",
        "beoordelaar@demo.festival.nl",
        "balie@demo.festival.nl",
        "partner@demo.festival.nl",
        "admin@demo.festival.nl",
    ):
        assert email in first.stdout
    second = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert second.returncode == 0, second.stderr
    assert "already present, nothing changed" in second.stdout


async def test_every_confirmed_demo_attendee_has_a_ticket_the_scanner_accepts(
    client: httpx.AsyncClient,
) -> None:
    from festival.checkin.demo import DEMO_TOKEN
    from festival.registration.models import Attendee, RegistrationStatus
    from festival.tickets import services as tickets
    from festival.tickets.models import Ticket

    report = await demo.load_demo()
    event = await Event.get(slug="dld-demo")
    confirmed = await Attendee.filter(
        event_id=event.id,
        status="active",
        registration__status=RegistrationStatus.CONFIRMED,
    ).count()
    assert confirmed > 500  # the demo has a few hundred attendees, not a handful
    assert await Ticket.filter(event_id=event.id).count() == confirmed
    # the demo's pay-on-invoice registrations go through register, which issues their tickets
    invoiced = report["extensions"]["festival.invoicing.demo"]["tickets"]
    assert report["extensions"]["festival.tickets.demo"] == {"tickets": confirmed - invoiced}
    # the last attendee was never checked in by the demo: the scanner says ok, then already
    ticket = await Ticket.filter(event_id=event.id).order_by("-id").first()
    assert ticket is not None
    payload = tickets.qr_payload(ticket, await tickets.active_key(event.id))
    scans = [
        await client.post(
            "/api/checkin",
            json={"payload": payload, "checkpoint": "entrance"},
            headers={"Authorization": f"Bearer {DEMO_TOKEN}"},
        )
        for _ in range(2)
    ]
    assert [s.json()["result"] for s in scans] == ["ok", "already_checked_in"]
    again = await demo.load_demo()
    assert again["extensions"]["festival.tickets.demo"] == {"tickets": 0}
