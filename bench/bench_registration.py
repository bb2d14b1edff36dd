"""Benchmark of `POST /api/events/{slug}/registrations`: `festival serve` as the README starts
it, driven by wrk at concurrency 16 from 127.0.0.1; every request a new registration (unique
e-mail from a counter), either without workshops or with one or two workshop choices. Prints
requests/s, p50/p99, errors, the web processes' CPU milliseconds per request and their resident
memory (VmRSS at the end), the median of several runs, for:

- SQLite, one web process, and jobs either on the embedded default (the database queue, run by
  the job process `festival serve` starts beside the web process: the tickets and mails of the
  registrations are produced while the load runs; the table gives the tickets rendered per
  second during the load and until the backlog is empty, the job process's CPU ms per ticket
  and how long after the load its backlog took to empty) or to Redis (no worker: the queue
  only grows);
- PostgreSQL, two web processes, the same two job setups;
- ticket PDFs per second as the `render_ticket_pdf` job does them, in one process.

    .venv/bin/python bench/bench_registration.py [--seconds 10] [--runs 3]
        [--engines sqlite,postgres] [--jobs embedded,redis] [--skip-pdf]

PostgreSQL: a local cluster on 127.0.0.1:5432 with an existing role (--pg-role, password
--pg-password); the database festival_regbench is created (via `runuser -u postgres -- psql`)
and dropped at the end. Redis: a redis-server started on --redis-port and stopped by pid.
Needs the Debian packages wrk and redis-server (scripts/lib.sh BENCH_DEBS).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadgen import (
    Sampler,
    cpu_seconds,
    free_port,
    rss_mb,
    run_wrk,
    serve,
    server_pids,
    start_redis,
    wait_for,
    wait_for_job_process,
)

from festival import db, jobs

PG_DATABASE = "festival_regbench"

LUA = """
local counter = 0
local thread_id = 0
local threads = 0
local choices = { %(choices)s }
function setup(thread) threads = threads + 1; thread:set("thread_id", threads) end
function request()
  counter = counter + 1
  local n = counter
  local sessions = choices[(n %% #choices) + 1]
  local body = '{"ticket_type":%(ticket_type)d,"consent":true,"sessions":' .. sessions ..
    ',"attendees":[{"name":"Deelnemer ' .. n .. '","email":"r%(run)s-t' .. thread_id .. '-' ..
    n .. '@gemeente.nl","organisation":"Gemeente Utrecht","role":"raadslid"}]}'
  return wrk.format("POST", "/api/events/bench/registrations",
    {["Content-Type"] = "application/json"}, body)
end
"""


class _NoJobs:
    async def enqueue(self, *args: object) -> None:
        return None


# ---------------------------------------------------------------- data


async def seed(database_url: str) -> dict[str, Any]:
    """A published event with a free ticket type and six workshops (three time slots)."""
    from festival.accounts.models import Organisation
    from festival.events.models import Event, EventStatus, Room, Venue
    from festival.programme.models import Session, SessionState
    from festival.registration.models import TicketType

    await db.migrate(database_url)
    await db.init(database_url)
    jobs._runner = _NoJobs()  # type: ignore[assignment]
    try:
        org = await Organisation.create(name="Bench", slug="bench")
        start = datetime(2030, 3, 20, 8, 0, tzinfo=UTC)
        event = await Event.create(
            organisation=org,
            slug="bench",
            name="Dag van de Lokale Democratie 2030",
            starts_at=start,
            ends_at=start + timedelta(hours=9),
            status=EventStatus.PUBLISHED,
        )
        venue = await Venue.create(event=event, name="Stadhuis", address="Markt 1", city="Utrecht")
        workshops: list[list[int]] = []
        for slot in range(3):
            row = []
            for n in range(2):
                room = await Room.create(
                    event=event, venue=venue, name=f"Zaal {slot}{n}", capacity=1_000_000
                )
                session = await Session.create(
                    event=event,
                    room=room,
                    code=f"B{slot}{n}",
                    title=f"Workshop {slot}{n}",
                    state=SessionState.PUBLISHED,
                    starts_at=start + timedelta(hours=1 + 2 * slot),
                    ends_at=start + timedelta(hours=2 + 2 * slot),
                )
                row.append(session.id)
            workshops.append(row)
        ticket_type = await TicketType.create(event=event, name="Algemene toegang")
        return {"ticket_type": ticket_type.id, "workshops": workshops}
    finally:
        await db.close()


async def count_rows(database_url: str) -> dict[str, int]:
    from festival.registration.models import Booking, Registration
    from festival.tickets.models import Ticket

    await db.init(database_url)
    try:
        return {
            "registrations": await Registration.all().count(),
            "bookings": await Booking.all().count(),
            "tickets": await Ticket.all().count(),
            "pdfs": await Ticket.filter(pdf__isnull=False).count(),
        }
    finally:
        await db.close()


# ---------------------------------------------------------------- processes


def in_subprocess(what: str, database_url: str) -> Any:
    """Seed or count in a fresh interpreter: Tortoise caches SQL per model for one dialect."""
    out = subprocess.run(
        [sys.executable, __file__, f"--_{what}", database_url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def psql_admin(sql: str) -> None:
    subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-v", "ON_ERROR_STOP=1", "-qc", sql],
        check=True,
        cwd="/",
        stdout=subprocess.DEVNULL,
    )


# ---------------------------------------------------------------- one configuration


def bench_config(
    *, engine: str, job_mode: str, args: argparse.Namespace, folder: Path, redis_url: str
) -> list[dict[str, Any]]:
    """Seed a fresh database, `festival serve` it, and run every scenario `runs` times."""
    if engine == "sqlite":
        database_url = f"sqlite://{folder}/{job_mode}.sqlite3"
        workers = 1
    else:
        psql_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        psql_admin(f"CREATE DATABASE {PG_DATABASE} OWNER {args.pg_role}")
        database_url = f"postgres://{args.pg_role}:{args.pg_password}@127.0.0.1:5432/{PG_DATABASE}"
        workers = args.pg_workers
    seeded = in_subprocess("seed", database_url)
    first, second, third = seeded["workshops"]
    scenarios = {
        "no workshops": "'[]'",
        "1-2 workshops": ", ".join(
            f"'[{a}]'" if n % 2 else f"'[{a},{b}]'"
            for n, (a, b) in enumerate(zip(first + second, second + third, strict=True))
        ),
    }
    port = free_port()
    env = {
        **os.environ,
        "FESTIVAL_DATABASE_URL": database_url,
        "FESTIVAL_DATA_DIR": str(folder / job_mode),
        "FESTIVAL_ENV": "development",
        "FESTIVAL_SECRET_KEY": "bench-" + "k" * 40,
        "FESTIVAL_REGISTRATION_RATE_LIMIT": "1000000000",
    }
    for name in ("FESTIVAL_REDIS_URL", "FESTIVAL_JOB_QUEUE", "FESTIVAL_SMTP_URL"):
        env.pop(name, None)
    if job_mode == "redis":
        env["FESTIVAL_REDIS_URL"] = redis_url
    server = serve(env, port, workers=workers)
    sampler = Sampler(database_url)
    results = []
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server)
        time.sleep(1.5 if workers > 1 else 0.3)
        jobs_pids = wait_for_job_process(server.pid) if job_mode == "embedded" else []
        sampler.start()
        run_no = 0
        for scenario, choices in scenarios.items():
            runs = []
            for _run in range(args.runs):
                run_no += 1
                script = folder / f"register-{engine}-{job_mode}-{run_no}.lua"
                script.write_text(
                    LUA
                    % {
                        "choices": choices,
                        "ticket_type": seeded["ticket_type"],
                        "run": f"{engine[0]}{job_mode[0]}{run_no}",
                    }
                )
                pids = server_pids(server.pid)
                before, job_before = cpu_seconds(pids), cpu_seconds(jobs_pids)
                started = sampler.sample()
                stats = run_wrk(f"http://127.0.0.1:{port}", script, args.seconds, args.connections)
                stats["cpu_ms"] = 1000 * (cpu_seconds(pids) - before) / max(stats["requests"], 1)
                stats["rss"] = max(rss_mb(pid) for pid in pids)
                if jobs_pids:
                    ended = sampler.sample()
                    during = (ended[2] - started[2]) / (ended[0] - started[0])
                    drained = sampler.wait_empty(args.drain)
                    done = sampler.sample()
                    tickets = done[2] - started[2]
                    stats["tickets_during"] = during
                    stats["tickets_per_s"] = tickets / (done[0] - started[0])
                    stats["drain_s"] = drained if drained is not None else float("nan")
                    stats["job_cpu_ms"] = (
                        1000 * (cpu_seconds(jobs_pids) - job_before) / max(tickets, 1)
                    )
                runs.append(stats)
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            med["rss"] = max(r["rss"] for r in runs)
            results.append(
                {
                    "engine": engine,
                    "workers": workers,
                    "jobs": job_mode,
                    "scenario": scenario,
                    **med,
                }
            )
    finally:
        sampler.stop()
        server.terminate()
        server.wait(timeout=60)
    counts = in_subprocess("count", database_url)
    print(f"  {engine}/{job_mode}: {counts}", flush=True)
    if engine != "sqlite":
        psql_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
    return results


# ---------------------------------------------------------------- ticket PDFs


def bench_pdfs(folder: Path, count: int) -> dict[str, float]:
    """PDFs per second as the worker renders them: one render_ticket_pdf job after another."""
    database_url = f"sqlite://{folder}/pdf.sqlite3"

    async def run() -> dict[str, float]:
        from festival.registration import services as registration
        from festival.tickets import services as tickets

        seeded = await seed(database_url)
        await db.init(database_url)
        jobs._runner = _NoJobs()  # type: ignore[assignment]
        try:
            from festival.events.models import Event

            event = await Event.get(slug="bench")
            ids: list[int] = []
            for n in range(count):
                done = (
                    await registration.register(
                        event,
                        ticket_type_id=seeded["ticket_type"],
                        consent=True,
                        attendees=[
                            {
                                "name": f"Deelnemer {n}",
                                "email": f"pdf{n}@gemeente.nl",
                                "organisation": "Gemeente Utrecht",
                            }
                        ],
                        sessions_per_attendee=[
                            [seeded["workshops"][0][0], seeded["workshops"][1][0]]
                        ],
                    )
                ).registration
                ids += [t.id for t in await tickets.tickets_of_registration(done.id)]
            await tickets.render_ticket_pdf(ids[0])  # warm-up: imports, fonts
            wall, cpu = time.perf_counter(), time.process_time()
            for ticket_id in ids:
                await tickets.render_ticket_pdf(ticket_id)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            return {
                "pdfs": len(ids),
                "per_s": len(ids) / wall,
                "cpu_ms": 1000 * cpu / len(ids),
                "wall_ms": 1000 * wall / len(ids),
            }
        finally:
            await db.close()

    return asyncio.run(run())


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--jobs", default="embedded,redis")
    parser.add_argument("--pg-role", default="festival")
    parser.add_argument("--pg-password", default=os.environ.get("PGPASSWORD", "festival"))
    parser.add_argument("--pg-workers", type=int, default=2)
    parser.add_argument("--redis-port", type=int, default=6393)
    parser.add_argument(
        "--drain",
        type=float,
        default=600.0,
        help="embedded: at most this many seconds after a run for the job backlog to empty",
    )
    parser.add_argument("--pdfs", type=int, default=100)
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--_seed", help=argparse.SUPPRESS)
    parser.add_argument("--_count", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._seed:
        print(json.dumps(asyncio.run(seed(args._seed))))
        return
    if args._count:
        print(json.dumps(asyncio.run(count_rows(args._count))))
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    folder = Path(tempfile.mkdtemp(prefix="bench-registration-"))
    engines = [e for e in args.engines.split(",") if e]
    job_modes = [j for j in args.jobs.split(",") if j]
    redis = start_redis(args.redis_port, folder) if "redis" in job_modes else None
    redis_url = f"redis://127.0.0.1:{args.redis_port}/0"
    rows: list[dict[str, Any]] = []
    pdf: dict[str, float] | None = None
    try:
        for engine in engines:
            for job_mode in job_modes:
                if redis is not None:
                    subprocess.run(
                        ["redis-cli", "-p", str(args.redis_port), "flushall"],
                        check=False,
                        stdout=subprocess.DEVNULL,
                    )
                rows += bench_config(
                    engine=engine, job_mode=job_mode, args=args, folder=folder, redis_url=redis_url
                )
        if not args.skip_pdf:
            pdf = bench_pdfs(folder, args.pdfs)
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    print(
        "\nPOST /api/events/{slug}/registrations, `festival serve`, "
        f"wrk -t2 -c{args.connections}, "
        f"{args.seconds}s, median of {args.runs} runs; RSS = largest web process at the end;\n"
        "embedded: tickets/s rendered by the job process during the load and from its start "
        "until the backlog was empty (drain s after the load), its CPU ms per ticket"
    )
    header = (
        "engine",
        "web",
        "jobs",
        "scenario",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "web CPU ms/req",
        "RSS MB",
        "tickets/s load",
        "tickets/s all",
        "drain s",
        "job CPU ms/ticket",
    )
    line = "{:<7} {:>3} {:<8} {:<13} {:>6} {:>7} {:>7} {:>6} {:>14} {:>6} {:>14} {:>13} {:>7}"
    line += " {:>17}"
    print(line.format(*header))
    for r in rows:
        queued = "tickets_per_s" in r
        print(
            line.format(
                r["engine"],
                r["workers"],
                r["jobs"],
                r["scenario"],
                f"{r['rps']:.0f}",
                f"{r['p50']:.1f}",
                f"{r['p99']:.1f}",
                f"{r['errors']:.0f}",
                f"{r['cpu_ms']:.2f}",
                f"{r['rss']:.0f}",
                f"{r['tickets_during']:.1f}" if queued else "-",
                f"{r['tickets_per_s']:.1f}" if queued else "-",
                f"{r['drain_s']:.0f}" if queued else "-",
                f"{r['job_cpu_ms']:.1f}" if queued else "-",
            )
        )
    if pdf is not None:
        print(
            f"\nticket PDFs (render_ticket_pdf job, one process, {pdf['pdfs']:.0f} tickets): "
            f"{pdf['per_s']:.1f} PDFs/s, {pdf['wall_ms']:.1f} ms wall and "
            f"{pdf['cpu_ms']:.1f} ms CPU per PDF"
        )


if __name__ == "__main__":
    main()
