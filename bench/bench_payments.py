"""Benchmark of the registration path with and without Stripe Checkout: a free registration,
a paid one (pending payment, seats held), and a paid one that also creates its Checkout
Session at the local Stripe double (the real `stripe` library over 127.0.0.1). Prints the
median and p95 milliseconds per registration and the Stripe calls each one made (target:
checkout adds one round trip, to Stripe, and nothing else that waits).

    .venv/bin/python bench/bench_payments.py [--rounds 200]
    .venv/bin/python bench/bench_payments.py --database-url postgres://user:pw@127.0.0.1/db

A fresh SQLite file is made in a temporary folder unless --database-url is given (that
database is emptied first!). Jobs (mails) are not run. Nothing leaves this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import uvicorn
from tortoise import connections

from festival import db, jobs
from festival.accounts.models import Organisation
from festival.events.models import Event, EventStatus
from festival.payments import services as payments
from festival.payments.stripe_double import StripeDouble
from festival.registration import services as registration
from festival.registration.models import TicketType
from tests.servers import free_port
from workers.jobs import JOBS

KEY, SECRET = "sk_test_bench", "whsec_bench"


def _serve(double: StripeDouble, port: int) -> uvicorn.Server:
    server = uvicorn.Server(
        uvicorn.Config(double.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    return server


async def _setup() -> tuple[Event, TicketType, TicketType]:
    organisation = await Organisation.create(name="Bench", slug="bench")
    event = await Event.create(
        organisation=organisation,
        slug="bench",
        name="Bench",
        starts_at=datetime(2030, 3, 20, 8, tzinfo=UTC),
        ends_at=datetime(2030, 3, 20, 16, tzinfo=UTC),
        status=EventStatus.PUBLISHED,
    )
    free = await TicketType.create(event=event, name="Gratis", price_cents=0)
    paid = await TicketType.create(event=event, name="Dagkaart", price_cents=2500)
    return event, free, paid


async def _time(rounds: int, one: Callable[[int], Awaitable[Any]]) -> list[float]:
    spent = []
    for n in range(rounds):
        start = time.perf_counter()
        await one(n)
        spent.append((time.perf_counter() - start) * 1000)
    return spent


async def run(database_url: str, rounds: int) -> None:
    await db.migrate(database_url)
    await db.init(database_url)
    if not database_url.startswith("sqlite"):
        await connections.get("default").execute_script("TRUNCATE registration, payment CASCADE;")
    # jobs are queued but never run here: this measures the request path only
    await jobs.start({}, None, functions={name: jobs.noop for name in JOBS})
    port = free_port()
    double = StripeDouble(
        secret_key=KEY, webhook_secret=SECRET, public_url=f"http://127.0.0.1:{port}"
    )
    server = _serve(double, port)
    config = payments.StripeConfig(KEY, SECRET, f"http://127.0.0.1:{port}")
    event, free, paid = await _setup()

    def people(n: int, tag: str) -> list[dict[str, str]]:
        return [{"name": f"Deelnemer {tag}{n}", "email": f"{tag}{n}@gemeente.nl"}]

    async def register(ticket: TicketType, n: int, tag: str) -> Any:
        return await registration.register(
            event, ticket_type_id=ticket.id, attendees=people(n, tag), consent=True
        )

    async def with_checkout(n: int) -> None:
        done = await register(paid, n, "c")
        await payments.start_checkout(
            event, done.registration.code, return_url="http://127.0.0.1/return", config=config
        )

    await _time(20, lambda n: register(free, n, "w"))  # warm up
    await with_checkout(100_000)
    rows = []
    for label, one in (
        ("register, free ticket", lambda n: register(free, n, "f")),
        ("register, paid ticket (held)", lambda n: register(paid, n, "p")),
        ("register + Stripe checkout", with_checkout),
    ):
        before = len(double.calls)
        spent = await _time(rounds, one)
        calls = (len(double.calls) - before) / rounds
        spent.sort()
        rows.append((label, statistics.median(spent), spent[int(len(spent) * 0.95) - 1], calls))
    server.should_exit = True
    await jobs.stop()
    await db.close()
    engine = "SQLite" if database_url.startswith("sqlite") else "PostgreSQL"
    print(f"\nregistration path, {rounds} registrations each, {engine}, Stripe double on 127.0.0.1")
    print(f"{'':32} {'median ms':>10} {'p95 ms':>8} {'Stripe calls':>13}")
    for label, median, p95, calls in rows:
        print(f"{label:32} {median:10.1f} {p95:8.1f} {calls:13.1f}")
    extra = rows[2][1] - rows[1][1]
    print(f"\ncheckout adds {extra:.1f} ms (median), {rows[2][3]:.0f} round trip to Stripe")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    rounds = max(10, min(args.rounds, 2000))
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite://{folder}/bench.sqlite3"
        asyncio.run(run(url, rounds))


if __name__ == "__main__":
    main()
