"""The JSON API of the programme and its OpenAPI description."""

from __future__ import annotations

import httpx
import jsonschema
from openapi_spec_validator import validate

from tests.factories import make_event
from tests.programme.sample import SCRIPT, make_published_programme


async def test_api_events_lists_published_events_only(client: httpx.AsyncClient) -> None:
    await make_published_programme()
    await make_event(slug="concept", status="draft")
    response = await client.get("/api/events")
    assert response.status_code == 200
    assert [e["slug"] for e in response.json()] == ["dld-test"]
    assert response.json()[0]["starts_at"] == "2027-03-20T09:00:00+01:00"


async def test_api_event_detail_includes_ticket_types(client: httpx.AsyncClient) -> None:
    await make_published_programme()
    data = (await client.get("/api/events/dld-test")).json()
    assert data["slug"] == "dld-test"
    assert data["name"] == "Dag van de Lokale Democratie"
    assert isinstance(data["ticket_types"], list)
    assert (await client.get("/api/events/dld-test?lang=en")).json()[
        "name"
    ] == "Local Democracy Day"


async def test_api_unknown_event_is_a_json_404(client: httpx.AsyncClient) -> None:
    for path in ("/api/events/nope", "/api/events/nope/sessions"):
        response = await client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "event_not_found"
        assert response.json()["error"]["message"] == "Dit evenement bestaat niet."


async def test_api_sessions_shape(client: httpx.AsyncClient) -> None:
    sample = await make_published_programme()
    sessions = (await client.get("/api/events/dld-test/sessions")).json()
    assert [s["code"] for s in sessions] == [
        sample.workshop.code,
        sample.lab.code,
        sample.cancelled.code,
    ]
    assert sessions[0] == {
        "id": sample.workshop.id,
        "code": sample.workshop.code,
        "title": f"Raad op Zaterdag {SCRIPT}",
        "abstract": "Zo doet u het.",
        "starts_at": "2027-03-20T09:30:00+01:00",
        "ends_at": "2027-03-20T10:30:00+01:00",
        "room": {
            "id": sample.workshop.room_id,
            "name": "Raadzaal",
            "venue": {
                "name": "Stadhuis",
                "address": "Korte Minrebroederstraat 2",
                "city": "Utrecht",
            },
        },
        "track": {"id": sample.workshop.track_id, "name": "Raad op Zaterdag"},
        "format": "workshop",
        "speakers": [
            {
                "code": sample.speaker.code,
                "name": "Anna de Vries",
                "organisation": "Gemeente Zeist",
                "role": "griffier",
            }
        ],
        "capacity": 100,
        "seats_left": 100,
        "requires_registration": True,
        "language": "nl",
        "audiences": ["griffiers"],
        "accessibility": ["step_free", "hearing_loop"],
        "state": "published",
    }
    assert sessions[2]["state"] == "cancelled"


async def test_api_sessions_in_english(client: httpx.AsyncClient) -> None:
    await make_published_programme()
    sessions = (await client.get("/api/events/dld-test/sessions?lang=en")).json()
    assert sessions[1]["title"] == "Democracy Test Lab"
    assert sessions[1]["abstract"] == "Sortition for real."


async def test_api_sessions_before_publishing_is_empty(client: httpx.AsyncClient) -> None:
    await make_published_programme(publish=False)
    response = await client.get("/api/events/dld-test/sessions")
    assert response.status_code == 200
    assert response.json() == []


async def test_openapi_document_is_valid_openapi_3_1(client: httpx.AsyncClient) -> None:
    document = (await client.get("/api/openapi.json")).json()
    assert document["openapi"] == "3.1.0"
    validate(document)
    for path in ("/api/events", "/api/events/{slug}", "/api/events/{slug}/sessions"):
        assert "get" in document["paths"][path]


async def test_api_sessions_response_matches_its_openapi_schema(client: httpx.AsyncClient) -> None:
    await make_published_programme()
    document = (await client.get("/api/openapi.json")).json()
    response_schema = document["paths"]["/api/events/{slug}/sessions"]["get"]["responses"]["200"]
    schema = {
        **response_schema["content"]["application/json"]["schema"],
        "components": document["components"],
    }
    sessions = (await client.get("/api/events/dld-test/sessions")).json()
    jsonschema.Draft202012Validator(schema).validate(sessions)
    event_schema = {
        **document["components"]["schemas"]["EventDetail"],
        "components": document["components"],
    }
    jsonschema.Draft202012Validator(event_schema).validate(
        (await client.get("/api/events/dld-test")).json()
    )
