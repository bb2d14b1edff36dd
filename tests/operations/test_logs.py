"""Log lines: one JSON object each, every line of a request with its id (the caller's when
sane), the id in the response header and on the error page, and no personal data in the log
of a registration, a login, a wrong manage link and a server error."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route

from festival import clock, logs
from festival.accounts.models import Role
from tests.factories import PASSWORD, make_event, make_ticket_type, make_user
from tests.helpers import login

FIELDS = ["time", "level", "logger", "message", "request_id", "route", "status", "duration_ms"]


@pytest.fixture(autouse=True)
def _today() -> None:
    clock.set_now(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """The JSON log of this test, as production writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    handler.addFilter(logs.RequestIdFilter())
    root, client = logging.getLogger(), logging.getLogger("httpx")
    levels = root.level, client.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    client.setLevel(logging.WARNING)  # as logs.config() has it
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(levels[0])
        client.setLevel(levels[1])


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


async def _boom(request: Request) -> None:
    raise RuntimeError("kapot")


async def test_request_log_has_no_personal_data(
    app: Starlette, client: httpx.AsyncClient, captured: io.StringIO
) -> None:
    app.router.routes.append(Route("/_boom", _boom))
    event = await make_event(slug="dld-2027")
    ticket_type = await make_ticket_type(event)
    await make_user(email="olga.organisator@utrecht.nl", name="Olga Organisator", role=Role.OWNER)
    created = await client.post(
        "/api/events/dld-2027/registrations",
        json={
            "ticket_type": ticket_type.id,
            "attendees": [{"name": "Anna de Vries", "email": "anna.devries@utrecht.nl"}],
        },
    )
    manage_url = created.json()["manage_url"]
    manage_token = manage_url.rsplit("/", 1)[1]
    assert (await client.get(manage_url.removeprefix("http://testserver"))).status_code == 200
    await login(client, "olga.organisator@utrecht.nl")
    wrong = await client.get("/events/dld-2027/registration/not-a-token?token=geheim-123456")
    assert wrong.status_code == 404
    error = await client.get("/_boom", headers={"X-Request-ID": "trace-abc-123"})
    assert error.status_code == 500

    text = captured.getvalue()
    for secret in (
        "anna.devries",
        "Anna",
        "Vries",
        "olga",
        "Olga",
        "@utrecht.nl",
        PASSWORD,
        manage_token,
        "geheim-123456",
        "not-a-token",
        "?",
    ):
        assert secret not in text, f"{secret!r} is in the log"
    records = lines(captured)
    assert all(list(record)[: len(FIELDS)] == FIELDS for record in records)
    access = [r for r in records if r["logger"] == "festival.access"]
    assert [(r["message"], r["route"], r["status"]) for r in access] == [
        ("POST /api/events/{slug}/registrations 201", "/api/events/{slug}/registrations", 201),
        ("GET /events/{slug}/registration/{token} 200", "/events/{slug}/registration/{token}", 200),
        ("GET /login 200", "/login", 200),
        ("POST /login 303", "/login", 303),
        ("GET /events/{slug}/registration/{token} 404", "/events/{slug}/registration/{token}", 404),
        ("GET /_boom 500", "/_boom", 500),
    ]
    assert all(isinstance(r["duration_ms"], float) for r in access)
    ids = [r["request_id"] for r in access]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids[:-1])
    # the error's traceback is logged under the caller's id, with the 500 line
    failure = [r for r in records if r["level"] == "ERROR"]
    assert [r["request_id"] for r in failure] == ["trace-abc-123"]
    assert "RuntimeError: kapot" in str(failure[0]["error"])
    assert ids[-1] == "trace-abc-123"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [("trace-abc-123", True), ("<script>", False), ("x" * 65, False), ("abc", False)],
    ids=["sane", "markup", "too-long", "too-short"],
)
async def test_request_id_is_kept_only_when_sane(
    client: httpx.AsyncClient, sent: str, kept: bool
) -> None:
    response = await client.get("/healthz", headers={"X-Request-ID": sent})
    returned = response.headers["x-request-id"]
    if kept:
        assert returned == sent
    else:
        assert re.fullmatch(r"[0-9a-f]{16}", returned)


async def test_error_page_shows_the_request_id(app: Starlette, client: httpx.AsyncClient) -> None:
    app.router.routes.append(Route("/_boom", _boom))
    error = await client.get("/_boom", headers={"X-Request-ID": "trace-abc-123"})
    assert error.status_code == 500
    assert error.headers["x-request-id"] == "trace-abc-123"
    assert "Noem dan dit kenmerk: <code>trace-abc-123</code>" in error.text
    missing = await client.get("/events/nope?lang=en")
    rid = missing.headers["x-request-id"]
    assert f"Please mention this reference: <code>{rid}</code>" in missing.text


def test_text_format_is_one_line_with_the_request_id() -> None:
    record = logging.LogRecord("festival.access", logging.INFO, "", 0, "GET /x 200", (), None)
    record.request_id = "abc123abc"
    record.route, record.status, record.duration_ms = "/x", 200, 1.5
    text = logs.TextFormatter().format(record)
    assert text.endswith("INFO festival.access [abc123abc] GET /x 200 route=/x status=200 ms=1.5")
