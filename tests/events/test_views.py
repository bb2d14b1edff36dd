"""The public event page and the home page, in Dutch and English."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from festival import clock
from festival.events.models import EventStatus
from tests.factories import make_event, make_venue

WINDOW: dict[str, Any] = {
    "registration_opens_at": datetime(2027, 1, 1, 8, tzinfo=UTC),
    "registration_closes_at": datetime(2027, 3, 18, 12, tzinfo=UTC),
}


async def test_event_page_shows_dutch_details_and_open_registration(
    client: httpx.AsyncClient,
) -> None:
    clock.set_now(datetime(2027, 2, 1, tzinfo=UTC))
    event = await make_event(
        slug="dld-2027",
        name="Dag van de Lokale Democratie 2027",
        description="Eerste alinea.\n\nTweede alinea.",
        **WINDOW,
    )
    await make_venue(
        event,
        name="Stadhuis Utrecht",
        address="Korte Minrebroederstraat 2",
        city="Utrecht",
        step_free_notes="Lift naar alle verdiepingen.",
    )
    response = await client.get("/events/dld-2027")
    assert response.status_code == 200
    assert "zaterdag 20 maart 2027, 09:00–17:00" in response.text
    assert "Aanmelden kan tot donderdag 18 maart 2027, 13:00." in response.text
    assert '<a class="button" href="/events/dld-2027/register">Meld u aan</a>' in response.text
    assert '<a href="/events/dld-2027/programme">Bekijk het programma</a>' in response.text
    assert "Korte Minrebroederstraat 2, Utrecht" in response.text
    assert "Lift naar alle verdiepingen." in response.text
    assert "<p>Tweede alinea.</p>" in response.text


async def test_event_page_in_english(client: httpx.AsyncClient) -> None:
    clock.set_now(datetime(2026, 12, 1, tzinfo=UTC))
    await make_event(
        slug="dld-2027",
        name="Dag van de Lokale Democratie 2027",
        name_en="Local Democracy Day 2027",
        **WINDOW,
    )
    response = await client.get("/events/dld-2027?lang=en")
    assert '<html lang="en">' in response.text
    assert "<h1>Local Democracy Day 2027</h1>" in response.text
    assert "Saturday, March 20, 2027, 09:00–17:00" in response.text
    assert (
        "Registration is not open yet. It opens on Friday, January 1, 2027, 09:00." in response.text
    )
    assert "/register" not in response.text


async def test_event_page_after_closing_has_no_register_link(client: httpx.AsyncClient) -> None:
    clock.set_now(datetime(2027, 3, 19, tzinfo=UTC))
    await make_event(slug="dld-2027", **WINDOW)
    response = await client.get("/events/dld-2027")
    assert "Aanmelden is gesloten." in response.text
    assert "/register" not in response.text


async def test_draft_event_is_not_public(client: httpx.AsyncClient) -> None:
    await make_event(slug="concept", status=EventStatus.DRAFT)
    assert (await client.get("/events/concept")).status_code == 404
    assert "concept" not in (await client.get("/")).text


async def test_home_lists_upcoming_and_past_events(client: httpx.AsyncClient) -> None:
    clock.set_now(datetime(2027, 1, 1, tzinfo=UTC))
    await make_event(
        slug="dld-2026",
        name="Editie 2026",
        starts_at=datetime(2026, 3, 21, 8, tzinfo=UTC),
        ends_at=datetime(2026, 3, 21, 16, tzinfo=UTC),
    )
    await make_event(slug="dld-2027", name="Editie 2027")
    response = await client.get("/")
    upcoming, past = response.text.split("Eerdere evenementen")
    assert "Editie 2027" in upcoming and "Editie 2026" not in upcoming
    assert "Editie 2026" in past
