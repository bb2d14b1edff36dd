"""Privacy requests over HTTP: an owner looks up an address across the organisation's events,
downloads JSON and a tagged PDF, erases after a confirmation; other roles and other
organisations are refused; an attendee downloads their own registration's data."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from festival import clock
from festival.accounts.models import Role
from festival.audit import SYSTEM, AuditEntry
from festival.mail.models import OutboxMessage
from festival.privacy import services as privacy
from festival.registration import services as registration
from festival.registration.models import Attendee, Booking, Registration
from festival.settings import Settings
from tests.conftest import TEST_SECRET, run_jobs
from tests.evaluation.test_report_pages import pdf_info
from tests.factories import (
    make_event,
    make_organisation,
    make_session,
    make_speaker,
    make_ticket_type,
    make_user,
)
from tests.helpers import csrf_from, login
from tests.registration.conftest import person, register

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
EMAIL = "anna.jansen@zeist.nl"


async def _organisation_with_person() -> dict[str, Any]:
    """Two events of one organisation: Anna registered for one (with a workshop), and speaks
    at the other; a third event of another organisation has her too."""
    clock.set_now(NOW)
    organisation = await make_organisation(name="Stichting Democratie", slug="democratie")
    first = await make_event(organisation, slug="dld-2026", name="Dag 2026")
    second = await make_event(organisation, slug="dld-2027", name="Dag 2027")
    ticket = await make_ticket_type(first, name="Raadsleden")
    workshop = await make_session(first, title="Raad op Zaterdag")
    found = await register(
        first,
        ticket,
        person(1, name="Anna Jansen", email="Anna.Jansen@zeist.nl", diet="vegan"),
        person(2, name="Bram Bos", email="bram@zeist.nl"),
        sessions=[[workshop.id], []],
    )
    await make_speaker(second, name="Anna Jansen", email=EMAIL, bio="Griffier in Zeist.")
    other = await make_organisation(name="Gemeente Elders", slug="elders")
    elsewhere = await make_event(other, slug="elders-2026")
    await register(elsewhere, await make_ticket_type(elsewhere), person(3, email=EMAIL))
    await make_user(role=Role.OWNER, organisation=organisation, email="eigenaar@d.nl")
    return {"organisation": organisation, "registration": found, "elsewhere": elsewhere}


async def _search(client: httpx.AsyncClient, email: str = EMAIL) -> httpx.Response:
    page = await client.get("/admin/organisations/democratie/privacy")
    assert page.status_code == 200
    return await client.post(
        "/admin/organisations/democratie/privacy/search",
        data={"csrf_token": csrf_from(page.text), "email": email},
    )


async def test_owner_finds_exports_and_erases_one_address(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    setup = await _organisation_with_person()
    await run_jobs(settings)  # her own ticket mail (queued: on Redis nothing runs it by itself)
    await login(client, "eigenaar@d.nl")
    found = await _search(client, " ANNA.jansen@zeist.nl ")
    assert found.status_code == 200
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', found.text))
    assert rows == {
        "Aanmeldingen": "1",
        "Deelnemers": "1",
        "Sessies": "1",
        "Tickets": "1",
        "Sprekersprofielen": "1",
        "E-mails": "1",  # her own ticket
    }
    token = csrf_from(found.text)
    body = {"csrf_token": token, "email": EMAIL}
    base = "/admin/organisations/democratie/privacy"

    exported = await client.post(f"{base}/export", data=body | {"format": "json"})
    assert exported.headers["content-type"] == "application/json"
    data = json.loads(exported.content)
    assert data["email"] == EMAIL
    assert [e["name"] for e in data["events"]] == ["Dag 2026", "Dag 2027"]
    assert [(a["name"], a["email"], a["diet"]) for a in data["attendees"]] == [
        ("Anna Jansen", EMAIL, "vegan")
    ]
    assert [(b["session"], b["status"]) for b in data["bookings"]] == [
        ("Raad op Zaterdag", "confirmed")
    ]
    assert [(s["name"], s["bio"]) for s in data["speakers"]] == [
        ("Anna Jansen", "Griffier in Zeist.")
    ]
    assert [
        (r["contact_name"], r["contact_email"], r["consent_version"]) for r in data["registrations"]
    ] == [("Anna Jansen", EMAIL, "2026-12")]  # the first attendee is the contact person

    pdf = await client.post(f"{base}/export", data=body | {"format": "pdf"})
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf_info(pdf.content)["Tagged"] == "yes"

    confirm = await client.get(f"{base}/erase")
    assert "Ik begrijp dat dit niet ongedaan kan worden." in confirm.text
    assert await Attendee.filter(email__iexact=EMAIL).count() == 2  # nothing erased yet
    erased = await client.post(f"{base}/erase", data=body | {"confirm": "yes"})
    assert erased.status_code == 303
    anna = await Attendee.get(registration_id=setup["registration"].id, position=0)
    assert (anna.name, anna.email, anna.diet) == ("Geanonimiseerd", "", "")
    assert await Booking.filter(attendee_id=anna.id, status="confirmed").count() == 1
    mails = await OutboxMessage.filter(to__iexact=EMAIL).values_list("event_id", flat=True)
    assert mails == [setup["elsewhere"].id]  # only the other organisation's ticket mail is left
    contact = await Registration.get(id=setup["registration"].id)
    assert (contact.contact_name, contact.contact_email, contact.status) == (
        "Geanonimiseerd",
        "",
        "confirmed",
    )
    bram = await Attendee.get(registration_id=setup["registration"].id, position=1)
    assert (bram.name, bram.email) == ("Bram Bos", "bram@zeist.nl")
    # the other organisation's registration of the same address is not theirs to erase
    assert await Attendee.filter(email=EMAIL).count() == 1
    entry = await AuditEntry.get(action="privacy.erased")
    assert EMAIL not in json.dumps(entry.data) and entry.data["attendees"] == 1
    assert len(entry.data["email_hash"]) == 64
    again = await _search(client)
    assert "Over dit e-mailadres hebben we niets opgeslagen." in again.text


async def test_erase_without_confirmation_is_refused(client: httpx.AsyncClient) -> None:
    await _organisation_with_person()
    await login(client, "eigenaar@d.nl")
    page = await client.get("/admin/organisations/democratie/privacy")
    response = await client.post(
        "/admin/organisations/democratie/privacy/erase",
        data={"csrf_token": csrf_from(page.text), "email": EMAIL},
    )
    assert response.status_code == 422
    assert "Vink aan dat u begrijpt dat wissen niet ongedaan kan worden." in response.text
    assert await Attendee.filter(email__iexact=EMAIL).count() == 2


async def test_bad_address_is_a_dutch_message(client: httpx.AsyncClient) -> None:
    await _organisation_with_person()
    await login(client, "eigenaar@d.nl")
    response = await _search(client, "geen adres")
    assert response.status_code == 422
    assert "Vul een geldig e-mailadres in." in response.text


async def test_organiser_and_other_owner_are_refused(client: httpx.AsyncClient) -> None:
    setup = await _organisation_with_person()
    await make_user(role=Role.ORGANISER, organisation=setup["organisation"], email="org@d.nl")
    other = await make_organisation(slug="andere")
    await make_user(role=Role.OWNER, organisation=other, email="ander@d.nl")
    for who in ("org@d.nl", "ander@d.nl"):
        await login(client, who)
        page = await client.get("/admin/organisations/democratie/privacy")
        assert page.status_code == 403, who
        await client.post("/logout", data={"csrf_token": csrf_from(page.text)})


async def test_attendee_downloads_own_registration(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    setup = await _organisation_with_person()
    found: Registration = setup["registration"]
    token = registration.manage_token(found.code, secret_key=TEST_SECRET)
    manage = await client.get(f"/events/dld-2026/registration/{token}")
    assert "Mijn gegevens (PDF)" in manage.text
    data = (await client.get(f"/events/dld-2026/registration/{token}/my-data.json")).json()
    assert [a["name"] for a in data["attendees"]] == ["Anna Jansen", "Bram Bos"]
    assert data["speakers"] == []  # the other event's speaker profile is not this registration
    pdf = await client.get(f"/events/dld-2026/registration/{token}/my-data.pdf")
    assert pdf_info(pdf.content)["Tagged"] == "yes"
    wrong = await client.get("/events/dld-2026/registration/nonsense/my-data.json")
    assert wrong.status_code == 404


@pytest.mark.usefixtures("database")
async def test_erasure_clears_a_young_attendees_guardian_and_export_shows_it() -> None:
    setup = await _organisation_with_person()
    await Attendee.filter(email__iexact=EMAIL, event_id=setup["registration"].event_id).update(
        age_group="16-17", guardian_name="Piet Jansen", guardian_email="piet@zeist.nl"
    )
    organisation = setup["organisation"]
    data = await privacy.person_data(organisation.id, organisation.name, EMAIL)
    [anna] = [a for a in data.sections["attendees"] if a["name"] == "Anna Jansen"]
    assert (anna["age_group"], anna["guardian_name"], anna["guardian_email"]) == (
        "16-17",
        "Piet Jansen",
        "piet@zeist.nl",
    )
    await privacy.erase_person(organisation.id, EMAIL, actor=SYSTEM, secret_key=TEST_SECRET)
    anna_row = await Attendee.get(id=anna["id"])
    # the age group is a category the figures group by; the guardian is a person
    assert (anna_row.age_group, anna_row.guardian_name, anna_row.guardian_email) == (
        "16-17",
        "",
        "",
    )
