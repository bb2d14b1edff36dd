"""Benchmark of invoicing: issuing invoices one by one and 100 at once on one organisation (the
number series is one row every issue waits for), rendering an invoice PDF, and reading plus
applying a bank file that pays every open invoice.

Creates a fresh SQLite database in a temporary folder (or uses FESTIVAL_BENCH_DATABASE_URL, a
PostgreSQL database it empties), bulk-inserts `--registrations` confirmed registrations, then
prints wall and CPU ms per step, median of `--runs`:

    .venv/bin/python bench/bench_invoicing.py [--registrations 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise import connections

from festival import db, jobs
from festival.accounts.models import Organisation
from festival.audit import SYSTEM
from festival.events.models import Event, EventStatus
from festival.invoicing import services
from festival.invoicing.models import Invoice
from festival.registration.models import (
    Attendee,
    Registration,
    RegistrationStatus,
    TicketType,
)
from festival.settings import Settings
from workers.jobs import JOBS

BATCH = 2000


def _now() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _ms(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _now()
    return (wall - start[0]) * 1000, (cpu - start[1]) * 1000


async def _seed(count: int, run: int) -> tuple[Event, list[int]]:
    org = await Organisation.create(name=f"Bench {run}", slug=f"bench-{run}")
    start = datetime(2027, 3, 20, 8, tzinfo=UTC)
    event = await Event.create(
        organisation=org,
        slug=f"bench-{run}",
        name="Dag van de Lokale Democratie",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        status=EventStatus.PUBLISHED,
    )
    ticket = await TicketType.create(
        event=event, name="Gemeenten", price_cents=12500, vat_rate=21, pay_on_invoice=True
    )
    now = datetime.now(UTC)
    rows = [
        Registration(
            event_id=event.id,
            ticket_type_id=ticket.id,
            code=f"B{run}{n:07d}",
            status=RegistrationStatus.CONFIRMED,
            contact_name=f"Griffier {n}",
            contact_email=f"griffie{n}@gemeente.nl",
            consent_at=now,
            created_at=now,
        )
        for n in range(count)
    ]
    await Registration.bulk_create(rows, batch_size=BATCH)
    ids = list(
        await Registration.filter(event_id=event.id).order_by("id").values_list("id", flat=True)
    )
    people = [
        Attendee(registration_id=i, event_id=event.id, name=f"Raadslid {i}", email=f"r{i}@x.nl")
        for i in ids
    ]
    await Attendee.bulk_create(people, batch_size=BATCH)
    return event, ids


async def _one_run(count: int, run: int) -> dict[str, tuple[float, float]]:
    event, ids = await _seed(count, run)
    out: dict[str, tuple[float, float]] = {}
    one_by_one = ids[: count - 100]
    started = _now()
    for registration_id in one_by_one:
        await services.issue_invoice(registration_id, paid=False, actor=SYSTEM)
    wall, cpu = _ms(started)
    out["issue, per invoice (serial)"] = (wall / len(one_by_one), cpu / len(one_by_one))
    started = _now()
    await asyncio.gather(
        *[services.issue_invoice(i, paid=False, actor=SYSTEM) for i in ids[count - 100 :]]
    )
    out["issue 100 at once (total)"] = _ms(started)
    numbers = sorted(await Invoice.filter(event_id=event.id).values_list("number", flat=True))
    assert numbers == [f"{numbers[0][:4]}-{n:05d}" for n in range(1, count + 1)], "gap"
    invoice = await Invoice.filter(event_id=event.id).first()
    assert invoice is not None
    started = _now()
    await services.invoice_pdf(invoice)
    out["invoice PDF render"] = _ms(started)
    lines = "\n".join(f"2027-03-01;125,00;Factuur {n}" for n in numbers)
    content = f"datum;bedrag;omschrijving\n{lines}\n".encode()
    started = _now()
    preview = await services.preview_bank_file(event.id, content)
    out[f"bank file preview ({count} lines)"] = _ms(started)
    started = _now()
    await services.apply_bank_file(event.id, content, actor=SYSTEM)
    out[f"bank file apply ({count} lines)"] = _ms(started)
    assert all(m.result == "matched" for m in preview)
    assert await Invoice.filter(event_id=event.id, status="paid").count() == count
    return out


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("FESTIVAL_BENCH_DATABASE_URL") or f"sqlite://{folder}/bench.sqlite3"
        settings = Settings(
            env="test", database_url=url, secret_key="b" * 40, data_dir=Path(folder)
        )
        if not url.startswith("sqlite"):
            await db.init(url)
            await connections.get("default").execute_script(
                "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
            )
            await db.close()
        await db.migrate(url)
        await db.init(url)
        await jobs.start({"settings": settings}, None, functions=JOBS)
        try:
            runs = [await _one_run(args.registrations, run) for run in range(args.runs)]
        finally:
            await jobs.stop()
            await db.close()
    engine = "SQLite" if url.startswith("sqlite") else "PostgreSQL"
    print(f"{engine}, {args.registrations} registrations per run; median of {args.runs} runs")
    print(f"{'what':<34} {'wall ms':>10} {'CPU ms':>10}")
    for what in runs[0]:
        wall = statistics.median(r[what][0] for r in runs)
        cpu = statistics.median(r[what][1] for r in runs)
        print(f"{what:<34} {wall:>10.1f} {cpu:>10.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--registrations", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    arguments: Any = parser.parse_args()
    asyncio.run(main(arguments))
