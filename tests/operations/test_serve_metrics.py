"""`festival serve --workers 2` as real processes: the web processes count into the
multiprocess folder (a file per process) and a scrape adds up every process's requests
exactly, whichever served them; every log line is JSON."""

from __future__ import annotations

import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.operations.conftest import METRICS_TOKEN
from tests.servers import festival_serve

HEALTH_CHECKS = 80


def _get(url: str, **headers: str) -> str:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback URL)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return str(response.read().decode())


def _healthz_count(url: str) -> float:
    scrape = _get(f"{url}/metrics", Authorization=f"Bearer {METRICS_TOKEN}")
    prefix = 'festival_http_requests_total{method="GET",route="/healthz",status="200"} '
    lines = [line for line in scrape.splitlines() if line.startswith(prefix)]
    return float(lines[0].removeprefix(prefix)) if lines else 0.0


def test_serve_with_two_workers_adds_up_metrics_and_logs_json(tmp_path: Path) -> None:
    env = {"FESTIVAL_METRICS_TOKEN": METRICS_TOKEN, "FESTIVAL_LOG_FORMAT": "json"}
    with festival_serve(tmp_path, "--workers", "2", **env) as url:
        before = _healthz_count(url)
        with ThreadPoolExecutor(8) as pool:  # a new connection each, 8 at a time
            list(pool.map(lambda _n: _get(f"{url}/healthz"), range(HEALTH_CHECKS)))
        after = _healthz_count(url)
        files = sorted(path.name for path in (tmp_path / "metrics").glob("counter_*.db"))
    assert after - before == HEALTH_CHECKS
    assert files, "no counter files: not in multiprocess mode"
    lines = [
        line for line in (tmp_path / "serve.log").read_text().splitlines() if line.startswith("{")
    ]
    records = [json.loads(line) for line in lines]
    access = [r for r in records if r["logger"] == "festival.access" and r["route"] == "/healthz"]
    assert len(access) >= HEALTH_CHECKS
    assert all(r["status"] == 200 and len(r["request_id"]) == 16 for r in access)
    assert any(r["logger"].startswith("uvicorn") for r in records)  # the server's own lines too
