"""Benchmark of `POST /api/checkin`: uvicorn serving the app, driven by wrk at concurrency 16
from 127.0.0.1 with a device token, each request a real signed ticket (first scans answer `ok`,
later rounds `already_checked_in`). Prints requests/s, latency percentiles, errors and the
server's CPU milliseconds per request.

    /work/venv/bin/python bench/bench_checkin.py [--tickets 2000] [--seconds 10] [--runs 3]
    /work/venv/bin/python bench/bench_checkin.py --database-url postgres://... --workers 2

Needs the Debian package `wrk`. A fresh SQLite file is made in a temporary folder unless
--database-url is given (that database is emptied first!).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadgen import cpu_seconds, free_port, run_wrk, server_pids, wait_for

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
    """Seeding needs no ticket PDFs or mails: queued jobs are dropped."""

    async def enqueue(self, *args: object) -> None:
        return None


async def seed(database_url: str, count: int) -> tuple[str, list[str]]:
    if not database_url.startswith("sqlite"):
        from tortoise import connections

        await db.init(database_url)
        await connections.get("default").execute_script(
            "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
        )
        await db.close()
    await db.migrate(database_url)
    await db.init(database_url)
    jobs._runner = _NoJobs()  # type: ignore[assignment]
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-checkin-"))
    database_url = args.database_url or f"sqlite://{folder}/bench.sqlite3"
    token, payloads = asyncio.run(seed(database_url, args.tickets))
    (folder / "payloads.txt").write_text("\n".join(payloads) + "\n")
    script = folder / "scan.lua"
    script.write_text(LUA % {"payloads": folder / "payloads.txt", "token": token})
    port = free_port()
    env = {
        **os.environ,
        "FESTIVAL_DATABASE_URL": database_url,
        "FESTIVAL_DATA_DIR": str(folder),
        "FESTIVAL_ENV": "development",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "festival.asgi:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
            "--workers",
            str(args.workers),
        ],
        env=env,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server)
        time.sleep(1)
        results = []
        for _run in range(args.runs):
            pids = sorted({server.pid, *server_pids(server.pid)})
            before = cpu_seconds(pids)
            stats = run_wrk(f"http://127.0.0.1:{port}", script, args.seconds, args.connections)
            stats["cpu_ms"] = 1000 * (cpu_seconds(pids) - before) / max(stats["requests"], 1)
            results.append(stats)
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(
        f"\nPOST /api/checkin  {engine}, {args.workers} web process(es), "
        f"wrk -t2 -c{args.connections}, {len(payloads)} tickets, {args.seconds}s x {args.runs} runs"
    )
    header = ("run", "req/s", "p50 ms", "p90 ms", "p99 ms", "errors", "CPU ms/req")
    print("{:>4} {:>9} {:>8} {:>8} {:>8} {:>7} {:>11}".format(*header))
    for index, s in enumerate(results, start=1):
        print(
            f"{index:>4} {s['rps']:>9.0f} {s['p50']:>8.2f} {s['p90']:>8.2f} {s['p99']:>8.2f} "
            f"{int(s['errors']):>7} {s['cpu_ms']:>11.2f}"
        )
    keys = ("rps", "p50", "p90", "p99")
    median = {key: statistics.median(s[key] for s in results) for key in keys}
    print(
        f"{'med':>4} {median['rps']:>9.0f} {median['p50']:>8.2f} {median['p90']:>8.2f} "
        f"{median['p99']:>8.2f}"
    )


if __name__ == "__main__":
    main()
