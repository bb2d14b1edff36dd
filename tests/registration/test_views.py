"""The registration steps end to end over HTTP, and the manage pages behind the signed link."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx

from festival.mail.models import OutboxMessage
from festival.registration.models import Attendee, Booking, Registration, SessionSeats
from festival.settings import Settings
from tests.conftest import run_jobs
from tests.factories import make_event, make_session, make_ticket_type


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


async def _post_step(
    client: httpx.AsyncClient, url: str, page: str, step: str, data: dict[str, object]
) -> httpx.Response:
    form = {
        "csrf_token": _hidden(page, "csrf_token"),
        "state": _hidden(page, "state"),
        "step": step,
        **data,
    }
    return await client.post(url, data=form)


async def _setup() -> tuple[object, object, object, object]:
    event = await make_event(slug="dld-2027")
    ticket = await make_ticket_type(event)
    full = await make_session(event, title="Raad op Zaterdag", capacity=1)
    other = await make_session(
        event,
        title="Democratie Testlab",
        capacity=5,
        starts_at=datetime(2027, 3, 20, 12, 0, tzinfo=UTC),
    )
    return event, ticket, full, other


async def _register_two(
    client: httpx.AsyncClient, ticket: object, full: object, other: object
) -> httpx.Response:
    url = "/events/dld-2027/register"
    page = (await client.get(url)).text
    page = (
        await _post_step(client, url, page, "ticket", {"ticket_type": ticket.id, "count": "2"})
    ).text  # type: ignore[attr-defined]
    assert "Persoon 2" in page
    people = {
        "attendees.0.name": "Anna de Vries",
        "attendees.0.email": "anna@utrecht.nl",
        "attendees.0.role": "griffier",
        "attendees.0.access_needs": "hearing_loop",
        "attendees.1.name": "Bram Jansen",
        "attendees.1.email": "bram@utrecht.nl",
        "attendees.1.role": "raadslid",
    }
    page = (await _post_step(client, url, page, "people", people)).text
    assert "Vol: op de wachtlijst" not in page
    assert "Nog 1 plek vrij" in page
    choice = {
        "attendees.0.slot.0": full.id,
        "attendees.0.slot.1": other.id,
        "attendees.1.slot.0": full.id,
    }  # type: ignore[attr-defined]
    page = (await _post_step(client, url, page, "sessions", choice)).text
    assert "Klopt alles?" in page
    return await _post_step(client, url, page, "summary", {"consent": "yes"})


async def test_register_flow_group_of_two_end_to_end(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    _event, ticket, full, other = await _setup()
    response = await _register_two(client, ticket, full, other)
    assert response.status_code == 303
    manage = await client.get(response.headers["location"])
    assert "Bedankt! U bent aangemeld." in manage.text
    registration = await Registration.get()
    assert registration.code in manage.text
    assert "http://testserver/events/dld-2027/registration/" in manage.text
    statuses = await Booking.all().order_by("id").values_list("status", flat=True)
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    assert "Op de wachtlijst, nummer 1" in manage.text
    await run_jobs(settings)
    assert (
        await OutboxMessage.filter(
            template="registration/confirmation", to="anna@utrecht.nl"
        ).count()
        == 1
    )


async def test_register_flow_double_submit_creates_one_registration(
    client: httpx.AsyncClient,
) -> None:
    _event, ticket, _full, _other = await _setup()
    url = "/events/dld-2027/register"
    page = (await client.get(url)).text
    page = (
        await _post_step(client, url, page, "ticket", {"ticket_type": ticket.id, "count": "1"})
    ).text  # type: ignore[attr-defined]
    page = (
        await _post_step(
            client,
            url,
            page,
            "people",
            {"attendees.0.name": "Anna", "attendees.0.email": "anna@utrecht.nl"},
        )
    ).text
    page = (await _post_step(client, url, page, "sessions", {})).text
    first = await _post_step(client, url, page, "summary", {"consent": "yes"})
    second = await _post_step(client, url, page, "summary", {"consent": "yes"})
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert await Registration.all().count() == 1


async def test_register_flow_shows_errors_on_the_form(client: httpx.AsyncClient) -> None:
    _event, ticket, _full, _other = await _setup()
    url = "/events/dld-2027/register"
    page = (await client.get(url)).text
    page = (
        await _post_step(client, url, page, "ticket", {"ticket_type": ticket.id, "count": "1"})
    ).text  # type: ignore[attr-defined]
    response = await _post_step(
        client, url, page, "people", {"attendees.0.name": "Anna", "attendees.0.email": "anna@"}
    )
    assert response.status_code == 422
    assert 'id="attendees-0-email-error"' in response.text
    assert 'aria-describedby="attendees-0-email-error"' in response.text
    assert 'value="Anna"' in response.text
    page = (
        await _post_step(
            client,
            url,
            response.text,
            "people",
            {"attendees.0.name": "Anna", "attendees.0.email": "anna@utrecht.nl"},
        )
    ).text
    page = (await _post_step(client, url, page, "sessions", {})).text
    assert "Versie 2026-12 van deze tekst." in page  # the consent text's version, stored with it
    refused = await _post_step(client, url, page, "summary", {})
    assert refused.status_code == 422
    assert "Geef toestemming" in refused.text
    assert "Versie 2026-12 van deze tekst." in refused.text
    assert await Registration.all().count() == 0


async def test_register_flow_refuses_tampered_state(client: httpx.AsyncClient) -> None:
    await _setup()
    page = (await client.get("/events/dld-2027/register")).text
    form = {
        "csrf_token": _hidden(page, "csrf_token"),
        "state": "tampered.xyz",
        "step": "summary",
        "consent": "yes",
    }
    response = await client.post("/events/dld-2027/register", data=form)
    assert response.status_code == 200
    assert "Welk ticket wilt u?" in response.text
    assert await Registration.all().count() == 0


async def test_register_page_in_english(client: httpx.AsyncClient) -> None:
    await _setup()
    response = await client.get("/events/dld-2027/register?lang=en")
    assert "Which ticket would you like?" in response.text


async def _manage_url(client: httpx.AsyncClient) -> str:
    _event, ticket, full, other = await _setup()
    response = await _register_two(client, ticket, full, other)
    return response.headers["location"].split("?")[0]


async def test_manage_cancel_one_workshop_then_waitlist_moves(client: httpx.AsyncClient) -> None:
    url = await _manage_url(client)
    anna = await Attendee.get(name="Anna de Vries")
    page = await client.get(f"{url}/attendees/{anna.id}/sessions")
    assert page.status_code == 200
    other_id = (
        await Booking.get(attendee_id=anna.id, session__title="Democratie Testlab")
    ).session_id
    response = await client.post(
        f"{url}/attendees/{anna.id}/sessions",
        data={"csrf_token": _hidden(page.text, "csrf_token"), "attendees.0.slot.1": other_id},
    )
    assert response.status_code == 303
    statuses = await Booking.all().order_by("id").values_list("status", flat=True)
    assert statuses == ["cancelled", "confirmed", "offered"]
    full_seats = await SessionSeats.get(session__title="Raad op Zaterdag")
    assert full_seats.taken == 1
    manage = await client.get(url)
    assert "Plek vrijgehouden tot" in manage.text
    assert 'href="/events/dld-2027/waitlist/' in manage.text


async def test_manage_edit_attendee_and_cancel_all(client: httpx.AsyncClient) -> None:
    url = await _manage_url(client)
    bram = await Attendee.get(name="Bram Jansen")
    page = await client.get(f"{url}/attendees/{bram.id}/edit")
    bad = await client.post(
        f"{url}/attendees/{bram.id}/edit",
        data={
            "csrf_token": _hidden(page.text, "csrf_token"),
            "attendees.0.name": "Bram",
            "attendees.0.email": "x",
        },
    )
    assert bad.status_code == 422
    assert 'id="attendees-0-email-error"' in bad.text
    good = await client.post(
        f"{url}/attendees/{bram.id}/edit",
        data={
            "csrf_token": _hidden(page.text, "csrf_token"),
            "attendees.0.name": "Bram de Jong",
            "attendees.0.email": "bram.dejong@utrecht.nl",
            "attendees.0.role": "wethouder",
        },
    )
    assert good.status_code == 303
    await bram.refresh_from_db()
    assert (bram.name, bram.email, bram.role) == (
        "Bram de Jong",
        "bram.dejong@utrecht.nl",
        "wethouder",
    )
    confirm = await client.get(f"{url}/cancel")
    assert "Iedereen afmelden?" in confirm.text
    done = await client.post(
        f"{url}/cancel", data={"csrf_token": _hidden(confirm.text, "csrf_token")}
    )
    assert done.status_code == 303
    assert (await Registration.get()).status == "cancelled"
    assert await Booking.exclude(status="cancelled").count() == 0


async def test_manage_agenda_page_and_ics(client: httpx.AsyncClient) -> None:
    url = await _manage_url(client)
    anna = await Attendee.get(name="Anna de Vries")
    page = await client.get(f"{url}/attendees/{anna.id}/agenda")
    assert "Raad op Zaterdag" in page.text
    assert "Democratie Testlab" in page.text
    ics = await client.get(f"{url}/attendees/{anna.id}/agenda.ics")
    assert ics.headers["content-type"] == "text/calendar; charset=utf-8"
    assert ics.text.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Raad op Zaterdag" in ics.text
    bram = await Attendee.get(name="Bram Jansen")
    bram_ics = await client.get(f"{url}/attendees/{bram.id}/agenda.ics")
    assert bram_ics.text.count("BEGIN:VEVENT") == 0  # only on the waiting list


async def test_manage_tampered_link_is_404(client: httpx.AsyncClient) -> None:
    url = await _manage_url(client)
    response = await client.get(url[:-3] + "abc")
    assert response.status_code == 404
    assert "Deze link klopt niet" in response.text


async def test_manage_other_registrations_attendee_is_404(client: httpx.AsyncClient) -> None:
    url = await _manage_url(client)
    response = await client.get(f"{url}/attendees/999999/edit")
    assert response.status_code == 404


async def test_lost_link_says_the_same_for_unknown_address(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    await _manage_url(client)
    page = await client.get("/events/dld-2027/registration/lost")
    token = _hidden(page.text, "csrf_token")
    known = await client.post(
        "/events/dld-2027/registration/lost", data={"csrf_token": token, "email": "anna@utrecht.nl"}
    )
    unknown = await client.post(
        "/events/dld-2027/registration/lost", data={"csrf_token": token, "email": "niemand@x.nl"}
    )
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text
    await run_jobs(settings)
    assert await OutboxMessage.filter(template="registration/manage_links").values_list(
        "to", flat=True
    ) == ["anna@utrecht.nl"]


async def test_waitlist_offer_link_accepts_seat(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    url = await _manage_url(client)
    anna = await Attendee.get(name="Anna de Vries")
    page = await client.get(f"{url}/attendees/{anna.id}/cancel")
    await client.post(
        f"{url}/attendees/{anna.id}/cancel", data={"csrf_token": _hidden(page.text, "csrf_token")}
    )
    await run_jobs(settings)
    mail = await OutboxMessage.get(template="registration/waitlist_offer")
    assert mail.to == "bram@utrecht.nl"
    offer_url = re.search(r"http://testserver(/events/dld-2027/waitlist/\S+)", mail.text).group(1)  # type: ignore[union-attr]
    offer_page = await client.get(offer_url)
    assert "Ja, ik neem de plek" in offer_page.text
    accepted = await client.post(
        offer_url, data={"csrf_token": _hidden(offer_page.text, "csrf_token"), "answer": "accept"}
    )
    assert accepted.status_code == 200
    assert "U hebt de plek. Tot dan!" in accepted.text
    bram = await Attendee.get(name="Bram Jansen")
    assert await Booking.filter(attendee_id=bram.id).values_list("status", flat=True) == [
        "confirmed"
    ]


async def test_register_form_keeps_required_and_aria_invalid_apart(
    client: httpx.AsyncClient,
) -> None:
    event = await make_event(slug="dld-2027")
    await make_ticket_type(event, name="Raadsleden", invitation_code="RAAD2027")
    url = "/events/dld-2027/register"
    page = (await client.get(url)).text
    assert 'type="number" value="1" required aria-describedby="count-hint">' in page
    page = (await _post_step(client, url, page, "ticket", {"count": "1"})).text
    refused = (await _post_step(client, url, page, "people", {})).text
    assert "requiredaria" not in refused
    assert (
        'name="attendees.0.name" type="text" value="" autocomplete="name" required '
        'aria-invalid="true" aria-describedby="attendees-0-name-error">'
    ) in refused


async def test_register_ticket_choice_has_spaces_and_separate_attributes(
    client: httpx.AsyncClient,
) -> None:
    event = await make_event(slug="dld-2027")
    await make_ticket_type(event, name="Raadsleden", invitation_code="RAAD2027")
    page = (await client.get("/events/dld-2027/register")).text
    assert "— gratis (alleen met toegangscode)</label>" in page
    ticket_id = page.split('name="ticket_type" value="')[1].split('"')[0]
    assert f'value="{ticket_id}" checked>' in page


async def test_register_in_english_names_the_event_and_marks_dutch_fallbacks(
    client: httpx.AsyncClient,
) -> None:
    event = await make_event(slug="dld-2027", name="Dag van de Lokale Democratie 2027")
    event.name_en = "Local Democracy Day 2027"
    await event.save()
    await make_ticket_type(
        event, description="Gratis toegang.", description_en="Free entry.", position=0
    )
    await make_ticket_type(event, name="Raadsleden", description="Voor raadsleden.", position=1)
    page = (await client.get("/events/dld-2027/register?lang=en")).text
    assert "<h1>Register for Local Democracy Day 2027</h1>" in page
    assert '<p class="hint">Free entry.</p>' in page
    assert '<p class="hint" lang="nl">Voor raadsleden.</p>' in page
    assert '<span lang="nl">Raadsleden</span>' in page
    dutch = (await client.get("/events/dld-2027/register?lang=nl")).text
    assert '<p class="hint">Voor raadsleden.</p>' in dutch


async def test_a_count_beyond_any_group_is_refused_without_building_it(
    client: httpx.AsyncClient,
) -> None:
    """A count of 10^23 built a list per person until the process ran out of memory."""
    _event, ticket, _full, _other = await _setup()
    url = "/events/dld-2027/register"
    page = (await client.get(url)).text
    for count in ("99999999999999999999999", "1000", "²"):
        response = await _post_step(
            client,
            url,
            page,
            "ticket",
            {"ticket_type": ticket.id, "count": count},  # type: ignore[attr-defined]
        )
        assert response.status_code == 422
        assert "U kunt 1 tot 10 personen tegelijk aanmelden." in response.text
