"""Organiser pages: filtered lists, detail actions, seats and waiting lists, exports, settings."""

from __future__ import annotations

import io
from typing import Any

import httpx
from openpyxl import load_workbook

from festival.accounts.models import Role
from festival.registration.models import Booking, Question, Registration, TicketType, WaitlistEntry
from tests.factories import make_event, make_session, make_ticket_type, make_user
from tests.helpers import csrf_token, login
from tests.registration.conftest import person, register


async def _setup(client: httpx.AsyncClient, role: Role = Role.ORGANISER) -> tuple[Any, Any, Any]:
    event = await make_event(slug="dld-2027")
    user = await make_user(role=role, email="org@festival.nl")
    event.organisation_id = (await user.memberships.all().first()).organisation_id  # type: ignore[union-attr]
    await event.save()
    ticket = await make_ticket_type(event)
    workshop = await make_session(event, title="Raad op Zaterdag", capacity=1)
    await register(event, ticket, person(1, name="Anna de Vries"), sessions=[[workshop.id]])
    await register(
        event,
        ticket,
        person(2, name="Bram Jansen", organisation="Gemeente Zwolle"),
        sessions=[[workshop.id]],
    )
    await login(client, "org@festival.nl")
    return event, ticket, workshop


async def test_admin_registrations_list_searches_and_filters(client: httpx.AsyncClient) -> None:
    await _setup(client)
    page = await client.get("/admin/events/dld-2027/registrations")
    assert page.status_code == 200
    assert "Anna de Vries" in page.text and "Bram Jansen" in page.text
    found = await client.get("/admin/events/dld-2027/registrations", params={"q": "zwolle"})
    assert "Bram Jansen" in found.text and "Anna de Vries" not in found.text
    none = await client.get("/admin/events/dld-2027/registrations", params={"status": "cancelled"})
    assert "Geen aanmeldingen gevonden." in none.text


async def test_admin_pages_refuse_staff(client: httpx.AsyncClient) -> None:
    await _setup(client, role=Role.STAFF)
    assert (await client.get("/admin/events/dld-2027/registrations")).status_code == 403
    assert (await client.get("/admin/events/dld-2027/registrations/export.csv")).status_code == 403


async def test_admin_cancel_registration_moves_waitlist(client: httpx.AsyncClient) -> None:
    await _setup(client)
    first = await Registration.get(contact_name="Anna de Vries")
    detail = await client.get(f"/admin/events/dld-2027/registrations/{first.code}")
    assert detail.status_code == 200
    response = await client.post(
        f"/admin/events/dld-2027/registrations/{first.code}/cancel",
        data={"csrf_token": await csrf_token(client)},
    )
    assert response.status_code == 303
    assert await Booking.all().order_by("id").values_list("status", flat=True) == [
        "cancelled",
        "offered",
    ]


async def test_admin_seats_and_offer_seat_by_hand(client: httpx.AsyncClient) -> None:
    _event, _ticket, workshop = await _setup(client)
    overview = await client.get("/admin/events/dld-2027/seats")
    assert "Raad op Zaterdag" in overview.text
    roster = await client.get(f"/admin/events/dld-2027/seats/{workshop.id}")
    assert "Wachtlijst (1)" in roster.text
    entry = await WaitlistEntry.get()
    refused = await client.post(
        f"/admin/events/dld-2027/waitlist/{entry.id}/offer",
        data={"csrf_token": await csrf_token(client)},
    )
    assert refused.status_code == 303
    page = await client.get(refused.headers["location"])
    assert "Er is geen plek vrij" in page.text


async def test_admin_exports_csv_and_xlsx(client: httpx.AsyncClient) -> None:
    _event, _ticket, workshop = await _setup(client)
    csv_all = await client.get("/admin/events/dld-2027/registrations/export.csv")
    assert csv_all.headers["content-type"] == "text/csv; charset=utf-8"
    lines = csv_all.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("registration;registration_status;ticket_type")
    assert len(lines) == 3
    assert "Raad op Zaterdag (waitlisted)" in lines[2]
    xlsx = await client.get(f"/admin/events/dld-2027/seats/{workshop.id}/attendees.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["name", "Anna de Vries"]
    assert (await client.get("/admin/events/dld-2027/registrations/export.pdf")).status_code == 404


async def test_admin_ticket_types_and_questions_crud(client: httpx.AsyncClient) -> None:
    event, _ticket, _workshop = await _setup(client)
    token = await csrf_token(client)
    bad = await client.post(
        "/admin/events/dld-2027/registration-settings/ticket-types",
        data={"csrf_token": token, "name": ""},
    )
    assert bad.status_code == 422
    ok = await client.post(
        "/admin/events/dld-2027/registration-settings/ticket-types",
        data={
            "csrf_token": token,
            "name": "Raadsleden",
            "price_cents": "0",
            "quota": "50",
            "max_per_registration": "5",
            "invitation_code": "RAAD2027",
            "is_active": "yes",
        },
    )
    assert ok.status_code == 303
    created = await TicketType.get(name="Raadsleden")
    assert (created.quota, created.requires_code, created.max_per_registration) == (50, True, 5)
    edit = await client.get(
        f"/admin/events/dld-2027/registration-settings/ticket-types/{created.id}"
    )
    assert 'value="50"' in edit.text
    question = await client.post(
        "/admin/events/dld-2027/registration-settings/questions",
        data={
            "csrf_token": token,
            "label": "Lunch?",
            "kind": "choice",
            "choices": "Vegetarisch\nVegan",
            "required": "yes",
        },
    )
    assert question.status_code == 303
    assert (await Question.get(event_id=event.id)).choices == ["Vegetarisch", "Vegan"]


async def test_admin_session_pdf_list_renders_the_seated_names(client: httpx.AsyncClient) -> None:
    from tests.tickets.conftest import pdf_text

    _event, _ticket, workshop = await _setup(client)
    await Booking.filter(session_id=workshop.id).update(status="confirmed")
    response = await client.get(f"/admin/events/dld-2027/seats/{workshop.id}/attendees.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Raad op Zaterdag" in text
    assert "Anna de Vries" in text and "Bram Jansen" in text
    assert "Gemeente Zwolle" in text and "Raadslid" in text


async def test_admin_session_pdf_list_refuses_staff(client: httpx.AsyncClient) -> None:
    _event, _ticket, workshop = await _setup(client, role=Role.STAFF)
    response = await client.get(f"/admin/events/dld-2027/seats/{workshop.id}/attendees.pdf")
    assert response.status_code == 403
