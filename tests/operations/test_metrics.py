"""/metrics: a bearer token guards it, and a registration, two scans, their mails, a failed job
and a 404 change the scrape by exact amounts; routes are counted by template, never by path."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import httpx
import pytest
from starlette.applications import Starlette

from festival import clock, jobs
from festival.accounts import services as accounts
from festival.accounts.models import TokenScope
from festival.settings import Settings
from tests.conftest import run_jobs
from tests.factories import make_event, make_ticket_type
from tests.operations.conftest import METRICS_TOKEN, scrape, value
from workers.jobs import JOBS

REGISTER = "/api/events/{slug}/registrations"


@pytest.fixture(autouse=True)
def _today() -> None:
    clock.set_now(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))


async def test_metrics_without_configured_token_is_404(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    app.state.settings = replace(app.state.settings, metrics_token=None)
    response = await client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer wrong-token-0123456789", f"Basic {METRICS_TOKEN}", f"Bearer {METRICS_TOKEN}x"],
    ids=["none", "wrong", "basic", "longer"],
)
async def test_metrics_without_the_token_is_401(
    client: httpx.AsyncClient, authorization: str
) -> None:
    response = await client.get("/metrics", headers={"Authorization": authorization})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="metrics"'


async def test_metrics_is_prometheus_text(client: httpx.AsyncClient) -> None:
    response = await client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    assert "# TYPE festival_http_requests_total counter" in response.text
    assert "# TYPE festival_registrations gauge" in response.text


async def test_metrics_change_by_exact_amounts(client: httpx.AsyncClient, settings: object) -> None:
    event = await make_event(slug="dld-2027")
    ticket_type = await make_ticket_type(event)
    _row, raw = await accounts.create_token(event.id, scope=TokenScope.CHECKIN, name="scanner")
    before = await scrape(client)

    created = await client.post(
        "/api/events/dld-2027/registrations",
        json={
            "ticket_type": ticket_type.id,
            "attendees": [
                {"name": "Anna de Vries", "email": "anna@utrecht.nl"},
                {"name": "Bram Jansen", "email": "bram@utrecht.nl"},
            ],
        },
    )
    assert created.status_code == 201
    payload = created.json()["tickets"][0]["qr_payload"]
    scans = [
        await client.post(
            "/api/checkin",
            json={"payload": payload, "checkpoint": "entrance"},
            headers={"Authorization": f"Bearer {raw}"},
        )
        for _ in range(2)
    ]
    assert [scan.json()["result"] for scan in scans] == ["ok", "already_checked_in"]
    assert (await client.get("/events/no-such-event/programme")).status_code == 404
    assert (await client.get("/no/such/path?token=secret")).status_code == 404
    await run_jobs(settings)
    await jobs.record_failure("send_mail", {"message_id": 1}, RuntimeError("down"), 5)
    after = await scrape(client)

    def moved(metric: str, **labels: str) -> float:
        return value(after, metric, **labels) - value(before, metric, **labels)

    assert moved("festival_registrations", status="confirmed") == 1
    assert moved("festival_checkins_total", checkpoint="entrance", result="ok") == 1
    assert moved("festival_checkins_total", checkpoint="entrance", result="already_checked_in") == 1
    # Anna (who registered) gets both tickets, Bram his own
    assert moved("festival_mails", status="sent") == 2
    assert moved("festival_mails", status="failed") == 0
    assert moved("festival_jobs_failed") == 1
    assert moved("festival_jobs_queued_total", name="send_registration_confirmation") == 1
    post = {"method": "POST", "route": REGISTER, "status": "201"}
    assert moved("festival_http_requests_total", **post) == 1
    timing = {"method": "POST", "route": REGISTER}
    assert moved("festival_http_request_duration_seconds_count", **timing) == 1
    scan = {"method": "POST", "route": "/api/checkin", "status": "200"}
    assert moved("festival_http_requests_total", **scan) == 2
    missing = {"method": "GET", "route": "/events/{slug}/programme", "status": "404"}
    assert moved("festival_http_requests_total", **missing) == 1
    unmatched = {"method": "GET", "route": "<unmatched>", "status": "404"}
    assert moved("festival_http_requests_total", **unmatched) == 1
    # the scrape before this one counts too, under its own template
    scrapes = {"method": "GET", "route": "/metrics", "status": "200"}
    assert moved("festival_http_requests_total", **scrapes) == 1
    routes = {dict(labels).get("route") for _name, labels in after}
    assert "/no/such/path" not in routes and "/events/no-such-event/programme" not in routes
    if isinstance(jobs.runner(), jobs.InProcessRunner):
        assert ("festival_jobs_backlog", frozenset()) not in after
    else:
        assert value(after, "festival_jobs_backlog") == 0


async def test_metrics_count_the_database_queue(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    """Without Redis, web processes queue jobs in the database: the backlog is its rows."""
    await jobs.stop()
    await jobs.start({"settings": settings}, None, functions=JOBS, queue="database")
    before = await scrape(client)
    await jobs.enqueue("noop")
    await jobs.enqueue("noop", _job_id="once")
    await jobs.enqueue("noop", _job_id="once")  # the same key: queued once
    after = await scrape(client)
    assert value(after, "festival_jobs_backlog") == 2
    assert value(before, "festival_jobs_backlog") == 0
    queued = value(after, "festival_jobs_queued_total", name="noop")
    assert queued - value(before, "festival_jobs_queued_total", name="noop") == 3
