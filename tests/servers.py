"""Real servers for tests that need a socket: a free loopback port, and `festival serve` as a
subprocess on a fresh SQLite file (never the suite's PostgreSQL or Redis)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 120.0


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def festival_serve(data_dir: Path, *args: str, **env: str) -> Iterator[str]:
    """`festival serve --port <free> ARGS` with its data and SQLite file in `data_dir` and
    FESTIVAL_BASE_URL unset (plus `env`); yields its base URL once /healthz answers."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FESTIVAL_")}
    environ.update(
        FESTIVAL_ENV="development",
        FESTIVAL_DATA_DIR=str(data_dir),
        FESTIVAL_DATABASE_URL=f"sqlite://{data_dir}/festival.sqlite3",
        **env,
    )
    log_path = data_dir / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "festival.cli", "serve", "--port", str(port), *args],
            cwd=ROOT,
            env=environ,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _healthy(url):
            output = log_path.read_text(errors="replace")
            assert process.poll() is None, f"festival serve exited:\n{output}"
            assert time.monotonic() < deadline, f"{url} did not answer:\n{output}"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
