"""Benchmark of `POST /api/checkin`: `festival serve` as the README starts it, driven by wrk at
concurrency 16 from 127.0.0.1 with a device token, each request a real signed ticket (first
scans answer `ok`, later rounds `already_checked_in`). Prints requests/s, latency percentiles,
errors and the CPU milliseconds per request of the web process, for two setups:

- embedded: the embedded default with its job process; the tickets were registered just
  before with their jobs queued in the database, so the job process renders the backlog (3,000
  tickets by default) while the scans run; the job process's CPU and the backlog are printed;
- redis: the web process with FESTIVAL_REDIS_URL (jobs elsewhere, no worker).

    .venv/bin/python bench/bench_checkin.py [--tickets 3000] [--seconds 10] [--runs 3]
        [--setups embedded,redis]
    .venv/bin/python bench/bench_checkin.py --database-url postgres://... --workers 2

Needs the Debian packages `wrk` and `redis-server` (scripts/lib.sh BENCH_DEBS). A fresh SQLite
file is made in a temporary folder unless --database-url is given (that database is emptied
first!).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
from datetime import UTC, datetime
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
from festival.accounts import services as accounts
from festival.accounts.models import Organisation, TokenScope
from festival.events.models import Event, EventStatus
from festival.registration import services as registration
from festival.registration.models import TicketType
from festival.tickets import services as tickets

LUA = """
local payloads = {}
for line in io.lines("%(payloads)s") do payloads[#payloads + 1] = line end
local counter = 0
local thread_id = 0
local threads = 0
function setup(thread) threads = threads + 1; thread:set("thread_id", threads) end
function request()
  counter = counter + 1
  local n = ((counter * 7 + thread_id) %% #payloads) + 1
  local body = '{"payload":"' .. payloads[n] .. '","checkpoint":"entrance"}'
  return wrk.format("POST", "/api/checkin", {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer %(token)s"}, body)
end
"""


class _NoJobs:
    """The redis setup's seeding needs no ticket PDFs or mails: queued jobs are dropped."""

    async def enqueue(self, *args: object) -> None:
        return None


async def seed(database_url: str, count: int, *, queue: bool) -> tuple[str, list[str]]:
    """`count` tickets in registrations of 10; `queue`: their jobs (PDFs, mails) wait in the
    database queue, as after a rush of registrations on the embedded default."""
    if not database_url.startswith("sqlite"):
        from tortoise import connections

        await db.init(database_url)
        await connections.get("default").execute_script(
            "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
        )
        await db.close()
    await db.migrate(database_url)
    await db.init(database_url)
    jobs._runner = jobs.QueueRunner() if queue else _NoJobs()  # type: ignore[assignment]
    try:
        organisation = await Organisation.create(name="Bench", slug="bench")
        event = await Event.create(
            organisation=organisation,
            slug="bench",
            name="Bench",
            starts_at=datetime(2030, 3, 20, 8, tzinfo=UTC),
            ends_at=datetime(2030, 3, 20, 17, tzinfo=UTC),
            status=EventStatus.PUBLISHED,
        )
        ticket_type = await TicketType.create(event=event, name="Toegang")
        payloads = []
        key = await tickets.active_key(event.id)
        for group in range(count // 10):
            people = [
                {"name": f"Deelnemer {group}-{i}", "email": f"p{group}-{i}@example.nl"}
                for i in range(10)
            ]
            done = (
                await registration.register(
                    event, ticket_type_id=ticket_type.id, attendees=people, consent=True
                )
            ).registration
            payloads += [
                tickets.qr_payload(t, key) for t in await tickets.tickets_of_registration(done.id)
            ]
        _token, raw = await accounts.create_token(event.id, scope=TokenScope.CHECKIN, name="bench")
    finally:
        await db.close()
    return raw, payloads


def bench_setup(setup: str, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    database_url = args.database_url or f"sqlite://{folder}/{setup}.sqlite3"
    token, payloads = asyncio.run(seed(database_url, args.tickets, queue=setup == "embedded"))
    (folder / "payloads.txt").write_text("\n".join(payloads) + "\n")
    script = folder / "scan.lua"
    script.write_text(LUA % {"payloads": folder / "payloads.txt", "token": token})
    port = free_port()
    env = {
        **os.environ,
        "FESTIVAL_DATABASE_URL": database_url,
        "FESTIVAL_DATA_DIR": str(folder / setup),
        "FESTIVAL_ENV": "development",
        "FESTIVAL_SECRET_KEY": "bench-" + "k" * 40,
    }
    for name in ("FESTIVAL_REDIS_URL", "FESTIVAL_JOB_QUEUE", "FESTIVAL_SMTP_URL"):
        env.pop(name, None)
    if setup == "redis":
        env["FESTIVAL_REDIS_URL"] = f"redis://127.0.0.1:{args.redis_port}/0"
    sampler = Sampler(database_url)
    server = serve(env, port, workers=args.workers)
    results = []
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server)
        job_process = wait_for_job_process(server.pid) if setup == "embedded" else []
        sampler.start()
        for _run in range(args.runs):
            pids = server_pids(server.pid)
            before, job_before = cpu_seconds(pids), cpu_seconds(job_process)
            backlog = sampler.sample()
            stats = run_wrk(f"http://127.0.0.1:{port}", script, args.seconds, args.connections)
            stats["cpu_ms"] = 1000 * (cpu_seconds(pids) - before) / max(stats["requests"], 1)
            stats["job_cpu_s"] = cpu_seconds(job_process) - job_before
            after = sampler.sample()
            stats["backlog_start"], stats["backlog_end"] = backlog[1], after[1]
            stats["rendered"] = after[2] - backlog[2]
            stats["rss"] = max(rss_mb(pid) for pid in pids)
            results.append(stats)
    finally:
        sampler.stop()
        server.terminate()
        server.wait(timeout=60)
    return {"setup": setup, "tickets": len(payloads), "runs": results, "url": database_url}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tickets", type=int, default=3000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--setups", default="embedded,redis")
    parser.add_argument("--redis-port", type=int, default=6394)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk (scripts/lib.sh BENCH_DEBS)")
    setups = [s for s in args.setups.split(",") if s]
    folder = Path(tempfile.mkdtemp(prefix="bench-checkin-"))
    redis = start_redis(args.redis_port, folder) if "redis" in setups else None
    try:
        done = [bench_setup(setup, args, folder) for setup in setups]
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    for one in done:
        engine = "PostgreSQL" if one["url"].startswith("postgres") else "SQLite"
        print(
            f"\nPOST /api/checkin  `festival serve`, {engine}, {args.workers} web process(es), "
            f"jobs {one['setup']}, wrk -t2 -c{args.connections}, {one['tickets']} tickets, "
            f"{args.seconds}s x {args.runs} runs"
        )
        header = ("run", "req/s", "p50 ms", "p90 ms", "p99 ms", "errors", "web CPU ms/req")
        header += ("RSS MB", "backlog", "rendered", "job CPU s")
        line = "{:>4} {:>7} {:>7} {:>7} {:>7} {:>6} {:>14} {:>6} {:>11} {:>8} {:>9}"
        print(line.format(*header))
        for index, s in enumerate(one["runs"], start=1):
            print(
                line.format(
                    index,
                    f"{s['rps']:.0f}",
                    f"{s['p50']:.2f}",
                    f"{s['p90']:.2f}",
                    f"{s['p99']:.2f}",
                    int(s["errors"]),
                    f"{s['cpu_ms']:.3f}",
                    f"{s['rss']:.0f}",
                    f"{s['backlog_start']}->{s['backlog_end']}",
                    s["rendered"],
                    f"{s['job_cpu_s']:.1f}",
                )
            )
        keys = ("rps", "p50", "p90", "p99", "errors", "cpu_ms")
        med = {key: statistics.median(s[key] for s in one["runs"]) for key in keys}
        print(
            line.format(
                "med",
                f"{med['rps']:.0f}",
                f"{med['p50']:.2f}",
                f"{med['p90']:.2f}",
                f"{med['p99']:.2f}",
                int(med["errors"]),
                f"{med['cpu_ms']:.3f}",
                "",
                "",
                "",
                "",
            )
        )


if __name__ == "__main__":
    main()
