"""The check-in API over HTTP: tokens scoped to one event, staff sessions with CSRF, result codes,
retries, malformed input (a 4xx or `unknown`, never a 500), offline list and sync."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from festival import clock
from festival.accounts import services as accounts
from festival.accounts.models import Role, TokenScope
from festival.checkin.models import Checkin
from tests.checkin.conftest import registered, setup_event
from tests.factories import make_user
from tests.helpers import login


@pytest.fixture(autouse=True)
def _today() -> None:
    clock.set_now(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))


async def _token(event_id: int, scope: str = "checkin") -> dict[str, str]:
    _token_row, raw = await accounts.create_token(
        event_id, scope=TokenScope(scope), name="telefoon 1"
    )
    return {"Authorization": f"Bearer {raw}"}


async def test_checkin_with_token_is_ok_then_already_checked_in(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    anna = await registered(setup)
    headers = await _token(setup["event"].id)
    body = {"payload": anna["payload"], "checkpoint": "entrance"}
    first = await client.post("/api/checkin", json=body, headers=headers)
    assert first.status_code == 200
    data = first.json()
    assert (data["result"], data["attendee"]["name"], data["attendee"]["organisation"]) == (
        "ok",
        "Anna de Vries",
        "Gemeente Utrecht",
    )
    second = (await client.post("/api/checkin", json=body, headers=headers)).json()
    assert second["result"] == "already_checked_in"
    assert (second["first_checkin"]["place"], second["first_checkin"]["device"]) == (
        "Ingang",
        "telefoon 1",
    )


async def test_checkin_retry_with_same_scan_id_is_harmless(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    anna = await registered(setup)
    headers = await _token(setup["event"].id)
    body = {"payload": anna["payload"], "checkpoint": "entrance", "scan_id": "retry-1"}
    answers = [
        (await client.post("/api/checkin", json=body, headers=headers)).json() for _n in range(3)
    ]
    assert [a["result"] for a in answers] == ["ok", "ok", "ok"]
    assert await Checkin.all().count() == 1


async def test_checkin_without_token_is_401(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    anna = await registered(setup)
    response = await client.post(
        "/api/checkin", json={"payload": anna["payload"], "checkpoint": "entrance"}
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "missing_token"
    bad = await client.post(
        "/api/checkin",
        json={"payload": anna["payload"], "checkpoint": "entrance"},
        headers={"Authorization": "Bearer fst_nope"},
    )
    assert bad.status_code == 401


async def test_token_of_another_event_is_403(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    other = await setup_event("other-2027")
    headers = await _token(other["event"].id)
    keys = await client.get("/api/checkin/keys?event=dld-2027", headers=headers)
    assert keys.status_code == 403
    assert keys.json()["error"]["code"] == "wrong_event"
    anna = await registered(setup)
    scan = await client.post(
        "/api/checkin",
        json={"payload": anna["payload"], "checkpoint": "entrance", "event": "dld-2027"},
        headers=headers,
    )
    assert scan.status_code == 403


async def test_token_with_read_scope_is_403(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    headers = await _token(setup["event"].id, "read")
    response = await client.get("/api/checkin/keys", headers=headers)
    assert response.status_code == 403


async def test_token_implies_event_and_scans_its_tickets_only(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    other = await setup_event("other-2027")
    visitor = await registered(other)
    headers = await _token(setup["event"].id)
    data = (
        await client.post(
            "/api/checkin",
            json={"payload": visitor["payload"], "checkpoint": "entrance"},
            headers=headers,
        )
    ).json()
    assert data["result"] == "wrong_event"


@pytest.mark.parametrize(
    "content",
    [
        b"{",
        b"[]",
        b"null",
        b"\xff\xfe",
        b'"text"',
        b'{"payload": 5, "checkpoint": "entrance"}',
        b'{"payload": "F1A.abc", "checkpoint": "entrance"}',
        b'{"payload": "x", "checkpoint": {"a": 1}}',
        b'{"payload": "x", "checkpoint": "entrance", "scan_id": ["a"]}',
        b'{"checkpoint": "entrance"}',
        b'{"payload": "x", "checkpoint": "entrance", "scanned_at": "yesterday"}',
    ],
    ids=[
        "truncated",
        "list",
        "null",
        "binary",
        "string",
        "number-payload",
        "short-payload",
        "object-checkpoint",
        "list-scan-id",
        "no-payload",
        "bad-time",
    ],
)
async def test_checkin_malformed_input_is_4xx_or_unknown(
    client: httpx.AsyncClient, content: bytes
) -> None:
    setup = await setup_event()
    headers = await _token(setup["event"].id) | {"Content-Type": "application/json"}
    response = await client.post("/api/checkin", content=content, headers=headers)
    assert response.status_code in (200, 400, 422)
    if response.status_code == 200:
        assert response.json()["result"] == "unknown"
    else:
        assert set(response.json()["error"]) >= {"code", "message"}


async def test_keys_and_ticket_list_for_offline_use(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    anna = await registered(setup, sessions=[setup["workshop"].id])
    headers = await _token(setup["event"].id)
    keys = (await client.get("/api/checkin/keys", headers=headers)).json()
    assert keys["event"] == "dld-2027"
    assert [(k["alg"], len(k["public_key"])) for k in keys["keys"]] == [("Ed25519", 43)]
    bundle = (await client.get("/api/checkin/tickets", headers=headers)).json()
    assert bundle["tickets"] == [
        {
            "tid": anna["ticket"].tid,
            "name": "Anna de Vries",
            "organisation": "Gemeente Utrecht",
            "status": "valid",
            "session_ids": [setup["workshop"].id],
            "checked_in": [],
        }
    ]
    assert [c["code"] for c in bundle["checkpoints"]] == [
        "entrance",
        str(setup["plenary"].id),
        str(setup["workshop"].id),
    ]  # same time: by title


async def test_sync_endpoint_merges_a_batch(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    anna = await registered(setup)
    headers = await _token(setup["event"].id)
    at = (clock.now() - timedelta(minutes=4)).isoformat()
    batch: dict[str, Any] = {
        "scans": [
            {
                "payload": anna["payload"],
                "checkpoint": "entrance",
                "scan_id": "o-1",
                "scanned_at": at,
                "offline_result": "ok",
            }
        ]
    }
    first = (await client.post("/api/checkin/sync", json=batch, headers=headers)).json()
    again = (await client.post("/api/checkin/sync", json=batch, headers=headers)).json()
    assert [r["result"] for r in first["results"]] == ["ok"]
    assert again["results"] == first["results"]
    assert (
        await client.post("/api/checkin/sync", json={"scans": 3}, headers=headers)
    ).status_code == 422


async def test_staff_session_needs_csrf_header(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    anna = await registered(setup)
    staff = await make_user(role=Role.STAFF, organisation=await setup["event"].organisation)
    await login(client, staff.email)
    page = await client.get("/scan")
    assert page.status_code == 200
    assert 'data-csrf="' in page.text
    csrf = page.text.split('data-csrf="')[1].split('"')[0]
    body = {"payload": anna["payload"], "checkpoint": "entrance", "event": "dld-2027"}
    refused = await client.post("/api/checkin", json=body)
    assert refused.status_code == 403
    done = await client.post("/api/checkin", json=body, headers={"X-CSRF-Token": csrf})
    assert done.json()["result"] == "ok"
    undo = await client.post(
        "/api/checkin/undo",
        json={"checkin_id": done.json()["checkin_id"], "event": "dld-2027"},
        headers={"X-CSRF-Token": csrf},
    )
    assert undo.json() == {"undone": True, "checkin_id": done.json()["checkin_id"]}


async def test_user_of_another_organisation_is_403(client: httpx.AsyncClient) -> None:
    await setup_event()
    stranger = await make_user(role=Role.STAFF)
    await login(client, stranger.email)
    response = await client.get("/api/checkin/keys?event=dld-2027")
    assert response.status_code == 403


async def test_scan_page_for_token_users_asks_for_the_token(client: httpx.AsyncClient) -> None:
    page = await client.get("/scan")
    assert page.status_code == 200
    assert 'id="scan-token"' in page.text
    assert (await client.get("/scan/sw.js")).headers["service-worker-allowed"] == "/scan"
    assert (await client.get("/scan/manifest.webmanifest")).json()["start_url"] == "/scan"


async def test_openapi_describes_the_checkin_endpoints(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/api/openapi.json")).json()["paths"]
    assert {
        "/api/checkin",
        "/api/checkin/keys",
        "/api/checkin/tickets",
        "/api/checkin/sync",
    } <= set(paths)
