"""Benchmark of what operations adds to every request: the outermost middleware (request id,
per-route counter and latency histogram, the access line) around an endpoint that does nothing,
with the access line off (FESTIVAL_LOG_LEVEL=WARNING), as JSON and as text (written to
/dev/null); and one /metrics exposition with many series. In-process ASGI calls, no network,
so only the middleware's own CPU is measured. Medians of interleaved runs:

    .venv/bin/python bench/bench_operations.py [--requests 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from festival import logs, metrics
from festival.operations.middleware import RequestMiddleware


async def _ok(request: Any) -> PlainTextResponse:
    return PlainTextResponse("ok")


def _apps() -> dict[str, Any]:
    bare = Starlette(routes=[Route("/events/{slug}", _ok)])
    wrapped = RequestMiddleware(bare)
    return {"bare": bare, "middleware": wrapped}


def _log_to_devnull(log_format: str | None) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    if log_format is None:
        root.setLevel(logging.WARNING)
        return
    handler = logging.StreamHandler(open("/dev/null", "w"))  # open for the whole run
    handler.setFormatter(logs.JsonFormatter() if log_format == "json" else logs.TextFormatter())
    handler.addFilter(logs.RequestIdFilter())
    root.addHandler(handler)
    root.setLevel(logging.INFO)


async def _drive(app: Any, count: int) -> float:
    """CPU microseconds per request for `count` GET /events/dld-demo through `app`."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/events/dld-demo",
        "raw_path": b"/events/dld-demo",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        return None

    start = time.process_time()
    for _ in range(count):
        await app(dict(scope), receive, send)
    return (time.process_time() - start) / count * 1e6


def _exposition_ms(series: int) -> float:
    for n in range(series):
        metrics.observe_request("GET", f"/bench/route-{n}", 200, 0.01)
    start = time.process_time()
    metrics.exposition([])
    return (time.process_time() - start) * 1000


async def main(requests: int, runs: int) -> None:
    apps = _apps()
    variants = [
        ("bare Starlette (no middleware)", apps["bare"], None),
        ("middleware, access line off (WARNING)", apps["middleware"], None),
        ("middleware, access line JSON", apps["middleware"], "json"),
        ("middleware, access line text", apps["middleware"], "text"),
    ]
    results: dict[str, list[float]] = {name: [] for name, _app, _fmt in variants}
    await _drive(apps["middleware"], 500)  # warm up
    for _ in range(runs):
        for name, app, log_format in variants:  # interleaved
            _log_to_devnull(log_format)
            results[name].append(await _drive(app, requests))
    _log_to_devnull(None)
    bare = statistics.median(results[variants[0][0]])
    print(f"{'variant':<42} {'CPU us/request':>15} {'added us':>9}")
    for name, values in results.items():
        median = statistics.median(values)
        print(f"{name:<42} {median:>15.1f} {median - bare:>9.1f}")
    print()
    for series in (100, 1000):
        print(f"/metrics exposition, {series} route series: {_exposition_ms(series):.1f} ms CPU")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.requests, args.runs))
