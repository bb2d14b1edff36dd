"""Benchmark of the feedback results pages: an event with 10,000 session-survey responses (four
answers each, 40 sessions, eight audience groups), served in-process through ASGI to a logged-in
organiser. Target: the results overview renders in under 100 ms (one GROUP BY per figure, never
a query per response). Prints server-side wall and CPU milliseconds and the query count; the
"(cold)" row counts every response again (as after a new one), the others reuse the counts.

    .venv/bin/python bench/bench_feedback_results.py [--responses 10000] [--iterations 20]

SQLite in a temporary folder; requests go in-process through ASGI (no network at all).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from festival import db
from festival.accounts import services as accounts
from festival.accounts.models import Organisation, Role
from festival.app import create_app
from festival.events.models import Event, EventStatus, Room, Venue
from festival.feedback.models import (
    QuestionType,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyQuestion,
    SurveyResponse,
)
from festival.feedback.queries import counts
from festival.programme.models import Session, SessionState
from festival.settings import Settings

SLUG = "bench-results"
SESSIONS = 40
ROLES = ["raadslid", "griffier", "wethouder", "burgemeester", "ambtenaar", "inwoner", "jongere"]
EMAIL, PASSWORD = "bench@example.nl", "bench-password-123456"


class _QueryCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().lstrip().upper().startswith(("SELECT", "WITH")):
            self.count += 1


class _ServerTimer:
    """Times the app itself, from the request entering the ASGI app to its last body chunk."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.last_ms = 0.0
        self.last_cpu_ms = 0.0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        began, began_cpu = time.perf_counter(), time.process_time()

        async def timed_send(message: Any) -> None:
            if message["type"] == "http.response.body" and not message.get("more_body"):
                self.last_ms = (time.perf_counter() - began) * 1000
                self.last_cpu_ms = (time.process_time() - began_cpu) * 1000
            await send(message)

        await self.app(scope, receive, timed_send)


async def _seed(responses: int) -> int:
    """The event, its sessions, a session survey of four questions and the responses."""
    rng = random.Random(10_000)
    organisation = await Organisation.create(name="Bench", slug="bench")
    await accounts.create_user(
        EMAIL, name="Bench", password=PASSWORD, organisation=organisation, role=Role.ORGANISER
    )
    start = datetime(2027, 3, 20, 9, tzinfo=UTC)
    event = await Event.create(
        organisation=organisation,
        slug=SLUG,
        name="Bench",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        status=EventStatus.PUBLISHED,
    )
    venue = await Venue.create(event=event, name="Stadhuis")
    room = await Room.create(event=event, venue=venue, name="Zaal", capacity=400)
    await Session.bulk_create(
        [
            Session(
                event_id=event.id,
                code=secrets.token_hex(5).upper(),
                title=f"Sessie {n}",
                format=["workshop", "lab", "debate", "plenary"][n % 4],
                room_id=room.id,
                starts_at=start + timedelta(minutes=15 * n),
                ends_at=start + timedelta(minutes=15 * n + 60),
                state=SessionState.PUBLISHED,
            )
            for n in range(SESSIONS)
        ]
    )
    session_ids = await Session.filter(event_id=event.id).values_list("id", flat=True)
    survey = await Survey.create(event_id=event.id, kind=SurveyKind.SESSION)
    options = [{"nl": f"Optie {i}"} for i in range(4)]
    rating, recommend, multiple, text = [
        await SurveyQuestion.create(survey=survey, position=i, type=kind, text=kind, options=opts)
        for i, (kind, opts) in enumerate(
            [
                (QuestionType.RATING, []),
                (QuestionType.RECOMMEND, []),
                (QuestionType.MULTIPLE, options),
                (QuestionType.TEXT, []),
            ]
        )
    ]
    now = datetime(2027, 3, 20, 18, tzinfo=UTC)
    await SurveyResponse.bulk_create(
        [
            SurveyResponse(
                survey_id=survey.id,
                event_id=event.id,
                session_id=rng.choice(session_ids),
                respondent=f"bench{n}",
                role=rng.choice(ROLES),
                created_at=now,
                updated_at=now,
            )
            for n in range(responses)
        ],
        batch_size=2000,
    )
    written = SurveyResponse.filter(event_id=event.id).values_list("id", "session_id", "role")
    rows = []
    for response_id, session_id, role in await written:
        keys = {
            "response_id": response_id,
            "event_id": event.id,
            "session_id": session_id,
            "role": role,
        }
        rows += [
            SurveyAnswer(question_id=rating.id, number=rng.randint(1, 5), **keys),
            SurveyAnswer(question_id=recommend.id, number=rng.randint(0, 10), **keys),
            SurveyAnswer(
                question_id=multiple.id,
                choices=sorted(rng.sample(range(4), rng.randint(1, 2))),
                **keys,
            ),
        ]
        if rng.random() < 0.2:
            rows.append(SurveyAnswer(question_id=text.id, text="Goede sessie.", **keys))
    await SurveyAnswer.bulk_create(rows, batch_size=5000)
    return session_ids[0]


