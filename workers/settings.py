"""arq worker settings for `festival worker`: the same job functions the in-process runner uses.

`worker_settings(settings)` returns the dict that `arq.worker.run_worker` takes (arq accepts a
dict or a class); `WorkerSettings` is the class form for `arq workers.settings.WorkerSettings`.
"""

from __future__ import annotations

import os
from typing import Any, cast

from arq.connections import RedisSettings
from arq.cron import CronJob, cron
from arq.worker import Retry

from festival import db, jobs
from festival.settings import Settings
from workers.jobs import JOBS

# Periodic sweeps (expire waiting-list offers, anonymise after retention) go here as
# arq.cron(...) entries that call one service each.
CRON_JOBS: list[CronJob] = [
    # every minute
    cron(cast(Any, JOBS["expire_waitlist_offers"]), name="expire_waitlist_offers", unique=True),
    # daily at 03:17 (the worker's clock): anonymise attendees after each event's retention
    cron(
        cast(Any, JOBS["anonymise_due_events"]),
        name="anonymise_due_events",
        hour=3,
        minute=17,
        unique=True,
    ),
    # every quarter of an hour: archive ended sessions, ask partners for their outcomes
    cron(
        cast(Any, JOBS["sweep_archive"]),
        name="sweep_archive",
        minute={4, 19, 34, 49},
        unique=True,
    ),
    # every five minutes: mails stored but never sent (their job lost with a stopped process)
    cron(
        cast(Any, JOBS["send_unsent_mail"]),
        name="send_unsent_mail",
        minute=set(range(2, 60, 5)),
        unique=True,
    ),
    # every ten minutes: survey invitations right after sessions, digests, reminders
    cron(
        cast(Any, JOBS["sweep_feedback_invitations"]),
        name="sweep_feedback_invitations",
        minute=set(range(0, 60, 10)),
        unique=True,
    ),
    # every minute: end unpaid payment holds (seats go to the waiting lists)
    cron(cast(Any, JOBS["expire_payment_holds"]), name="expire_payment_holds", unique=True),
    # every quarter of an hour: the day-before reminders with each registration's agenda
    cron(
        cast(Any, JOBS["sweep_reminders"]),
        name="sweep_reminders",
        minute={7, 22, 37, 52},
        unique=True,
    ),
    # daily at 03:47: survey invitations of long-ended events, payment details after retention
    cron(
        cast(Any, JOBS["sweep_privacy_retention"]),
        name="sweep_privacy_retention",
        hour=3,
        minute=47,
        unique=True,
    ),
]


async def startup(ctx: dict[str, Any]) -> None:
    settings = ctx.get("settings") or Settings.from_env()
    ctx["settings"] = settings
    ctx["retry_class"] = Retry
    ctx["max_tries"] = jobs.MAX_TRIES
    ctx["tortoise"] = await db.init(settings.database_url)
    # Jobs may queue follow-up jobs: they go back to Redis.
    await jobs.start({"settings": settings}, settings.redis_url, functions=JOBS)


async def shutdown(ctx: dict[str, Any]) -> None:
    await jobs.stop()
    if "tortoise" in ctx:
        await ctx["tortoise"].close_connections()


def worker_settings(settings: Settings) -> dict[str, Any]:
    if not settings.redis_url:
        raise SystemExit(
            "festival worker needs FESTIVAL_REDIS_URL "
            "(without it jobs run inside `festival serve`)."
        )
    return {
        "functions": list(JOBS.values()),
        "cron_jobs": list(CRON_JOBS),
        "on_startup": startup,
        "on_shutdown": shutdown,
        "ctx": {"settings": settings},
        "redis_settings": RedisSettings.from_dsn(settings.redis_url),
        "max_tries": jobs.MAX_TRIES,
        "job_timeout": 300,
        "keep_result": KEEP_RESULT,
    }


# Keep no results: a job id then de-duplicates only while the job is queued or running, as
# in the in-process runner. With results kept, arq refuses the same id again until they
# expire, so a ticket changed twice within that time would never be re-rendered.
KEEP_RESULT = 0


class WorkerSettings:
    """The class form, for `arq workers.settings.WorkerSettings` (reads FESTIVAL_* itself)."""

    functions = list(JOBS.values())
    cron_jobs = list(CRON_JOBS)
    on_startup = startup
    on_shutdown = shutdown
    max_tries = jobs.MAX_TRIES
    job_timeout = 300
    keep_result = KEEP_RESULT
    redis_settings = RedisSettings.from_dsn(
        os.environ.get("FESTIVAL_REDIS_URL") or "redis://localhost:6379"
    )
