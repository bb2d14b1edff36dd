"""Benchmark of the public programme: 300 sessions, 150 speakers, one published version.

Creates a fresh SQLite database in a temporary folder, publishes, then calls the ASGI app
in-process (httpx ASGITransport) and prints, per URL, the median and p95 server-side time and
the number of SQL statements per request.

    /work/venv/bin/python bench/bench_programme.py [--iterations 200]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
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

from festival import audit, db
from festival.accounts.models import Organisation
from festival.app import create_app
from festival.events.models import Event, EventStatus, Room, Track, Venue
from festival.programme.models import ScheduleVersion, Session, SessionFormat, SessionState, Speaker
from festival.programme.services.snapshot import build_snapshot
from festival.settings import Settings

SLUG = "bench"
SESSIONS = 300
SPEAKERS = 150
ROOMS = 20


class _QueryCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if (
            record.getMessage()
            .lstrip()
            .upper()
            .startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH"))
        ):
            self.count += 1


async def _seed() -> None:
    org = await Organisation.create(name="Bench", slug="bench-org")
    start = datetime(2027, 3, 20, 8, 0, tzinfo=UTC)
    event = await Event.create(
        organisation=org,
        slug=SLUG,
        name="Benchmark",
        starts_at=start,
        ends_at=start + timedelta(days=3),
        status=EventStatus.PUBLISHED,
    )
    venue = await Venue.create(event=event, name="Stadhuis", address="Markt 1", city="Utrecht")
    rooms = [
        await Room.create(event=event, venue=venue, name=f"Zaal {n}", capacity=30 + n, position=n)
        for n in range(ROOMS)
    ]
    tracks = [await Track.create(event=event, name=f"Thema {n}") for n in range(6)]
    speakers = [
        await Speaker.create(
            event=event,
            code=secrets.token_hex(4),
            name=f"Spreker {n}",
            organisation="Gemeente",
            role="griffier",
            bio="Bio " * 40,
        )
        for n in range(SPEAKERS)
    ]
    formats = list(SessionFormat)
    for n in range(SESSIONS):
        day, slot = divmod(n // ROOMS, 5)
        begins = start + timedelta(days=day, hours=slot * 1.5)
        session = await Session.create(
            event=event,
            code=secrets.token_hex(4),
            title=f"Sessie {n}: lokale democratie <in de praktijk>",
            abstract="Een sessie over participatie en de gemeenteraad. " * 8,
            format=formats[n % len(formats)],
            track=tracks[n % len(tracks)],
            room=rooms[n % ROOMS],
            starts_at=begins,
            ends_at=begins + timedelta(hours=1, minutes=15),
            capacity=12 + n % 30,
            audiences=["raadsleden", "griffiers"],
            accessibility=["step_free"],
            state=SessionState.PUBLISHED,
        )
        await session.speakers.add(speakers[n % SPEAKERS], speakers[(n * 7 + 1) % SPEAKERS])
    publish = None
    try:
        from festival.programme import services

        publish = getattr(services, "publish_programme", None)
    except ImportError:
        pass
    if publish is not None:
        await publish(event, actor=audit.SYSTEM, confirm_conflicts=True)
    else:
        await ScheduleVersion.create(
            event=event, number=1, published_at=start, snapshot=await build_snapshot(event.id)
        )


class _ServerTimer:
    """Times the app itself: from the request entering the ASGI app to its last body chunk,
    so the client's own work (building the request, reading the answer) is not counted."""

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


async def _measure(
    client: httpx.AsyncClient,
    timer: _ServerTimer,
    url: str,
    iterations: int,
    counter: _QueryCounter,
) -> dict[str, Any]:
    for _ in range(5):  # warm up templates and caches
        response = await client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    # One counted request, outside the timed ones: debug logging of queries costs time.
    db_logger = logging.getLogger("tortoise.db_client")
    db_logger.setLevel(logging.DEBUG)
    counter.count = 0
    response = await client.get(url)
    queries = counter.count
    db_logger.setLevel(logging.WARNING)
    times, cpu = [], []
    for _ in range(iterations):
        response = await client.get(url)
        times.append(timer.last_ms)
        cpu.append(timer.last_cpu_ms)
    times.sort()
    cpu.sort()
    return {
        "url": url,
        "median": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "cpu": statistics.median(cpu),
        "cpu95": cpu[int(len(cpu) * 0.95) - 1],
        "queries": float(queries),
        "bytes": len(response.content),
    }


async def main(iterations: int) -> None:
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
            await _seed()
            logger = logging.getLogger("tortoise.db_client")
            counter = _QueryCounter()
            logger.addHandler(counter)
            timer = _ServerTimer(app)
            transport = httpx.ASGITransport(app=timer)
            # Identity: compression is a proxy's job in production and is timed separately.
            async with httpx.AsyncClient(
                transport=transport,
                base_url="http://bench.example",
                headers={"Accept-Encoding": "identity"},
            ) as client:
                urls = [
                    f"/events/{SLUG}/programme",
                    f"/events/{SLUG}/programme?view=list",
                    f"/events/{SLUG}/programme?q=praktijk&seats=1",
                    f"/api/events/{SLUG}/sessions",
                    f"/events/{SLUG}/schedule.json",
                    f"/events/{SLUG}/schedule.xml",
                    f"/events/{SLUG}/programme.ics",
                ]
                rows = [await _measure(client, timer, u, iterations, counter) for u in urls]
            logger.removeHandler(counter)
    print(
        f"programme benchmark: {SESSIONS} sessions, {SPEAKERS} speakers, {iterations} requests per URL "  # noqa: E501
        "(in-process ASGI, SQLite; server-side time: request in to last byte out)"
    )
    print("wall = elapsed time (inflated when the machine is busy); cpu = this process's CPU time")
    print(
        f"{'URL':<46} {'wall med':>9} {'wall p95':>9} {'cpu med':>8} {'cpu p95':>8} {'queries':>8} {'KB':>6}"  # noqa: E501
    )
    for row in rows:
        print(
            f"{row['url']:<46} {row['median']:>9.1f} {row['p95']:>9.1f} {row['cpu']:>8.1f} {row['cpu95']:>8.1f} "  # noqa: E501
            f"{row['queries']:>8.1f} {row['bytes'] / 1024:>6.0f}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iterations", type=int, default=100)
    asyncio.run(main(parser.parse_args().iterations))
