"""Each event has a privacy statement: festival's own page with the organiser's details (Dutch
and English), linked from the event page, the registration form, the footer and the mails;
an external address the organiser sets wins. And the organiser's ticket-mail setting."""

from __future__ import annotations

import re

import httpx

from festival.accounts.models import Role
from festival.demo import load_demo
from festival.events.models import Event
from festival.mail.models import OutboxMessage
from festival.settings import Settings
from tests.conftest import run_jobs
from tests.events.conftest import log_in
from tests.factories import make_event, make_organisation, make_user
from tests.tickets.conftest import register, setup_event

PRIVACY = '<a href="/events/dld-demo/privacy">Privacyverklaring</a>'


def _main(page: str) -> str:
    text = re.sub(r"<[^>]+>", " ", page[page.index("<main") : page.index("</main>")])
    return " ".join(text.split())


async def test_demo_privacy_page_names_the_organiser_and_the_retention_date(
    client: httpx.AsyncClient,
) -> None:
    await load_demo()
    response = await client.get("/events/dld-demo/privacy")
    assert response.status_code == 200
    text = _main(response.text)
    for expected in (
        "Privacyverklaring",
        "Stichting Dag van de Lokale Democratie organiseert Dag van de Lokale Democratie 2027.",
        "Vragen over uw gegevens? Mail naar info@demo.festival.nl .",
        "We bewaren uw gegevens tot 16 september 2027.",
        "een kopie van uw gegevens krijgen;",
        "uw gegevens laten verwijderen;",
        "mail naar info@demo.festival.nl en noem de code van uw aanmelding",
        "Autoriteit Persoonsgegevens",
    ):
        assert expected in text
    english = _main((await client.get("/events/dld-demo/privacy?lang=en")).text)
    for expected in (
        "Privacy statement",
        "Stichting Dag van de Lokale Democratie organises Local Democracy Day 2027.",
        "We keep your data until September 16, 2027.",
        "get a copy of your data;",
    ):
        assert expected in english


async def test_demo_pages_link_festivals_privacy_page(client: httpx.AsyncClient) -> None:
    await load_demo()
    event_page = (await client.get("/events/dld-demo")).text
    assert event_page.count(PRIVACY) == 2  # the contact section and the footer
    assert "example.nl/privacy" not in event_page
    programme = (await client.get("/events/dld-demo/programme")).text
    assert PRIVACY in programme  # the footer of every event page
    register_page = (await client.get("/events/dld-demo/register")).text
    assert PRIVACY in register_page


async def test_external_privacy_url_wins(client: httpx.AsyncClient) -> None:
    await make_event(slug="eigen", privacy_url="https://gemeente.example/privacy")
    page = (await client.get("/events/eigen")).text
    assert '<a href="https://gemeente.example/privacy">Privacyverklaring</a>' in page
    assert "/events/eigen/privacy" not in page
    response = await client.get("/events/eigen/privacy")
    assert (response.status_code, response.headers["location"]) == (
        302,
        "https://gemeente.example/privacy",
    )


async def test_privacy_page_of_a_draft_is_not_found(client: httpx.AsyncClient) -> None:
    await make_event(slug="concept", status="draft")
    assert (await client.get("/events/concept/privacy")).status_code == 404


async def test_registration_mails_link_the_privacy_page(database: None, settings: Settings) -> None:
    await register(await setup_event())
    await run_jobs(settings)
    [message] = await OutboxMessage.filter(template="registration/confirmation")
    assert "Privacyverklaring: http://testserver/events/dld-2027/privacy" in message.text
    assert 'href="http://testserver/events/dld-2027/privacy"' in message.html


async def test_event_form_sets_tickets_for_the_contact_person_only(
    client: httpx.AsyncClient,
) -> None:
    organisation = await make_organisation()
    csrf = await log_in(client, await make_user(role=Role.ORGANISER, organisation=organisation))
    event = await make_event(organisation, slug="dld-2027")
    form = (await client.get("/admin/events/dld-2027/edit")).text
    assert 'name="tickets_to_contact_only" value="1" aria-describedby' in form
    assert 'name="tickets_to_contact_only" value="1" checked' not in form
    data = {
        "name": event.name,
        "slug": "dld-2027",
        "timezone": "Europe/Amsterdam",
        "starts_date": "2027-03-20",
        "starts_time": "09:00",
        "ends_date": "2027-03-20",
        "ends_time": "17:00",
        "retention_days": "365",
        "tickets_to_contact_only": "1",
        "csrf_token": csrf,
    }
    response = await client.post("/admin/events/dld-2027/edit", data=data)
    assert response.status_code == 303
    assert (await Event.get(id=event.id)).tickets_to_contact_only is True
    form = (await client.get("/admin/events/dld-2027/edit")).text
    assert re.search(r'name="tickets_to_contact_only" value="1" [^>]* checked>', form)
