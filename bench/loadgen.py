"""Shared by the HTTP benchmarks: free ports, wrk runs and their parsed figures, the server
processes' CPU time and memory from /proc, waiting for a server to answer (loopback only)."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(parent: int) -> list[int]:
    children = Path(f"/proc/{parent}/task/{parent}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def _is_job_process(pid: int) -> bool:
    try:
        return b"worker" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except FileNotFoundError:
        return False


def server_pids(parent: int) -> list[int]:
    """The processes that serve: with --workers N the parent only supervises its children.
    The job process that `festival serve` starts beside itself (no Redis) does not serve."""
    kids = [pid for pid in _children(parent) if not _is_job_process(pid)]
    return kids or [parent]


def job_pids(parent: int) -> list[int]:
    """The job process(es) `festival serve` started (empty with Redis: workers run elsewhere)."""
    return [pid for pid in _children(parent) if _is_job_process(pid)]


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        except (FileNotFoundError, IndexError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def to_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, script: Path, seconds: int, connections: int) -> dict[str, float]:
    """One wrk run (2 threads, a Lua script): requests/s, p50/p90/p99 in ms, requests, and
    errors (non-2xx answers plus socket errors)."""
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    stats = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for pct in ("50", "90", "99"):
        stats[f"p{pct}"] = to_ms(re.search(rf"\s{pct}%\s+([\d.]+\w+)", out).group(1))  # type: ignore[union-attr]
    stats["requests"] = float(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    stats["errors"] = (float(errors.group(1)) if errors else 0.0) + (
        float(sum(int(g) for g in sockets.groups())) if sockets else 0.0
    )
    return stats


def wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    """Until `url` answers; stops the benchmark when the server exits or never answers (within
    2 minutes: on a busy machine, two web processes importing the app take a while)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 (loopback)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def start_redis(port: int, folder: Path) -> subprocess.Popen[bytes]:
    redis = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    for _i in range(50):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return redis
        except OSError:
            time.sleep(0.1)
    raise SystemExit("redis-server did not start")


# ---------------------------------------------------------------- festival serve and its queue


def serve(env: dict[str, str], port: int, *, workers: int = 1) -> subprocess.Popen[bytes]:
    """`festival serve` as the README starts it: without FESTIVAL_REDIS_URL in `env` it starts
    its job process (`festival worker` on the database queue) beside the web process."""
    command = [sys.executable, "-m", "festival", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)


def wait_for_job_process(parent: int, seconds: float = 30.0) -> list[int]:
    """The job process of `festival serve`, once it runs (empty after `seconds`)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pids := job_pids(parent):
            return pids
        time.sleep(0.1)
    return []


def scalar(database_url: str, sql: str) -> int:
    """One number from the benchmark's database, read beside the server (sqlite3 or psql)."""
    if database_url.startswith("sqlite://"):
        with sqlite3.connect(database_url.removeprefix("sqlite://"), timeout=30) as conn:
            return int(conn.execute(sql).fetchone()[0])
    out = subprocess.run(
        ["psql", database_url, "-tAc", sql], capture_output=True, text=True, check=True
    ).stdout
    return int(out.strip() or 0)


BACKLOG_SQL = "SELECT count(*) FROM job_queue"
RENDERED_SQL = "SELECT count(*) FROM ticket WHERE pdf IS NOT NULL"
SENT_SQL = "SELECT count(*) FROM outbox_message WHERE status = 'sent'"


class Sampler:
    """Samples the job backlog and the rendered tickets every `every` seconds on a thread,
    for the rate at which the job process renders tickets and the time until the backlog
    is empty."""

    def __init__(self, database_url: str, every: float = 0.5) -> None:
        self.database_url = database_url
        self.every = every
        self.samples: list[tuple[float, int, int]] = []  # (monotonic, backlog, rendered)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def sample(self) -> tuple[float, int, int]:
        row = (
            time.monotonic(),
            scalar(self.database_url, BACKLOG_SQL),
            scalar(self.database_url, RENDERED_SQL),
        )
        self.samples.append(row)
        return row

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.sample()
            except (sqlite3.Error, subprocess.CalledProcessError):
                pass  # a busy database now and then: the next sample counts

    def start(self) -> Sampler:
        self.sample()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def wait_empty(self, timeout: float) -> float | None:
        """Seconds until the backlog is zero (None: not within `timeout`)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.samples and self.samples[-1][1] == 0:
                return self.samples[-1][0] - started
            time.sleep(self.every / 2)
        return None

    def rendered_between(self, start: float, end: float) -> int:
        inside = [s for s in self.samples if start <= s[0] <= end]
        return inside[-1][2] - inside[0][2] if len(inside) > 1 else 0
