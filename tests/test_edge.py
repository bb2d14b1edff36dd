"""Hostile input at the HTTP edge (issue 10): body limits before and while a body is read, ids
and numbers beyond what the database holds, a sync batch with bad items, JSON nested too deep,
NUL bytes in file names, and a session cookie that must die with the logout."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from starlette.convertors import IntegerConvertor
from starlette.routing import BaseRoute, Mount, Route

from festival import clock, db, web
from festival.accounts import services as accounts
from festival.accounts.models import TokenScope
from festival.checkin.models import Checkin
from tests.checkin.conftest import registered, setup_event
from tests.factories import make_event, make_organisation, make_user
from tests.helpers import csrf_from, login

TOO_LARGE_IDS = [db.MAX_INT + 1, 9_999_999_999, 2**63, 2**64]
CHUNK = 64 * 1024


@pytest.fixture(autouse=True)
def _today() -> None:
    clock.set_now(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))


async def _token(event_id: int) -> dict[str, str]:
    _row, raw = await accounts.create_token(event_id, scope=TokenScope.CHECKIN, name="telefoon")
    return {"Authorization": f"Bearer {raw}"}


class CountingBody:
    """A request body streamed in 64 kB chunks that counts how many the app pulled."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _n in range(self.size // CHUNK):
            self.pulled += 1
            yield b"[" * CHUNK


# ---------------------------------------------------------------- 1. body size


