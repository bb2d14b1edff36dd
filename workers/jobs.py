"""Job functions: ids in, load, call one service, return. Wrapped by festival.jobs.job
(retry with back-off, FailedJob after the last try). Registered by name in JOBS."""

from __future__ import annotations

from typing import Any

from festival.jobs import JobFunction

JOBS: dict[str, JobFunction] = {}


def register(func: JobFunction) -> JobFunction:
    from festival.jobs import job

    wrapped = job(func)
    JOBS[func.__name__] = wrapped
    return wrapped


@register
async def noop(ctx: dict[str, Any], **kwargs: Any) -> None:
    """Does nothing; used by `festival worker --check` and the tests of the job runner."""
