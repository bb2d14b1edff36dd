"""schemathesis against `/api/openapi.json` on the real app: every documented JSON operation gets
generated requests (valid and invalid, without credentials, with a check-in token, and for the
event that exists), and every answer must be a 2xx-4xx that the document describes, with the
body and content type it promises. Bounded and repeatable: a fixed number of cases per
operation, derandomized generation (a fixed seed), no example database.

The app runs in-process on one event loop of this module (the sweep drives it from hypothesis,
which is synchronous); the test database is the suite's, emptied and filled here."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS
from schemathesis.schemas import APIOperation

from festival import cache, clock, db, jobs, openapi
from festival.accounts import services as accounts
from festival.accounts.models import TokenScope
from festival.app import create_app
from festival.settings import Settings
from tests.checkin.conftest import registered, setup_event
from tests.conftest import TEST_SECRET, _empty_tables
from workers.jobs import JOBS

CASES_PER_RUN = 25  # per operation, per generation mode and per credentials: <= 200 in all
BASE_URL = "http://testserver"
CHECK_NAMES = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
)


@dataclass
class Sweep:
    loop: asyncio.Runner
    client: httpx.AsyncClient
    schema: Any
    token: str
    slug: str
    counted: dict[str, int]


@pytest.fixture(scope="module")
def sweep(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Sweep]:
    runner = asyncio.Runner()
    app = create_app(
        Settings(
            env="test",
            database_url=database_url,
            secret_key=TEST_SECRET,
            base_url=BASE_URL,
            data_dir=tmp_path_factory.mktemp("sweep"),
            registration_rate_limit=10_000,  # the sweep's cases all come from one address
        )
    )
    lifespan = app.router.lifespan_context(app)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)

    async def start() -> tuple[str, str, dict[str, Any]]:
        await db.init(database_url)
        await _empty_tables()
        cache.clear_all()
        await jobs.start({"settings": app.state.settings}, None, functions=JOBS)
        await lifespan.__aenter__()
        clock.set_now(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
        setup = await setup_event("dld-sweep")
        await registered(setup)
        _row, token = await accounts.create_token(
            setup["event"].id, scope=TokenScope.CHECKIN, name="sweep"
        )
        document = (await client.get("/api/openapi.json")).json()
        return token, setup["event"].slug, document

    async def stop() -> None:
        await client.aclose()
        await lifespan.__aexit__(None, None, None)
        clock.set_now(None)
        await jobs.stop()
        await db.close()

    token, slug, document = runner.run(start())
    schema = schemathesis.openapi.from_dict(document)
    counted: dict[str, int] = {}
    try:
        yield Sweep(runner, client, schema, token, slug, counted)
    finally:
        runner.run(stop())
        runner.close()
        # The closing note of issue 10 quotes this figure.
        total = sum(counted.values())
        with request.config.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
            print(f"\nschemathesis: {total} cases over {len(counted)} runs")


def _operations() -> list[str]:
    # Every area registered its operations when festival.app imported its api module.
    return [
        f"{method.upper()} {path}" for path, methods in openapi.PATHS.items() for method in methods
    ]


def _to_httpx(kwargs: dict[str, Any]) -> dict[str, Any]:
    """schemathesis prepares requests-style keywords; httpx names the raw body `content`."""
    out = {k: kwargs[k] for k in ("method", "url", "headers", "params") if k in kwargs}
    if "json" in kwargs:
        out["json"] = kwargs["json"]
    if "data" in kwargs:
        key = "data" if isinstance(kwargs["data"], dict) else "content"
        out[key] = kwargs["data"]
    return out


# schemathesis' own strategies use the random module (hypothesis seeds it under derandomize).
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
@pytest.mark.parametrize("credentials", ["none", "token"])
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("label", _operations())
def test_openapi_operation_answers_as_documented(
    sweep: Sweep, label: str, mode: GenerationMode, credentials: str
) -> None:
    operation: APIOperation = sweep.schema.find_operation_by_label(label)
    assert operation is not None, label
    headers = {"Authorization": f"Bearer {sweep.token}"} if credentials == "token" else {}
    # With credentials, the event exists (the slug is the token's event); without, it is fuzzed.
    path_parameters = {"slug": sweep.slug} if credentials == "token" and "{slug}" in label else None
    checks = [c for c in CHECKS.get_all() if c.__name__ in CHECK_NAMES]
    key = f"{label} {mode} {credentials}"
    sweep.counted[key] = 0

    @settings(
        max_examples=CASES_PER_RUN,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    def one_case(case: Any) -> None:
        sweep.counted[key] += 1
        case.headers = {**(case.headers or {}), **headers}
        request = _to_httpx(case.as_transport_kwargs(base_url=BASE_URL))
        response = sweep.loop.run(sweep.client.request(**request))
        case.validate_response(response, checks=checks)

    started = time.monotonic()
    one_case()
    assert sweep.counted[key] >= 1, f"no case generated in {time.monotonic() - started:.1f} s"
