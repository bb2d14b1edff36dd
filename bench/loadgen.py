"""Shared by the HTTP benchmarks: free ports, wrk runs and their parsed figures, the server
processes' CPU time and memory from /proc, waiting for a server to answer (loopback only)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
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
    """Until `url` answers; stops the benchmark when the server exits or never answers."""
    for _i in range(150):
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 (loopback)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")
