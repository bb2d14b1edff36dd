"""POST /api/events/{slug}/registrations: 201 and each refusal with its status and code."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from festival import clock
from festival.registration.models import Question, Registration
from tests.factories import make_event, make_session, make_ticket_type

EARLY_IN_A_WINDOW = datetime(2026, 12, 1, 9, 0, 30, tzinfo=UTC)
URL = "/api/events/dld-2027/registrations"


def _anna(**overrides: Any) -> dict[str, Any]:
    return {"name": "Anna de Vries", "email": "anna@utrecht.nl", "role": "griffier"} | overrides


async def _setup() -> tuple[Any, Any, Any]:
    event = await make_event(slug="dld-2027")
    ticket = await make_ticket_type(event)
    workshop = await make_session(event, title="Raad op Zaterdag", capacity=1)
    return event, ticket, workshop


async def test_api_register_returns_201_with_bookings(client: httpx.AsyncClient) -> None:
    _event, ticket, workshop = await _setup()
    response = await client.post(
        URL,
        json={
            "ticket_type": ticket.id,
            "sessions": [workshop.id],
            "attendees": [_anna(), {"name": "Bram Jansen", "email": "bram@utrecht.nl"}],
        },
    )
    assert response.status_code == 201
    body = response.json()
    registration = await Registration.get()
    assert body["code"] == registration.code
    assert body["status"] == "confirmed"
    assert body["manage_url"].startswith("http://testserver/events/dld-2027/registration/")
    assert [t["attendee"] for t in body["tickets"]] == [
        "Anna de Vries",
        "Bram Jansen",
    ]  # details: tests/tickets
    assert [(a["name"], a["bookings"]) for a in body["attendees"]] == [
        (
            "Anna de Vries",
            [{"session": workshop.id, "status": "confirmed", "waitlist_position": None}],
        ),
        ("Bram Jansen", [{"session": workshop.id, "status": "waitlisted", "waitlist_position": 1}]),
    ]
    manage = await client.get(body["manage_url"].removeprefix("http://testserver"))
    assert manage.status_code == 200


async def test_api_register_idempotency_key_header_returns_same_registration(
    client: httpx.AsyncClient,
) -> None:
    _event, ticket, _workshop = await _setup()
    payload = {"ticket_type": ticket.id, "attendees": [_anna()]}
    first = await client.post(URL, json=payload, headers={"Idempotency-Key": "abc-123"})
    second = await client.post(URL, json=payload, headers={"Idempotency-Key": "abc-123"})
    assert first.json()["code"] == second.json()["code"]
    assert await Registration.all().count() == 1


@pytest.mark.parametrize(
    ("change", "status", "code", "field"),
    [
        (
            lambda p, t, w: p | {"attendees": [_anna(email="anna@")]},
            422,
            "invalid_email",
            "attendees.0.email",
        ),
        (lambda p, t, w: p | {"attendees": []}, 422, "no_attendees", "attendees"),
        (lambda p, t, w: p | {"ticket_type": 99999}, 422, "ticket_type_not_found", "ticket_type"),
        (lambda p, t, w: p | {"sessions": [99999]}, 422, "unknown_session", "attendees.0.sessions"),
        (lambda p, t, w: p | {"consent": False}, 422, "consent_required", "consent"),
        (
            lambda p, t, w: p | {"attendees": [_anna(role="koning")]},
            422,
            "invalid_attendee",
            "attendees.0.role",
        ),
    ],
    ids=[
        "bad-email",
        "no-attendees",
        "unknown-ticket-type",
        "unknown-session",
        "no-consent",
        "bad-role",
    ],
)
async def test_api_register_refusals(
    client: httpx.AsyncClient, change: Any, status: int, code: str, field: str
) -> None:
    _event, ticket, workshop = await _setup()
    payload = change({"ticket_type": ticket.id, "attendees": [_anna()]}, ticket, workshop)
    response = await client.post(URL, json=payload)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    assert field in error["fields"]
    assert await Registration.all().count() == 0


async def test_api_register_overlapping_sessions_is_422(client: httpx.AsyncClient) -> None:
    event, ticket, workshop = await _setup()
    clash = await make_session(
        event, title="Democratie Testlab", starts_at=datetime(2027, 3, 20, 10, 30, tzinfo=UTC)
    )
    response = await client.post(
        URL,
        json={
            "ticket_type": ticket.id,
            "attendees": [_anna()],
            "sessions": [workshop.id, clash.id],
        },
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "overlapping_sessions"


async def test_api_register_missing_answer_is_422(client: httpx.AsyncClient) -> None:
    event, ticket, _workshop = await _setup()
    question = await Question.create(event=event, label="Gemeente", required=True)
    response = await client.post(URL, json={"ticket_type": ticket.id, "attendees": [_anna()]})
    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "missing_answer",
        "message": "Beantwoord deze vraag.",
        "fields": {f"attendees.0.answers.{question.id}": "Beantwoord deze vraag."},
    }


async def test_api_register_sold_out_and_closed_are_409(client: httpx.AsyncClient) -> None:
    event, _ticket, _workshop = await _setup()
    sold_out = await make_ticket_type(event, name="Raadsleden", quota=1, sold=1)
    closed = await make_ticket_type(
        event, name="Vroegboeker", sales_end=datetime(2020, 1, 1, tzinfo=UTC)
    )
    for ticket, code in ((sold_out, "ticket_type_sold_out"), (closed, "ticket_type_not_on_sale")):
        response = await client.post(URL, json={"ticket_type": ticket.id, "attendees": [_anna()]})
        assert response.status_code == 409
        assert response.json()["error"]["code"] == code


async def test_api_register_wrong_invitation_code_is_403(client: httpx.AsyncClient) -> None:
    event, _ticket, _workshop = await _setup()
    ticket = await make_ticket_type(event, name="Raadsleden", invitation_code="RAAD2027")
    response = await client.post(
        URL, json={"ticket_type": ticket.id, "attendees": [_anna()], "invitation_code": "x"}
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "invalid_invitation_code"
    ok = await client.post(
        URL, json={"ticket_type": ticket.id, "attendees": [_anna()], "invitation_code": "RAAD2027"}
    )
    assert ok.status_code == 201


async def test_api_register_bad_json_and_unknown_event(client: httpx.AsyncClient) -> None:
    await _setup()
    bad = await client.post(URL, content=b"{nope", headers={"content-type": "application/json"})
    assert (bad.status_code, bad.json()["error"]["code"]) == (400, "invalid_json")
    missing = await client.post("/api/events/nope/registrations", json={})
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "event_not_found")


async def test_api_register_rate_limited_per_address(client: httpx.AsyncClient, app: Any) -> None:
    clock.set_now(EARLY_IN_A_WINDOW)  # fixed-window counts: never across a window's end
    _event, ticket, _workshop = await _setup()
    limit = app.state.settings.registration_rate_limit
    for i in range(limit):
        response = await client.post(
            URL, json={"ticket_type": ticket.id, "attendees": [_anna(email=f"a{i}@x.nl")]}
        )
        assert response.status_code == 201
    refused = await client.post(URL, json={"ticket_type": ticket.id, "attendees": [_anna()]})
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"


async def test_openapi_describes_registration_endpoint(client: httpx.AsyncClient) -> None:
    document = (await client.get("/api/openapi.json")).json()
    operation = document["paths"]["/api/events/{slug}/registrations"]["post"]
    assert operation["operationId"] == "createRegistration"
    assert set(operation["responses"]) == {
        "201",
        "400",
        "403",
        "404",
        "409",
        "413",
        "422",
        "429",
        "503",
    }
