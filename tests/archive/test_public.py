"""The public side: the demo's archive (approved outcomes and materials), no personal data of
attendees on any public archive page, feed or API, the national agenda with its iCal feed, and
the JSON API in the OpenAPI document."""

from __future__ import annotations

import asyncio

import httpx
import icalendar
import pytest

from festival import demo
from festival.archive import services as archive
from festival.archive.models import ArchiveEntry, Material, Outcome
from festival.events.models import Event
from festival.feedback.models import SurveyAnswer, SurveyResponse
from festival.registration.models import Attendee, Registration
from festival.settings import Settings


async def test_public_demo_archive_has_outcomes_and_materials(client: httpx.AsyncClient) -> None:
    await demo.load_demo()
    current = ArchiveEntry.filter(event_slug=demo.SLUG)
    verdicts = sorted(await current.exclude(verdict="").values_list("verdict", flat=True))
    assert verdicts == ["werkt", "werkt_deels"]
    assert await current.filter(format="raad_op_zaterdag").count() == 1
    event = await Event.get(slug=demo.SLUG)
    materials = Material.filter(approved=True, event_id=event.id)
    assert await materials.count() == 2 * await current.count()
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
    # The previous edition's evaluation summaries are published: they leak nothing either.
    assert await ArchiveEntry.filter(event_slug="dld-demo-2026").count() > 0
    assert await archive.summaries_published((await Event.get(slug="dld-demo-2026")).id)
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
async def test_public_demo_previous_edition_has_outcomes_materials_and_summaries(
    client: httpx.AsyncClient,
) -> None:
    await demo.load_demo()
    previous = ArchiveEntry.filter(event_slug="dld-demo-2026")
    assert await previous.count() == 12  # twelve sessions, all ended, none a break
    # Approved: the Burgerberaad Testlab (werkt), the Raad op Zaterdag and three workshops; the
    # demo partner's wijkbegroting Testlab waits for the organisers.
    verdicts = await previous.exclude(verdict="").values_list("title", "verdict")
    assert verdicts == [("Burgerberaad in uw gemeente: van loting tot advies", "werkt")]
    old = await Event.get(slug="dld-demo-2026")
    assert await Outcome.filter(state="approved", event_id=old.id).count() == 5
    raad = await previous.get(title="Raad op Zaterdag: zo organiseert u het")
    page = (await client.get(f"/kennisbank/sessies/{raad.code}")).text
    assert "Meer groen en minder hitte in de dorpskern" in page
    assert "Draaiboek Raad op Zaterdag" in page
    assert "deelnemers vulden de evaluatie in." in page
    api = (await client.get(f"/api/kennisbank/{raad.code}")).json()
    assert api["outcome_details"]["residents"] == 64
    assert api["evaluation"]["small_group"] is False
    assert (
        api["evaluation"]["respondents"]
        == await SurveyResponse.filter(session_id=raad.session_id).count()
    )
    publishable = await SurveyAnswer.filter(
        response__session_id=raad.session_id, publishable=True
    ).values_list("text", flat=True)
    assert [a["text"] for a in api["evaluation"]["open_answers"]] == list(publishable)
    small = await previous.get(title="Kennismaken met de griffie")
    page = (await client.get(f"/kennisbank/sessies/{small.code}")).text
    assert "Minder dan 5 deelnemers vulden de evaluatie in." in page
    material = await Material.get(title="Dia's: burgerberaad van loting tot advies")
    # Stored like an upload: a random name in the media folder the demo loader writes to.
    assert material.stored_name is not None and material.content_type == "application/pdf"
    path = Settings.from_env().media_dir / "materials" / material.stored_name
    assert (await asyncio.to_thread(path.read_bytes))[:5] == b"%PDF-"
    assert material.size == await asyncio.to_thread(lambda: path.stat().st_size)


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