async def test_sync_without_token_answers_401_before_reading_a_53_mb_body(
    client: httpx.AsyncClient,
) -> None:
    body = CountingBody(53 * 1024 * 1024)
    response = await client.post(
        "/api/checkin/sync",
        content=body,  # type: ignore[arg-type]
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "missing_token"
    assert body.pulled == 0


async def test_sync_with_token_refuses_declared_large_body_unread(
    client: httpx.AsyncClient,
) -> None:
    setup = await setup_event()
    body = CountingBody(53 * 1024 * 1024)
    response = await client.post(
        "/api/checkin/sync",
        content=body,  # type: ignore[arg-type]
        headers=await _token(setup["event"].id)
        | {"Content-Type": "application/json", "Content-Length": str(body.size)},
    )
    assert response.status_code == 413
    assert response.json()["error"] == {
        "code": "too_large",
        "message": "Dit verzoek is te groot (hoogstens 1 MB).",
    }
    assert body.pulled == 0


async def test_sync_with_token_stops_reading_a_streamed_body_at_the_limit(
    client: httpx.AsyncClient,
) -> None:
    setup = await setup_event()
    body = CountingBody(53 * 1024 * 1024)
    response = await client.post(
        "/api/checkin/sync",
        content=body,  # type: ignore[arg-type]
        headers=await _token(setup["event"].id) | {"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    # Memory stays bounded: the app stopped one chunk after the 1 MB limit.
    assert body.pulled == web.MAX_JSON_BYTES // CHUNK + 1


async def test_registration_api_body_over_limit_is_413(client: httpx.AsyncClient) -> None:
    event = await make_event(slug="dld-edge")
    response = await client.post(
        f"/api/events/{event.slug}/registrations",
        content=b" " * (web.MAX_JSON_BYTES + 1),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


async def test_form_body_over_limit_is_413_page_in_dutch(client: httpx.AsyncClient) -> None:
    body = CountingBody(web.MAX_FORM_BYTES + 4 * CHUNK)
    response = await client.post(
        "/login",
        content=body,  # type: ignore[arg-type]
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert "Dit verzoek is te groot (hoogstens 12 MB)." in response.text
    assert body.pulled == web.MAX_FORM_BYTES // CHUNK + 1


async def test_small_api_body_still_passes_the_limit(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    anna = await registered(setup)
    response = await client.post(
        "/api/checkin",
        json={"payload": anna["payload"], "checkpoint": "entrance"},
        headers=await _token(setup["event"].id),
    )
    assert response.status_code == 200
    assert response.json()["result"] == "ok"


# ---------------------------------------------------------------- 2. ids and numbers


def _routes(routes: list[BaseRoute], prefix: str = "") -> list[tuple[str, Route]]:
    found: list[tuple[str, Route]] = []
    for route in routes:
        if isinstance(route, Mount):
            found += _routes(list(route.routes), prefix + route.path)
        elif isinstance(route, Route):
            found.append((prefix + route.path, route))
    return found


def test_no_route_takes_an_unbounded_integer(app: Any) -> None:
    unbounded = [
        path
        for path, route in _routes(app.routes)
        if any(isinstance(c, IntegerConvertor) for c in route.param_convertors.values())
    ]
    bounded = [
        path
        for path, route in _routes(app.routes)
        if any(isinstance(c, web.IdConvertor) for c in route.param_convertors.values())
    ]
    assert unbounded == []
    assert len(bounded) >= 37


def test_id_convertor_matches_exactly_the_ids_a_database_holds() -> None:
    pattern = re.compile(f"^{web.IdConvertor.regex}$")
    inside = ["1", "9", "10", "999999999", "1000000000", "2147483646", "2147483647"]
    outside = ["0", "01", "2147483648", "2147483650", "2200000000", "9999999999", "1" * 30]
    assert [bool(pattern.match(n)) for n in inside] == [True] * len(inside)
    assert [bool(pattern.match(n)) for n in outside] == [False] * len(outside)


@pytest.mark.parametrize("big", [db.MAX_INT + 1, 2**64], ids=["2^31", "2^64"])
async def test_every_id_route_answers_404_for_ids_beyond_the_database(
    client: httpx.AsyncClient, app: Any, big: int
) -> None:
    organisation = await make_organisation(slug="edge-org")
    event = await make_event(organisation, slug="edge-event")
    await make_user(email="admin@edge.nl", is_admin=True)
    await login(client, "admin@edge.nl")
    token = csrf_from((await client.get("/account")).text)
    answers = {}
    for path, route in _routes(app.routes):
        if not any(isinstance(c, web.IdConvertor) for c in route.param_convertors.values()):
            continue
        url = re.sub(
            r"\{(\w+)(?::(\w+))?\}",
            lambda m: {"slug": event.slug, "org_slug": organisation.slug}.get(
                m.group(1), str(big) if m.group(2) in ("id", "int") else "x"
            ),
            path,
        )
        for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
            response = await client.request(
                method, url, data={"csrf_token": token}, headers={"x-csrf-token": token}
            )
            answers[f"{method} {url}"] = response.status_code
    assert len(answers) >= 37
    assert {k: v for k, v in answers.items() if v != 404} == {}


@pytest.mark.parametrize(
    "attendee_id",
    [*TOO_LARGE_IDS, 0, -1, 1.5, True, "x", None],
    ids=["2^31", "10^10", "2^63", "2^64", "zero", "negative", "float", "bool", "text", "null"],
)
async def test_manual_checkin_refuses_attendee_ids_a_database_cannot_hold(
    client: httpx.AsyncClient, attendee_id: object
) -> None:
    setup = await setup_event()
    response = await client.post(
        "/api/checkin/manual",
        json={"attendee_id": attendee_id, "checkpoint": "entrance"},
        headers=await _token(setup["event"].id),
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_attendee"


@pytest.mark.parametrize(
    "checkpoint",
    [*TOO_LARGE_IDS, "2147483648", "99999999999", "9" * 5000, 0, -3],
    ids=["2^31", "10^10", "2^63", "2^64", "text-2^31", "text-10^11", "5000-digits", "0", "-3"],
)
async def test_scan_refuses_checkpoints_beyond_any_session_id(
    client: httpx.AsyncClient, checkpoint: object
) -> None:
    setup = await setup_event()
    anna = await registered(setup)
    response = await client.post(
        "/api/checkin",
        json={"payload": anna["payload"], "checkpoint": checkpoint},
        headers=await _token(setup["event"].id),
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_checkpoint"


@pytest.mark.parametrize("checkpoint", ["²", "١٢"], ids=["superscript", "arabic-indic"])
async def test_scan_with_non_ascii_digits_checkpoint_is_refused(
    client: httpx.AsyncClient, checkpoint: str
) -> None:
    setup = await setup_event()
    anna = await registered(setup)
    response = await client.post(
        "/api/checkin",
        json={"payload": anna["payload"], "checkpoint": checkpoint},
        headers=await _token(setup["event"].id),
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_checkpoint"


async def test_undo_refuses_checkin_ids_beyond_the_database(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    headers = await _token(setup["event"].id)
    codes = [
        (
            await client.post("/api/checkin/undo", json={"checkin_id": big}, headers=headers)
        ).status_code
        for big in TOO_LARGE_IDS
    ]
    assert codes == [422] * len(TOO_LARGE_IDS)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"ticket_type": db.MAX_INT + 1}, "ticket_type_not_found"),
        ({"ticket_type": 2**64}, "ticket_type_not_found"),
        ({"ticket_type": "²"}, "ticket_type_not_found"),
        ({"ticket_type": "9" * 5000}, "ticket_type_not_found"),
        ({"sessions": [2**64]}, "unknown_session"),
        ({"sessions": ["²"]}, "unknown_session"),
        ({"sessions": "1,2"}, "unknown_session"),
    ],
    ids=["type-2^31", "type-2^64", "type-superscript", "type-5000", "s-2^64", "s-sup", "s-text"],
)
async def test_registration_api_refuses_ids_beyond_the_database(
    client: httpx.AsyncClient, body: dict[str, Any], code: str
) -> None:
    event = await make_event(slug="dld-edge")
    attendee = {"name": "Anna de Vries", "email": "anna@utrecht.nl"}
    response = await client.post(
        f"/api/events/{event.slug}/registrations",
        json={"ticket_type": 1, "attendees": [attendee], **body},
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


# ---------------------------------------------------------------- 3. sync batches


async def test_sync_bad_items_get_error_results_and_later_items_are_taken(
    client: httpx.AsyncClient,
) -> None:
    setup = await setup_event()
    anna = await registered(setup)
    bas = await registered(setup, "Bas Bakker", "bas@utrecht.nl")
    scans: list[Any] = [
        {"payload": anna["payload"], "checkpoint": "entrance", "scan_id": "s-1"},
        {"attendee_id": 2**63, "checkpoint": "entrance", "scan_id": "s-2"},
        {"attendee_id": db.MAX_INT + 1, "checkpoint": "entrance", "scan_id": "s-3"},
        {"payload": anna["payload"], "checkpoint": 2**64, "scan_id": "s-4"},
        "not a scan",
        {"payload": bas["payload"], "checkpoint": "entrance", "scan_id": ["s-6"]},
        {"attendee_id": bas["attendee_id"], "checkpoint": "entrance", "scan_id": "s-7"},
    ]
    response = await client.post(
        "/api/checkin/sync", json={"scans": scans}, headers=await _token(setup["event"].id)
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["index"], r["scan_id"], r.get("result") or r["error"]["code"]) for r in results] == [
        (0, "s-1", "ok"),
        (1, "s-2", "invalid_attendee"),
        (2, "s-3", "invalid_attendee"),
        (3, "s-4", "invalid_checkpoint"),
        (4, None, "invalid_scan"),
        (5, None, "invalid_scan_id"),
        (6, "s-7", "ok"),
    ]
    assert await Checkin.filter(live_key__isnull=False).count() == 2


# ---------------------------------------------------------------- 4. JSON nested too deep


@pytest.mark.parametrize("opening", [b"[", b'{"a":'], ids=["arrays", "objects"])
async def test_json_nested_100000_deep_is_400(client: httpx.AsyncClient, opening: bytes) -> None:
    setup = await setup_event()
    headers = await _token(setup["event"].id) | {"Content-Type": "application/json"}
    for url in (
        "/api/checkin",
        "/api/checkin/sync",
        f"/api/events/{setup['event'].slug}/registrations",
    ):
        response = await client.post(url, content=opening * 100_000, headers=headers)
        assert (response.status_code, response.json()["error"]["code"]) == (400, "invalid_json")


# ---------------------------------------------------------------- 5. file names


@pytest.mark.parametrize(
    "name", ["%00.jpg", "a%00.jpg", "a.jpg%00", "a.jpg%0A", "..%2Fsecret_key", "%2e%2e.jpg"]
)
async def test_speaker_photo_with_unsafe_name_is_404(client: httpx.AsyncClient, name: str) -> None:
    response = await client.get(f"/media/speakers/{name}")
    assert response.status_code == 404


# ---------------------------------------------------------------- 7. logout


async def test_logout_ends_a_copied_session_cookie(client: httpx.AsyncClient, app: Any) -> None:
    await make_user(email="organisator@edge.nl", is_admin=True)
    await login(client, "organisator@edge.nl")
    copied = client.cookies["festival_session"]
    token = csrf_from((await client.get("/account")).text)
    assert (await client.post("/logout", data={"csrf_token": token})).status_code == 303
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as thief:
        thief.cookies.set("festival_session", copied)
        response = await thief.get("/admin")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/admin"


async def test_body_limit_message_in_english(client: httpx.AsyncClient) -> None:
    event = await make_event(slug="dld-edge")
    response = await client.post(
        f"/api/events/{event.slug}/registrations?lang=en",
        content=b" " * (web.MAX_JSON_BYTES + 1),
        headers={"Content-Type": "application/json"},
    )
    assert (response.status_code, response.json()["error"]["message"]) == (
        413,
        "This request is too large (at most 1 MB).",
    )


# ---------------------------------------------------------------- values longer than a column


@pytest.mark.parametrize(
    "url", ["/events/{long}", "/events/{long}/programme", "/api/events/{long}/sessions"]
)
async def test_event_slug_longer_than_any_slug_is_404(client: httpx.AsyncClient, url: str) -> None:
    response = await client.get(url.format(long="x" * 81))
    assert response.status_code == 404


async def test_value_too_long_for_its_column_is_422_not_500(client: httpx.AsyncClient) -> None:
    event = await make_event(slug="dld-edge")
    await make_user(email="admin@edge.nl", is_admin=True)
    await login(client, "admin@edge.nl")
    response = await client.get(f"/admin/events/{event.slug}/registrations/{'x' * 300}")
    assert response.status_code == 422
    assert "Een van de waarden is te lang of ongeldig." in response.text


# ---------------------------------------------------------------- NUL characters (PostgreSQL)


@pytest.mark.parametrize(
    "url", ["/events/dld-edge/sessions/a%00b", "/events/%00", "/api/events/dld-edge%00/sessions"]
)
async def test_nul_in_the_path_is_404(client: httpx.AsyncClient, url: str) -> None:
    await make_event(slug="dld-edge")
    assert (await client.get(url)).status_code == 404


async def test_nul_in_the_query_is_400(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    response = await client.get(
        "/api/checkin/search?q=an%00na", headers=await _token(setup["event"].id)
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "De tekst bevat een teken dat niet is toegestaan (NUL)."
    )


async def test_nul_in_a_json_string_is_400(client: httpx.AsyncClient) -> None:
    event = await make_event(slug="dld-edge")
    response = await client.post(
        f"/api/events/{event.slug}/registrations",
        json={"ticket_type": 1, "attendees": [{"name": "An\x00na", "email": "anna@utrecht.nl"}]},
    )
    assert (response.status_code, response.json()["error"]["code"]) == (400, "nul_character")


async def test_sync_nul_in_one_scan_fails_that_scan_only(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    anna = await registered(setup)
    scans = [
        {"payload": "F1\x00", "checkpoint": "entrance", "scan_id": "n-1"},
        {"payload": anna["payload"], "checkpoint": "entrance", "scan_id": "n-2\x00"},
        {"payload": anna["payload"], "checkpoint": "entr\x00ance", "scan_id": "n-3"},
        {"payload": anna["payload"], "checkpoint": "entrance", "scan_id": "n-4"},
    ]
    response = await client.post(
        "/api/checkin/sync", json={"scans": scans}, headers=await _token(setup["event"].id)
    )
    assert response.status_code == 200
    assert [r.get("result") or r["error"]["code"] for r in response.json()["results"]] == [
        "unknown",
        "invalid_scan_id",
        "invalid_checkpoint",
        "ok",
    ]
