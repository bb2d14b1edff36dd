"""The HTTP edge on real servers: uvicorn keeps a keep-alive connection after a 500, answers a
53 MB upload without credentials before the body is sent, and `festival serve` believes
X-Forwarded-For only from FESTIVAL_TRUSTED_PROXIES (rate limits and the audit log see the
real address)."""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import socket
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.requests import Request
from starlette.routing import Route

from festival.accounts import services as accounts
from festival.accounts.models import TokenScope
from tests.factories import make_event
from tests.helpers import csrf_from
from tests.servers import festival_serve, free_port

ROOT = Path(__file__).resolve().parents[1]


async def _boom(request: Request) -> None:
    raise RuntimeError("a fault in a handler")


@pytest.fixture
async def server(app: Any) -> AsyncIterator[int]:
    """The test app (plus a route that raises) served by a real uvicorn on 127.0.0.1."""
    app.router.routes.append(Route("/boom", _boom))
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, lifespan="off", log_level="critical", access_log=False
    )
    serving = uvicorn.Server(config)
    task = asyncio.create_task(serving.serve())
    for _n in range(500):  # bounded: uvicorn is up within a few event-loop turns
        if serving.started:
            break
        await asyncio.sleep(0.01)
    assert serving.started
    try:
        yield port
    finally:
        serving.should_exit = True
        await task


def _two_requests_on_one_connection(port: int) -> list[tuple[int, bool]]:
    """Status of each answer, and whether it came on the connection of the first request."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    answers = []
    try:
        for path in ("/boom", "/healthz"):
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if not answers:
                first_socket = connection.sock
            answers.append((response.status, connection.sock is first_socket))
    finally:
        connection.close()
    return answers


async def test_request_after_a_500_works_on_the_same_keep_alive_connection(
    server: int, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="festival"):
        answers = await asyncio.to_thread(_two_requests_on_one_connection, server)
    assert answers == [(500, True), (200, True)]
    assert [r.getMessage() for r in caplog.records if r.name == "festival"] == [
        "Unhandled error in GET /boom after its response was sent"
    ]


def _headers_only(port: int, path: str, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """Send a request's headers announcing 53 MB, but none of the body; read the answer."""
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    lines += [f"Content-Length: {53 * 1024 * 1024}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
    head, _sep, body = reply.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


async def test_53_mb_sync_is_answered_before_its_body_is_sent(server: int) -> None:
    event = await make_event(slug="dld-edge")
    _row, raw = await accounts.create_token(event.id, scope=TokenScope.CHECKIN, name="telefoon")
    anonymous = await asyncio.to_thread(_headers_only, server, "/api/checkin/sync", {})
    with_token = await asyncio.to_thread(
        _headers_only, server, "/api/checkin/sync", {"Authorization": f"Bearer {raw}"}
    )
    assert (anonymous[0], anonymous[1]["error"]["code"]) == (401, "missing_token")
    assert (with_token[0], with_token[1]["error"]["code"]) == (413, "too_large")


# ---------------------------------------------------------------- festival serve


def _failed_logins(url: str) -> list[int]:
    """Three wrong logins for three accounts, each claiming another address by X-Forwarded-For."""
    with httpx.Client(base_url=url, timeout=10) as client:
        token = csrf_from(client.get("/login").text)
        return [
            client.post(
                "/login",
                data={"email": f"gast{n}@edge.nl", "password": "fout", "csrf_token": token},
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
            ).status_code
            for n in (1, 2, 3)
        ]


def _audited_addresses(data_dir: Path) -> list[str]:
    with sqlite3.connect(data_dir / "festival.sqlite3") as database:
        rows = database.execute(
            "SELECT data FROM audit_entry WHERE action = 'user.login_failed' ORDER BY id"
        ).fetchall()
    return [json.loads(data)["ip"] for (data,) in rows]


def test_serve_ignores_x_forwarded_for_without_trusted_proxies(tmp_path: Path) -> None:
    with festival_serve(tmp_path, FESTIVAL_LOGIN_RATE_LIMIT="2") as url:
        statuses = _failed_logins(url)
    assert statuses == [422, 422, 429]  # one address: the limit of 2 holds
    assert _audited_addresses(tmp_path) == ["127.0.0.1"] * 3


def test_serve_believes_x_forwarded_for_from_a_trusted_proxy(tmp_path: Path) -> None:
    with festival_serve(
        tmp_path, FESTIVAL_LOGIN_RATE_LIMIT="2", FESTIVAL_TRUSTED_PROXIES="127.0.0.1"
    ) as url:
        statuses = _failed_logins(url)
    assert statuses == [422, 422, 422]
    assert _audited_addresses(tmp_path) == ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
