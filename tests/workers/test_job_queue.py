"""The database queue of the embedded default: jobs written by the web process, run by the job
process with the same retries and de-duplication as the other runners, leases that a stopped job
process leaves behind, and (as real processes) a job process killed in the middle of a queue of
ticket mails, then `festival serve` started again: every mail is sent exactly once. Runs on the
suite's database (SQLite, or PostgreSQL when FESTIVAL_DATABASE_URL is set)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from festival import clock, jobqueue, jobs
from festival.jobqueue import QueuedJob
from festival.mail.models import MailStatus, OutboxMessage
from festival.settings import Settings
from tests.conftest import TEST_SECRET
from tests.factories import make_event, make_ticket_type
from tests.registration.conftest import person, register
from tests.servers import free_port
from workers.jobs import JOBS
from workers.jobs import register as register_job

ROOT = Path(__file__).resolve().parents[2]
CALLS: list[tuple[str, int, int]] = []  # (job, item, try)


@register_job
async def queue_count_for_tests(ctx: dict[str, Any], item: int) -> None:
    CALLS.append(("count", item, int(ctx["job_try"])))


@register_job
async def queue_flaky_for_tests(ctx: dict[str, Any], item: int, heal_at: int = 99) -> None:
    CALLS.append(("flaky", item, int(ctx["job_try"])))
    if int(ctx["job_try"]) < heal_at:
        raise RuntimeError(f"item {item} is broken")


def setup_function() -> None:
    CALLS.clear()


@pytest.fixture
async def queue(database: None, settings: Settings) -> jobs.QueueWorker:
    """This process queues into the database; a worker with no back-off runs the queue."""
    await jobs.stop()
    await jobs.start({"settings": settings}, None, functions=JOBS, queue="database")
    return jobs.QueueWorker({"settings": settings}, functions=JOBS, delays=lambda _try: 0)


async def _work(worker: jobs.QueueWorker) -> None:
    await asyncio.wait_for(worker.run(until_empty=True), timeout=60)


async def test_queued_job_runs_once_in_the_job_process_and_its_row_goes(
    queue: jobs.QueueWorker,
) -> None:
    await jobs.enqueue("queue_count_for_tests", _job_id="count-1", item=1)
    await jobs.enqueue("queue_count_for_tests", _job_id="count-1", item=1)  # still queued
    await jobs.enqueue("queue_count_for_tests", item=2)
    assert CALLS == []  # nothing runs in the process that queued
    assert await jobqueue.backlog() == 2

    await _work(queue)

    assert sorted(CALLS) == [("count", 1, 1), ("count", 2, 1)]
    assert await jobqueue.backlog() == 0
    await jobs.enqueue("queue_count_for_tests", _job_id="count-1", item=1)  # done: again
    assert await jobqueue.backlog() == 1


async def test_failing_job_retries_then_heals_or_becomes_a_failed_job(
    queue: jobs.QueueWorker,
) -> None:
    await jobs.enqueue("queue_flaky_for_tests", item=1, heal_at=3)
    await jobs.enqueue("queue_flaky_for_tests", item=2)

    await _work(queue)

    tries = Counter(item for _job, item, _try in CALLS)
    assert tries == {1: 3, 2: jobs.MAX_TRIES}
    [failed] = await jobs.failed_jobs()
    assert (failed.name, failed.kwargs, failed.tries) == (
        "queue_flaky_for_tests",
        {"item": 2},
        jobs.MAX_TRIES,
    )
    assert await jobqueue.backlog() == 0


async def test_deferred_job_waits_for_its_time(queue: jobs.QueueWorker) -> None:
    start = clock.now()
    clock.set_now(start)
    await jobs.enqueue("queue_count_for_tests", _defer=60, item=1)
    await _work(queue)
    assert CALLS == []
    clock.set_now(start + timedelta(seconds=61))
    await _work(queue)
    assert CALLS == [("count", 1, 1)]


async def test_job_queued_in_a_rolled_back_transaction_is_not_queued(
    queue: jobs.QueueWorker,
) -> None:
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await jobs.enqueue("queue_count_for_tests", item=1)
            raise RuntimeError("the service failed")
    assert await jobqueue.backlog() == 0


async def test_lease_of_a_stopped_job_process_holds_until_it_runs_out_or_is_taken_over(
    queue: jobs.QueueWorker,
) -> None:
    start = clock.now()
    clock.set_now(start)
    await jobs.enqueue("queue_count_for_tests", item=1)
    [claimed] = await jobqueue.claim("stopped-process", limit=5)
    assert claimed.tries == 1

    await _work(queue)  # another job process: the lease still holds
    assert CALLS == []

    clock.set_now(start + timedelta(seconds=jobqueue.LEASE_SECONDS + 1))
    await _work(queue)  # the lease ran out
    assert CALLS == [("count", 1, 2)]

    await jobs.enqueue("queue_count_for_tests", item=2)
    await jobqueue.claim("stopped-process", limit=5)
    await asyncio.wait_for(queue.run(until_empty=True, take_over=True), timeout=60)
    assert CALLS[-1] == ("count", 2, 2)


async def test_two_job_processes_never_run_the_same_job(
    queue: jobs.QueueWorker, settings: Settings
) -> None:
    for item in range(40):
        await jobs.enqueue("queue_count_for_tests", item=item)
    other = jobs.QueueWorker({"settings": settings}, functions=JOBS, concurrency=3)
    await asyncio.gather(_work(queue), _work(other))
    assert sorted(item for _job, item, _try in CALLS) == list(range(40))


async def test_job_killed_on_every_try_becomes_a_failed_job(queue: jobs.QueueWorker) -> None:
    await jobs.enqueue("queue_count_for_tests", item=7)
    for _ in range(jobs.MAX_TRIES):
        await jobqueue.claim("stopped-process", limit=1)
        await jobqueue.take_over()
    await _work(queue)
    assert CALLS == []
    [failed] = await jobs.failed_jobs()
    assert failed.summary == "RuntimeError: the job process stopped while it ran"


# ---------------------------------------------------------------- real processes

MAILS = 30


def _environment(settings: Settings, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FESTIVAL_")}
    env.update(
        FESTIVAL_ENV="test",
        FESTIVAL_DATABASE_URL=settings.database_url,
        FESTIVAL_SECRET_KEY=TEST_SECRET,
        FESTIVAL_BASE_URL="http://testserver",
        FESTIVAL_DATA_DIR=str(data_dir),
    )
    return env


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


async def _until(check: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not await check():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.05)


async def test_killed_job_process_then_serve_again_sends_every_ticket_mail_exactly_once(
    database: None, settings: Settings, tmp_path: Path
) -> None:
    await jobs.stop()
    await jobs.start({"settings": settings}, None, functions=JOBS, queue="database")
    event = await make_event()
    ticket_type = await make_ticket_type(event)
    contacts = [f"deelnemer{n}@gemeente.nl" for n in range(MAILS)]
    for n in range(MAILS):
        await register(event, ticket_type, person(n))
    assert await QueuedJob.filter(name="send_registration_confirmation").count() == MAILS
    env = _environment(settings, tmp_path)

    log = (tmp_path / "worker.log").open("wb")
    worker = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "festival",
        "worker",
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:

        async def some_stored() -> bool:
            return await OutboxMessage.all().count() >= 3

        await _until(some_stored, 120, "the job process stored no mail")
    finally:
        worker.send_signal(signal.SIGKILL)
        await worker.wait()
    stored = await OutboxMessage.all().count()
    assert stored < MAILS, "the job process finished before it was killed: no test"

    port = free_port()
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "festival",
        "serve",
        "--port",
        str(port),
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:

        async def all_sent() -> bool:
            sent = await OutboxMessage.filter(status=MailStatus.SENT).count()
            return sent >= MAILS and await jobqueue.backlog() == 0

        await _until(all_sent, 180, "not every mail was sent after the restart")
        await asyncio.sleep(1.0)  # a duplicate would show up now
        job_process = _children(server.pid)
        assert len(job_process) == 1
    finally:
        server.terminate()
        await asyncio.wait_for(server.wait(), timeout=30)
        log.close()

    async def job_process_gone() -> bool:
        return not os.path.exists(f"/proc/{job_process[0]}")  # noqa: ASYNC240

    # uvicorn ends the server by re-raising SIGTERM: the job process notices and stops too.
    await _until(job_process_gone, 30, "the job process outlived the server")

    messages = await OutboxMessage.all().values_list("to", "status")
    assert Counter(to for to, _status in messages) == Counter(contacts)
    assert {status for _to, status in messages} == {MailStatus.SENT}
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == MAILS
