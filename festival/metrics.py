"""Prometheus instruments of this process (requests, latencies, jobs queued) and the text a
scrape answers.

Several web processes: `festival serve --workers N` sets PROMETHEUS_MULTIPROC_DIR before
uvicorn starts them (systemd units set it themselves), so each process writes its counters to
files there and any process's scrape adds them all up (prometheus-client's multiprocess mode).
What the business does (registrations, check-ins, mails, failed jobs) is not counted here but
read from the database at scrape time (festival/operations): the job processes that send mail
may run on other machines, and the database sees every process's work, across restarts.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# No *_created series beside each counter and histogram: Prometheus does not need them, and
# they would double the scrape.
disable_created_metrics()
CONTENT_TYPE = CONTENT_TYPE_LATEST
# Every request that matched no route counts under this one label (a path from outside never
# becomes a label: the number of series stays bounded).
UNMATCHED = "<unmatched>"

REQUESTS = Counter(
    "festival_http_requests",
    "HTTP requests answered, per route template, method and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "festival_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response, per route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
JOBS_QUEUED = Counter(
    "festival_jobs_queued",
    "Jobs handed to the job queue (arq on Redis, the database queue or in-process), per job.",
    ["name"],
)


# The counter and histogram children per (method, route, status): labels() takes a lock and
# builds its key on every call; the hot path looks them up once. Bounded by the route table.
_children: dict[tuple[str, str, int], tuple[Any, Any]] = {}


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    key = (method, route, status)
    children = _children.get(key)
    if children is None:
        children = REQUESTS.labels(method, route, str(status)), LATENCY.labels(method, route)
        _children[key] = children
    children[0].inc()
    children[1].observe(seconds)


def prepare_multiprocess_dir(directory: Path) -> None:
    """Before the web processes start: an empty folder for their counter files, named in the
    environment they inherit. The files of an earlier run would count twice."""
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.db"):
        old.unlink()
    os.environ[MULTIPROC_ENV] = str(directory)


class _Figures(Collector):
    def __init__(self, families: Iterable[Metric]) -> None:
        self.families = list(families)

    def collect(self) -> Iterator[Metric]:
        return iter(self.families)


def exposition(figures: Iterable[Metric]) -> bytes:
    """The scrape: this instance's counters (all processes' in multiprocess mode), then the
    figures read from the database."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        counters = generate_latest(registry)
    else:
        counters = generate_latest(REGISTRY)
    extra = CollectorRegistry()
    extra.register(_Figures(figures))
    return counters + generate_latest(extra)