async def _login(client: httpx.AsyncClient) -> None:
    page = await client.get("/login")
    match = re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text)
    assert match is not None
    done = await client.post(
        "/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": match.group(1)}
    )
    assert done.status_code == 303, done.status_code


async def _measure(
    client: httpx.AsyncClient,
    timer: _ServerTimer,
    url: str,
    n: int,
    counter: _QueryCounter,
    *,
    cold: bool = False,
) -> dict[str, Any]:
    """Server-side times of `n` requests; `cold`: the per-process tallies are dropped before
    each, as after a new response (the first render counts everything again)."""
    for _ in range(3):  # warm up templates
        response = await client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    db_logger = logging.getLogger("tortoise.db_client")
    db_logger.setLevel(logging.DEBUG)
    counter.count = 0
    await client.get(url)
    queries = counter.count
    db_logger.setLevel(logging.WARNING)
    times, cpu = [], []
    for _ in range(n):
        if cold:
            counts._CACHE.clear()
        response = await client.get(url)
        times.append(timer.last_ms)
        cpu.append(timer.last_cpu_ms)
    times.sort()
    return {
        "url": url + (" (cold)" if cold else ""),
        "median": statistics.median(times),
        "p95": times[max(int(len(times) * 0.95) - 1, 0)],
        "cpu": statistics.median(cpu),
        "queries": queries,
        "kb": len(response.content) / 1024,
    }


async def main(responses: int, iterations: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{folder}/bench.sqlite3"
        await db.migrate(url)
        settings = Settings(
            env="test",
            database_url=url,
            secret_key="bench-" + "x" * 40,
            base_url="http://bench.example",
            data_dir=Path(folder),
        )
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            first_session = await _seed(responses)
            counter = _QueryCounter()
            logging.getLogger("tortoise.db_client").addHandler(counter)
            timer = _ServerTimer(app)
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=timer), base_url="http://bench.example"
            ) as client:
                await _login(client)
                base = f"/admin/events/{SLUG}/feedback/results"
                urls = [
                    base,
                    f"{base}/sessions/{first_session}",
                    f"{base}.csv",
                    f"{base}.xlsx",
                    f"{base}/suggestions",
                ]
                rows = [
                    await _measure(client, timer, base, iterations, counter, cold=True),
                    *[await _measure(client, timer, u, iterations, counter) for u in urls],
                ]
    print(
        f"feedback results benchmark: {responses} responses, {SESSIONS} sessions, "
        f"{iterations} requests per URL (in-process ASGI, SQLite, server-side ms)"
    )
    print(f"{'URL':<58} {'wall med':>9} {'wall p95':>9} {'cpu med':>8} {'queries':>8} {'KB':>6}")
    for row in rows:
        print(
            f"{row['url']:<58} {row['median']:>9.1f} {row['p95']:>9.1f} {row['cpu']:>8.1f} "
            f"{row['queries']:>8} {row['kb']:>6.0f}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--iterations", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.responses, args.iterations))
