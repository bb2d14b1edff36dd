"""The public side: the demo's archive (approved outcomes and materials), no personal data of
attendees on any public archive page, feed or API, the national agenda with its iCal feed, and
the JSON API in the OpenAPI document."""

from __future__ import annotations

import httpx
import icalendar
import pytest

from festival import demo
from festival.archive.models import ArchiveEntry, Material
from festival.events.models import Event
from festival.registration.models import Attendee, Registration


async def test_public_demo_archive_has_outcomes_and_materials(client: httpx.AsyncClient) -> None:
    await demo.load_demo()
    verdicts = sorted(await ArchiveEntry.exclude(verdict="").values_list("verdict", flat=True))
    assert verdicts == ["werkt", "werkt_deels"]
    assert await ArchiveEntry.filter(format="raad_op_zaterdag").count() == 1
    assert await Material.filter(approved=True).count() == 2 * await ArchiveEntry.all().count()
    page = await client.get("/kennisbank", params={"outcome": "werkt"})
    assert page.status_code == 200
    assert "Burgerberaad in uw gemeente: van loting tot advies" in page.text
    assert 'lang="nl"' in page.text
    english = await client.get("/kennisbank", params={"lang": "en"})
    assert '<html lang="en">' in english.text


async def test_public_pages_never_show_attendee_data(client: httpx.AsyncClient) -> None:
    await demo.load_demo()
    names = await Attendee.all().values_list("name", "email")
    contacts = await Registration.all().values_list("contact_name", "contact_email")
    personal = {value for pair in [*names, *contacts] for value in pair if value}
    assert len(personal) > 20
    codes = await ArchiveEntry.all().values_list("code", flat=True)
    urls = [
        "/kennisbank",
        "/kennisbank?q=raad",
        "/kennisbank/feed.atom",
        "/api/kennisbank",
        "/agenda",
        "/agenda.ics",
        *(f"/kennisbank/sessies/{code}" for code in codes),
        *(f"/api/kennisbank/{code}" for code in codes),
    ]
    for url in urls:
        response = await client.get(url)
        assert response.status_code == 200, url
        text = response.text.casefold()
        leaked = [value for value in personal if value.casefold() in text]
        assert leaked == [], f"{url} shows {leaked}"


@pytest.mark.usefixtures("database")
async def test_public_feed_and_api_describe_the_archive(client: httpx.AsyncClient) -> None:
    await demo.load_demo()
    feed = await client.get("/kennisbank/feed.atom")
    assert feed.headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert feed.text.count("<entry>") == await ArchiveEntry.all().count()
    api = (await client.get("/api/kennisbank", params={"outcome": "werkt_deels"})).json()
    assert (api["total"], api["results"][0]["outcome"]) == (1, "werkt_deels")
    detail = (await client.get(f"/api/kennisbank/{api['results'][0]['code']}")).json()
    assert detail["outcome_details"]["verdict"] == "werkt_deels"
    assert [m["kind"] for m in detail["materials"]] == ["slides", "recording"]
    document = (await client.get("/api/openapi.json")).json()
    assert {"/api/kennisbank", "/api/kennisbank/{code}"} <= set(document["paths"])
    wrong = await client.get("/api/kennisbank", params={"outcome": "misschien"})
    assert wrong.status_code == 422
    assert wrong.json()["error"]["code"] == "invalid_outcome"
    missing = await client.get("/api/kennisbank/NOPE")
    assert missing.status_code == 404


async def test_public_agenda_lists_published_events_with_ical(client: httpx.AsyncClient) -> None:
    await demo.load_demo()
    page = await client.get("/agenda")
    assert page.status_code == 200
    assert "Dag van de Lokale Democratie" in page.text
    assert "Utrecht" in page.text
    feed = await client.get("/agenda.ics")
    assert feed.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(feed.content)
    events = [c for c in calendar.walk("VEVENT")]
    event = await Event.get(slug=demo.SLUG)
    assert [str(e["summary"]) for e in events] == [event.name]
    assert str(events[0]["location"]) == "Utrecht"
