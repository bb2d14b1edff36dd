"""The morning-rush soak: for 5 minutes (--seconds) requests arrive at a fixed rate (open loop),
a mix of registrations (with and without workshops), programme and session pages, manage pages
(of registrations made during the soak) and door scans at 4 checkpoints (the entrance and three
workshops), against two setups:

- embedded: `festival serve` as the README starts it (SQLite, one web process, its job process
  on the database queue);
- postgres-redis: PostgreSQL, `festival serve --workers 2` with FESTIVAL_REDIS_URL, and one
  `festival worker` (arq).

Prints p50/p99 per request kind, errors (non-2xx/3xx answers, timeouts, broken connections), the
job backlog sampled every 10 s, web-process memory (largest VmRSS) after the first minute and at
the end, the time after the last request until the backlog was empty, and the CPU ms per
request of the web and job processes; with --runs 3 the median of the runs.

    .venv/bin/python bench/bench_soak.py [--seconds 300] [--rate 100] [--runs 1]
        [--setups embedded,postgres-redis]

Why not wrk: wrk is closed-loop (a connection sends its next request only after the answer),
so a slow answer delays the requests behind it and hides itself (coordinated omission); its
Lua delay() only spaces requests per connection. wrk2 is not a Debian package. This generator
is asyncio on plain sockets (HTTP/1.1 keep-alive, no client library): requests are started at
their planned times whatever the earlier ones do, latency counts from the planned time, and a
request that finds no free connection opens one (up to --max-connections). It costs about a
tenth of a millisecond of CPU per request (printed as "generator CPU"), next to 1-10 ms of the
server's, so it can share the two cores with the server; httpx would cost 4-7 ms.

Bounded: stops after --seconds plus at most --drain seconds of waiting for the backlog; every
request has a 10 s timeout; traffic goes to 127.0.0.1 only. PostgreSQL: the local cluster on
127.0.0.1:5432 with the role --pg-role; the database festival_soak is created and dropped
(`runuser -u postgres -- psql`). Redis: a redis-server on --redis-port, stopped by pid.
Needs the Debian packages redis-server and postgresql (scripts/lib.sh BENCH_DEBS).
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_registration
from loadgen import (
    BACKLOG_SQL,
    cpu_seconds,
    free_port,
    job_pids,
    rss_mb,
    scalar,
    serve,
    server_pids,
    start_redis,
    wait_for,
    wait_for_job_process,
)

from festival import audit, db, jobs
from festival.accounts import services as accounts
from festival.accounts.models import TokenScope
from festival.events.models import Event
from festival.programme import services as programme
from festival.programme.models import Session
from festival.registration import services as registration
from festival.tickets import services as tickets

PG_DATABASE = "festival_soak"
SEED_TICKETS = 400  # tickets registered before the soak, scanned at the door from the start
# The mix, per 20 arrivals: (kind, how many).
MIX = (
    ("register", 3),
    ("register+workshops", 2),
    ("programme", 3),
    ("session", 3),
    ("manage", 2),
    ("scan", 7),
)
REQUEST_TIMEOUT = 10.0


class _NoJobs:
    async def enqueue(self, *args: object) -> None:
        return None


# ---------------------------------------------------------------- data


async def seed(database_url: str) -> dict[str, Any]:
    """bench_registration's event (a free ticket type, six workshops in three slots), a check-in
    token and SEED_TICKETS tickets to scan."""
    seeded = await bench_registration.seed(database_url)
    await db.init(database_url)
    jobs._runner = _NoJobs()  # type: ignore[assignment]
    try:
        event = await Event.get(slug="bench")
        await programme.publish_programme(event, actor=audit.SYSTEM, confirm_conflicts=True)
        _token, raw = await accounts.create_token(event.id, scope=TokenScope.CHECKIN, name="soak")
        key = await tickets.active_key(event.id)
        payloads: list[str] = []
        for group in range(SEED_TICKETS // 10):
            people = [
                {"name": f"Vooraf {group}-{i}", "email": f"v{group}-{i}@gemeente.nl"}
                for i in range(10)
            ]
            done = (
                await registration.register(
                    event,
                    ticket_type_id=seeded["ticket_type"],
                    attendees=people,
                    consent=True,
                    sessions_per_attendee=[[seeded["workshops"][0][i % 2]] for i in range(10)],
                )
            ).registration
            payloads += [
                tickets.qr_payload(t, key) for t in await tickets.tickets_of_registration(done.id)
            ]
        codes = (
            await Session.filter(event_id=event.id).order_by("code").values_list("code", flat=True)
        )
        return {**seeded, "token": raw, "payloads": payloads, "codes": list(codes)}
    finally:
        await db.close()


def seed_in_subprocess(database_url: str) -> dict[str, Any]:
    """In a fresh interpreter: Tortoise caches SQL per model for one dialect."""
    out = subprocess.run(
        [sys.executable, __file__, "--_seed", database_url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def psql_admin(sql: str) -> None:
    subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-v", "ON_ERROR_STOP=1", "-qc", sql],
        check=True,
        cwd="/",
        stdout=subprocess.DEVNULL,
    )


# ---------------------------------------------------------------- the open-loop generator


Conn = tuple[asyncio.StreamReader, asyncio.StreamWriter]
IDLE_LIMIT = 3.0  # s; uvicorn closes a keep-alive connection idle for 5 s: never reuse one near it


class Pool:
    """Keep-alive HTTP/1.1 connections to one port on 127.0.0.1. A connection idle longer than
    IDLE_LIMIT is closed rather than reused, so a request never goes out on a connection the
    server is closing (that would count as an error of the server)."""

    def __init__(self, port: int, limit: int) -> None:
        self.port = port
        self.idle: list[tuple[Conn, float]] = []
        self.open = 0
        self.limit = limit
        self.freed = asyncio.Condition()

    async def take(self) -> Conn:
        async with self.freed:
            while True:
                now = time.monotonic()
                while self.idle and now - self.idle[-1][1] > IDLE_LIMIT:
                    stale, _since = self.idle.pop()
                    stale[1].close()
                    self.open -= 1
                if self.idle:
                    return self.idle.pop()[0]
                if self.open < self.limit:
                    break
                await self.freed.wait()
            self.open += 1
        try:
            return await asyncio.open_connection("127.0.0.1", self.port)
        except OSError:
            await self.drop(None)
            raise

    async def give(self, conn: Conn) -> None:
        async with self.freed:
            self.idle.append((conn, time.monotonic()))
            self.freed.notify()

    async def drop(self, conn: Conn | None) -> None:
        if conn is not None:
            conn[1].close()
        async with self.freed:
            self.open -= 1
            self.freed.notify()

    async def close(self) -> None:
        for (_reader, writer), _since in self.idle:
            writer.close()


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding") == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            body += await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, body, headers.get("connection", "").lower() != "close"


async def http(
    pool: Pool, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{pool.port}"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
    conn = await pool.take()
    try:
        conn[1].write(request)
        status, answer, keep = await _read_answer(conn[0])
    except BaseException:
        await pool.drop(conn)
        raise
    if keep:
        await pool.give(conn)
    else:
        await pool.drop(conn)
    return status, answer


@dataclass
class Soak:
    seeded: dict[str, Any]
    pool: Pool
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)
    manage_paths: list[str] = field(default_factory=list)
    payloads: list[str] = field(default_factory=list)
    counter: int = 0

    def plan(self) -> list[str]:
        return [kind for kind, count in MIX for _i in range(count)]

    def _request(self, kind: str, n: int) -> tuple[str, str, bytes, dict[str, str]]:
        seeded = self.seeded
        json_headers = {"Content-Type": "application/json"}
        if kind.startswith("register"):
            sessions: list[int] = []
            if kind == "register+workshops":
                slots = seeded["workshops"]
                sessions = [slots[0][n % 2], slots[1 + n % 2][(n // 2) % 2]]
            body = {
                "ticket_type": seeded["ticket_type"],
                "consent": True,
                "sessions": sessions,
                "attendees": [
                    {
                        "name": f"Deelnemer {n}",
                        "email": f"soak{seeded['run']}-{n}@gemeente.nl",
                        "organisation": "Gemeente Utrecht",
                        "role": "raadslid",
                    }
                ],
            }
            path = "/api/events/bench/registrations"
            return "POST", path, json.dumps(body).encode(), json_headers
        if kind == "programme":
            return "GET", "/events/bench/programme", b"", {}
        if kind == "session":
            codes = seeded["codes"]
            return "GET", f"/events/bench/sessions/{codes[n % len(codes)]}", b"", {}
        if kind == "manage":
            if self.manage_paths:
                return "GET", self.manage_paths[n % len(self.manage_paths)], b"", {}
            return "GET", "/events/bench/programme", b"", {}
        checkpoints = ["entrance", *[str(row[0]) for row in seeded["workshops"]]]
        payloads = self.payloads
        body = {"payload": payloads[(n * 7) % len(payloads)], "checkpoint": checkpoints[n % 4]}
        headers = {**json_headers, "Authorization": f"Bearer {seeded['token']}"}
        return "POST", "/api/checkin", json.dumps(body).encode(), headers

    async def one(self, kind: str, n: int, planned: float) -> None:
        method, path, body, headers = self._request(kind, n)
        try:
            status, answer = await asyncio.wait_for(
                http(self.pool, method, path, body, headers), REQUEST_TIMEOUT
            )
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
            self._error(kind, f"{kind}: {type(error).__name__}")
            return
        self.latencies.setdefault(kind, []).append(1000 * (time.monotonic() - planned))
        if status >= 400:
            self._error(kind, f"{kind} {path}: {status} {answer[:120]!r}")
            return
        if kind.startswith("register"):
            made = json.loads(answer)
            self.manage_paths.append(urlsplit(made["manage_url"]).path)
            self.payloads += [t["qr_payload"] for t in made["tickets"]]

    def _error(self, kind: str, text: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if len(self.error_samples) < 5:
            self.error_samples.append(text)

    async def run(self, rate: float, seconds: float, tick: Any) -> None:
        """Start request i at start + i/rate, for `seconds`; `tick(elapsed)` once a second."""
        plan = self.plan()
        tasks: set[asyncio.Task[None]] = set()
        start = time.monotonic()
        total = int(rate * seconds)
        next_tick = 1.0
        for i in range(total):
            planned = start + i / rate
            delay = planned - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(self.one(plan[i % len(plan)], i, planned))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            if planned - start >= next_tick:
                tick(planned - start)
                next_tick += 1.0
        if tasks:
            await asyncio.wait(tasks, timeout=REQUEST_TIMEOUT * 2)


# ---------------------------------------------------------------- one run


def backlog_of(setup: str, database_url: str, redis_port: int) -> int:
    if setup == "embedded":
        return scalar(database_url, BACKLOG_SQL)
    out = subprocess.run(
        ["redis-cli", "-p", str(redis_port), "zcard", "arq:queue"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(out.strip() or 0)


def one_run(setup: str, run: int, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    if setup == "embedded":
        database_url = f"sqlite://{folder}/soak-{run}.sqlite3"
    else:
        psql_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        psql_admin(f"CREATE DATABASE {PG_DATABASE} OWNER {args.pg_role}")
        database_url = f"postgres://{args.pg_role}:{args.pg_password}@127.0.0.1:5432/{PG_DATABASE}"
        subprocess.run(
            ["redis-cli", "-p", str(args.redis_port), "flushall"],
            check=False,
            stdout=subprocess.DEVNULL,
        )
    seeded = seed_in_subprocess(database_url)
    seeded["run"] = f"{setup[0]}{run}"
    port = free_port()
    env = {
        **os.environ,
        "FESTIVAL_DATABASE_URL": database_url,
        "FESTIVAL_DATA_DIR": str(folder / f"{setup}-{run}"),
        "FESTIVAL_ENV": "development",
        "FESTIVAL_SECRET_KEY": "bench-" + "k" * 40,
        "FESTIVAL_BASE_URL": f"http://127.0.0.1:{port}",
        "FESTIVAL_REGISTRATION_RATE_LIMIT": "1000000000",
    }
    for name in ("FESTIVAL_REDIS_URL", "FESTIVAL_JOB_QUEUE", "FESTIVAL_SMTP_URL"):
        env.pop(name, None)
    workers = 1
    arq: subprocess.Popen[bytes] | None = None
    if setup == "postgres-redis":
        env["FESTIVAL_REDIS_URL"] = f"redis://127.0.0.1:{args.redis_port}/0"
        workers = 2
        arq = subprocess.Popen(
            [sys.executable, "-m", "festival", "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    server = serve(env, port, workers=workers)
    backlog: list[tuple[int, int]] = []
    rss: dict[str, float] = {}
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server)
        time.sleep(1.5 if workers > 1 else 0.3)
        if setup == "embedded":
            wait_for_job_process(server.pid)
        web = server_pids(server.pid)
        job = job_pids(server.pid) if arq is None else [arq.pid]
        web_cpu, job_cpu, own_cpu = cpu_seconds(web), cpu_seconds(job), time.process_time()
        first_minute = min(60.0, args.seconds / 5)

        def tick(elapsed: float) -> None:
            if int(elapsed) % 10 == 0:
                backlog.append((int(elapsed), backlog_of(setup, database_url, args.redis_port)))
            if "start" not in rss and elapsed >= first_minute:
                rss["start"] = max(rss_mb(pid) for pid in web)

        async def drive() -> Soak:
            soak = Soak(seeded=seeded, pool=Pool(port, args.max_connections))
            soak.payloads = list(seeded["payloads"])
            try:
                await soak.run(args.rate, args.seconds, tick)
            finally:
                await soak.pool.close()
            return soak

        soak = asyncio.run(drive())
        ended = time.monotonic()
        rss["end"] = max(rss_mb(pid) for pid in web)
        own_cpu = time.process_time() - own_cpu
        web_cpu = cpu_seconds(web) - web_cpu
        drained: float | None = None
        while time.monotonic() - ended < args.drain:
            if backlog_of(setup, database_url, args.redis_port) == 0:
                drained = time.monotonic() - ended
                break
            time.sleep(1.0)
        job_cpu = cpu_seconds(job) - job_cpu
    finally:
        server.terminate()
        server.wait(timeout=60)
        if arq is not None:
            arq.terminate()
            arq.wait(timeout=30)
        if setup != "embedded":
            psql_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
    requests = sum(len(v) for v in soak.latencies.values()) + sum(soak.errors.values())
    return {
        "latencies": soak.latencies,
        "errors": soak.errors,
        "error_samples": soak.error_samples,
        "backlog": backlog,
        "rss_start": rss.get("start", float("nan")),
        "rss_end": rss["end"],
        "drained": drained,
        "requests": requests,
        "web_cpu_ms": 1000 * web_cpu / max(requests, 1),
        "job_cpu_s": job_cpu,
        "own_cpu_ms": 1000 * own_cpu / max(requests, 1),
    }


# ---------------------------------------------------------------- report


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(setup: str, runs: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(
        f"\nsoak, {setup}: {args.rate:g} requests/s planned for {args.seconds}s, "
        f"median of {len(runs)} run(s)"
    )
    line = "{:<19} {:>9} {:>8} {:>8} {:>7}"
    print(line.format("kind", "requests", "p50 ms", "p99 ms", "errors"))
    for kind, _count in MIX:
        print(
            line.format(
                kind,
                int(statistics.median(len(r["latencies"].get(kind, [])) for r in runs)),
                f"{statistics.median(pct(r['latencies'].get(kind, []), 0.5) for r in runs):.1f}",
                f"{statistics.median(pct(r['latencies'].get(kind, []), 0.99) for r in runs):.1f}",
                int(statistics.median(r["errors"].get(kind, 0) for r in runs)),
            )
        )
    for index, r in enumerate(runs, start=1):
        drained = "not within --drain" if r["drained"] is None else f"{r['drained']:.0f}s"
        samples = " ".join(f"{t}s:{n}" for t, n in r["backlog"])
        print(
            f"run {index}: {r['requests']} requests, {sum(r['errors'].values())} errors; "
            f"web RSS {r['rss_start']:.0f} MB after the first minute, {r['rss_end']:.0f} MB at "
            f"the end; backlog empty {drained} after the end; CPU ms/request: web "
            f"{r['web_cpu_ms']:.2f}, generator {r['own_cpu_ms']:.2f}; job processes "
            f"{r['job_cpu_s']:.0f} s CPU\n  backlog every 10 s: {samples}"
        )
        for sample in r["error_samples"]:
            print(f"  error: {sample}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--rate", type=float, default=100.0, help="requests per second")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--setups", default="embedded,postgres-redis")
    parser.add_argument("--drain", type=float, default=300.0)
    parser.add_argument("--max-connections", type=int, default=64)
    parser.add_argument("--pg-role", default="festival")
    parser.add_argument("--pg-password", default=os.environ.get("PGPASSWORD", "festival"))
    parser.add_argument("--redis-port", type=int, default=6395)
    parser.add_argument("--_seed", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._seed:
        print(json.dumps(asyncio.run(seed(args._seed))))
        return
    setups = [s for s in args.setups.split(",") if s]
    folder = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    redis = start_redis(args.redis_port, folder) if "postgres-redis" in setups else None
    try:
        for setup in setups:
            runs = []
            try:
                for run in range(1, args.runs + 1):
                    runs.append(one_run(setup, run, args, folder))
                    print(f"  {setup} run {run} done", flush=True)
            except (subprocess.CalledProcessError, SystemExit) as error:
                # e.g. no PostgreSQL cluster on 127.0.0.1:5432: the other setup still reports
                print(f"  {setup} stopped: {error}", flush=True)
            if runs:
                report(setup, runs, args)
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
