"""The job runner: retries with back-off, FailedJob after the last try, de-duplication by id.
Runs in-process, or on arq with the real Redis when FESTIVAL_REDIS_URL is set."""

from __future__ import annotations

from typing import Any

from festival import jobs
from festival.settings import Settings
from tests.conftest import run_jobs
from workers.jobs import JOBS, register

CALLS: list[tuple[str, int, int]] = []  # (job, item, try)
HEAL_AFTER: dict[int, int] = {}  # item -> the try from which the job succeeds


@register
async def flaky_for_tests(ctx: dict[str, Any], item: int, event_id: int | None = None) -> None:
    CALLS.append(("flaky", item, int(ctx["job_try"])))
    if int(ctx["job_try"]) < HEAL_AFTER.get(item, jobs.MAX_TRIES + 1):
        raise RuntimeError(f"item {item} is broken")


@register
async def count_for_tests(ctx: dict[str, Any], item: int) -> None:
    CALLS.append(("count", item, int(ctx["job_try"])))


def _calls(name: str) -> list[tuple[int, int]]:
    return [(item, job_try) for job, item, job_try in CALLS if job == name]


def setup_function() -> None:
    CALLS.clear()
    HEAL_AFTER.clear()


def test_jobs_are_registered_by_name() -> None:
    assert {"noop", "send_mail", "flaky_for_tests"} <= set(JOBS)
    assert JOBS["send_mail"].__name__ == "send_mail"


async def test_failing_job_retries_then_becomes_failed_job(
    database: None, settings: Settings
) -> None:
    await jobs.enqueue("flaky_for_tests", item=1, event_id=42)
    await run_jobs(settings)

    assert _calls("flaky") == [(1, t) for t in range(1, jobs.MAX_TRIES + 1)]
    [failed] = await jobs.failed_jobs()
    assert (failed.name, failed.kwargs, failed.tries, failed.event_id) == (
        "flaky_for_tests",
        {"item": 1, "event_id": 42},
        jobs.MAX_TRIES,
        42,
    )
    assert failed.summary == "RuntimeError: item 1 is broken"
    assert "Traceback" in failed.error


async def test_job_that_heals_before_last_try_leaves_no_failed_job(
    database: None, settings: Settings
) -> None:
    HEAL_AFTER[2] = 3
    await jobs.enqueue("flaky_for_tests", item=2)
    await run_jobs(settings)
    assert _calls("flaky") == [(2, 1), (2, 2), (2, 3)]
    assert await jobs.failed_jobs() == []


async def test_retry_failed_runs_the_job_again_once(database: None, settings: Settings) -> None:
    await jobs.enqueue("flaky_for_tests", item=3)
    await run_jobs(settings)
    [failed] = await jobs.failed_jobs()
    HEAL_AFTER[3] = 1
    CALLS.clear()

    assert await jobs.retry_failed(failed.id) is not None
    assert await jobs.retry_failed(failed.id) is None  # already retried
    await run_jobs(settings)
    assert _calls("flaky") == [(3, 1)]
    assert await jobs.failed_jobs() == []
    assert len(await jobs.failed_jobs(include_retried=True)) == 1


async def test_duplicate_job_id_runs_once(database: None, settings: Settings) -> None:
    await jobs.enqueue("count_for_tests", _job_id="count:7", item=7)
    await jobs.enqueue("count_for_tests", _job_id="count:7", item=7)
    await jobs.enqueue("count_for_tests", _job_id="count:8", item=8)
    await run_jobs(settings)
    assert sorted(_calls("count")) == [(7, 1), (8, 1)]


def test_retry_delays_back_off() -> None:
    assert [jobs.retry_delay(t) for t in range(1, 7)] == [5, 30, 120, 600, 600, 600]
    assert jobs.is_last_try({"job_try": jobs.MAX_TRIES}) is True
    assert jobs.is_last_try({"job_try": 1}) is False
    assert jobs.is_last_try({"job_try": 2, "max_tries": 2}) is True
