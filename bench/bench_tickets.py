"""Benchmark of ticket PDFs: one ticket PDF at a time, and 200 tickets in a row, as the
`render_ticket_pdf` job does them (load the ticket, sign the QR payload, render, store); then
the PDF alone, drawn directly (ticket_page) and from the template by WeasyPrint, interleaved
run by run so a busy machine slows both alike, and where the template's time goes by stage.

Creates a fresh SQLite database in a temporary folder with 200 registrations (one attendee
each, two workshops), then prints wall and CPU milliseconds. Run it on a quiet machine:

    .venv/bin/python bench/bench_tickets.py [--single 20] [--tickets 200] [--runs 3] [--pdfs 30]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from festival import db, jobs
from festival.accounts.models import Organisation
from festival.events.models import Event, EventStatus, Room, Venue
from festival.programme.models import Session, SessionState
from festival.registration import services as registration
from festival.registration.models import TicketType
from festival.settings import Settings
from festival.tickets import services as tickets
from festival.tickets.models import Ticket
from festival.tickets.services import pdf
from workers.jobs import JOBS


async def _seed(count: int) -> list[int]:
    org = await Organisation.create(name="Bench", slug="bench-org")
    start = datetime(2027, 3, 20, 8, 0, tzinfo=UTC)
    event = await Event.create(
        organisation=org,
        slug="bench",
        name="Dag van de Lokale Democratie 2027",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        status=EventStatus.PUBLISHED,
    )
    venue = await Venue.create(event=event, name="Stadhuis", address="Markt 1", city="Utrecht")
    sessions = []
    for slot in range(2):
        room = await Room.create(event=event, venue=venue, name=f"Zaal {slot + 1}", capacity=10_000)
        sessions.append(
            await Session.create(
                event=event,
                room=room,
                code=f"BENCH{slot}",
                title=f"Workshop {slot + 1}: Raad op Zaterdag",
                state=SessionState.PUBLISHED,
                starts_at=start + timedelta(hours=2 + 2 * slot),
                ends_at=start + timedelta(hours=3 + 2 * slot),
            )
        )
    ticket_type = await TicketType.create(event=event, name="Algemene toegang")
    ids = []
    for n in range(count):
        done = (
            await registration.register(
                event,
                ticket_type_id=ticket_type.id,
                consent=True,
                attendees=[
                    {
                        "name": f"Deelnemer {n}",
                        "email": f"d{n}@gemeente.nl",
                        "organisation": "Gemeente Utrecht",
                    }
                ],
                sessions_per_attendee=[[s.id for s in sessions]],
            )
        ).registration
        ids += [t.id for t in await tickets.tickets_of_registration(done.id)]
    return ids


async def _timed(ticket_ids: list[int]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for ticket_id in ticket_ids:
        await tickets.render_ticket_pdf(ticket_id)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


async def _timed_data(ticket_ids: list[int]) -> tuple[float, float]:
    """Only the data side of the job: load the ticket and its document, sign the payload."""
    wall, cpu = time.perf_counter(), time.process_time()
    for ticket_id in ticket_ids:
        await tickets.ticket_document(await Ticket.get(id=ticket_id), for_pdf=True)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _cpu_each(function: Any, count: int) -> float:
    """CPU milliseconds per call of `function()`, over `count` calls."""
    cpu = time.process_time()
    for _n in range(count):
        function()
    return (time.process_time() - cpu) * 1000 / count


def _pdf_rows(document: dict[str, Any], args: argparse.Namespace) -> list[tuple[str, float]]:
    """The PDF alone: direct against template (interleaved), then the template by stage."""
    from weasyprint import HTML

    page = {**document, "qr_png": pdf.qr_png_data_uri(document["payload"])}
    html = pdf.ticket_html(page)
    base = str(pdf.TEMPLATE_DIR)
    style = {"stylesheets": [pdf._stylesheet()], "font_config": pdf._font_config()}
    tagged = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
    laid_out = HTML(string=html, base_url=base).render(**style, **tagged)
    stages: dict[str, Any] = {
        "direct: whole PDF (ticket_page)": lambda: pdf.render_pdf(document),
        "template: whole PDF (WeasyPrint, tagged)": lambda: pdf.template_pdf(document),
        "direct: QR matrix": lambda: pdf.qr_matrix(document["payload"]),
        "template: QR matrix + PNG": lambda: pdf.qr_png_data_uri(document["payload"]),
        "template: Jinja HTML": lambda: pdf.ticket_html(page),
        "template: HTML parse": lambda: HTML(string=html, base_url=base),
        "template: cascade + boxes + layout": lambda: HTML(string=html, base_url=base).render(
            **style, **tagged
        ),
        "template: draw + fonts + write": lambda: laid_out.write_pdf(**tagged),
    }
    for function in stages.values():
        function()  # warm-up
    runs = [
        {what: _cpu_each(f, args.pdfs) for what, f in stages.items()} for _r in range(args.runs)
    ]
    return [(what, statistics.median(run[what] for run in runs)) for what in stages]


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{folder}/bench.sqlite3"
        settings = Settings(
            env="test", database_url=url, secret_key="b" * 40, data_dir=Path(folder)
        )
        await db.migrate(url)
        await db.init(url)
        # Registering queues the render and mail jobs (in-process tasks): let them finish before
        # timing, or they run during the timed loop. Then the benchmark calls the job's service.
        await jobs.start({"settings": settings}, None, functions=JOBS)
        try:
            ids = await _seed(args.tickets)
            await jobs.runner().drain()
            await tickets.render_ticket_pdf(ids[0])  # warm-up: fonts, imports
            rows: list[tuple[str, Any, Any, Any]] = []
            singles = [await _timed([ids[i % len(ids)]]) for i in range(args.single)]
            size = len(await tickets.render_ticket_pdf(ids[0]) or b"")
            rows.append(
                (
                    "single ticket PDF (ms, median)",
                    statistics.median(w for w, _c in singles),
                    statistics.median(c for _w, c in singles),
                    f"{size / 1024:.0f} kB",
                )
            )
            data = [await _timed_data(ids) for _run in range(args.runs)]
            rows.append(
                (
                    f"{len(ids)} ticket documents, no PDF (ms)",
                    statistics.median(w for w, _c in data),
                    statistics.median(c for _w, c in data),
                    f"{statistics.median(c for _w, c in data) / len(ids):.1f} CPU ms each",
                )
            )
            document = await tickets.ticket_document(await Ticket.get(id=ids[0]), for_pdf=True)
            pdf_rows = _pdf_rows(document, args)
            totals = [await _timed(ids) for _run in range(args.runs)]
            wall = statistics.median(w for w, _c in totals)
            cpu = statistics.median(c for _w, c in totals)
            rows.append(
                (
                    f"{len(ids)} tickets, total (ms, median of {args.runs})",
                    wall,
                    cpu,
                    f"{len(ids) / (wall / 1000):.1f} PDFs/s, {cpu / len(ids):.1f} CPU ms each",
                )
            )
        finally:
            await jobs.stop()
            await db.close()
    print(f"{'what':<40} {'wall ms':>10} {'CPU ms':>10}  note")
    for what, wall_ms, cpu_ms, note in rows:
        print(f"{what:<40} {wall_ms:>10.1f} {cpu_ms:>10.1f}  {note}")
    print(f"\n{'one ticket PDF alone (no database)':<44} {'CPU ms':>8}  (median of {args.runs})")
    for what, cpu_ms in pdf_rows:
        print(f"{what:<44} {cpu_ms:>8.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--single", type=int, default=20)
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdfs", type=int, default=30, help="PDFs per stage in the PDF table")
    asyncio.run(main(parser.parse_args()))
