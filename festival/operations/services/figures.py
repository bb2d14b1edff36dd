"""The metrics scrape: this instance's request and job counters (festival.metrics) and the
business figures, read from the database at scrape time, so that every web and job process's
work counts, on any machine, across restarts (see festival/metrics.py for why)."""

from __future__ import annotations

import secrets

from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric

from festival import jobs, metrics
from festival.checkin import queries as checkin
from festival.mail import services as mail
from festival.registration import queries as registration


def scraper_allowed(authorization: str, *, token: str) -> bool:
    """Whether the Authorization header carries the metrics token (compared in constant time)."""
    scheme, _, given = authorization.partition(" ")
    return scheme.lower() == "bearer" and secrets.compare_digest(
        given.strip().encode(), token.encode()
    )


async def database_figures() -> list[Metric]:
    """Registrations, scans, mails and jobs as Prometheus metric families."""
    registrations = GaugeMetricFamily(
        "festival_registrations", "Registrations per status.", labels=["status"]
    )
    for status, n in sorted((await registration.registration_counts()).items()):
        registrations.add_metric([status], n)
    scans = CounterMetricFamily(
        "festival_checkins",
        "Ticket scans per checkpoint kind (entrance or session) and result (ok admits).",
        labels=["checkpoint", "result"],
    )
    for (kind, result), n in sorted((await checkin.scan_counts()).items()):
        scans.add_metric([kind, result], n)
    mails = GaugeMetricFamily("festival_mails", "Outbox messages per status.", labels=["status"])
    for status, n in sorted((await mail.mail_counts()).items()):
        mails.add_metric([status], n)
    families: list[Metric] = [registrations, scans, mails]
    families.append(
        GaugeMetricFamily(
            "festival_jobs_failed",
            "Jobs that failed on their last try and were not retried.",
            value=await jobs.failed_count(),
        )
    )
    backlog = await jobs.backlog()
    if backlog is not None:
        families.append(
            GaugeMetricFamily(
                "festival_jobs_backlog",
                "Jobs waiting or running in the queue (the database queue or arq on Redis).",
                value=backlog,
            )
        )
    return families


async def scrape() -> bytes:
    """The whole scrape in Prometheus' text format."""
    return metrics.exposition(await database_figures())
