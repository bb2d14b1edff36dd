"""Background jobs: `enqueue(name, **ids)` runs through arq on Redis when FESTIVAL_REDIS_URL is
set; without Redis a serving process writes the job to the database queue (festival.jobqueue),
which the job process (`festival worker`, started by `festival serve`) runs with `work_queue`,
so no web process renders a PDF or sends a mail; short commands and the tests run jobs in their
own process as asyncio tasks. Same job functions every way: each area's `jobs.py`, assembled by
workers/jobs.py and handed to `start()` by the app, the CLI or the worker.

Jobs are enqueued after the service's transaction has closed, so a rollback sends nothing.
A job that fails on its last try is stored as a FailedJob that organisers see and can retry.
This module imports no area and never `workers`: the registry comes in at start-up.
"""

from __future__ import annotations

import asyncio
import logging
import os
import traceback
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from tortoise import fields
from tortoise.models import Model

from festival import clock, jobqueue, metrics
from festival.settings import Settings

log = logging.getLogger("festival.jobs")

JobFunction = Callable[..., Awaitable[Any]]
Registry = Mapping[str, JobFunction]  # job name -> the wrapped job function
Periodic = Iterable[tuple[str, float, float]]  # (job name, first run after s, then every s)
MAX_TRIES = 5
RETRY_DELAYS = (5, 30, 120, 600)  # seconds between tries: back-off


class FailedJob(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=80)
    kwargs: Any = fields.JSONField(default=dict)
    error = fields.TextField()
    tries = fields.IntField(default=0)
    failed_at = fields.DatetimeField()
    retried_at = fields.DatetimeField(null=True)
    event_id = fields.IntField(null=True, db_index=True)

    class Meta:
        table = "failed_job"
        ordering = ["-failed_at"]

    def __str__(self) -> str:
        return f"{self.name}({self.kwargs})"

    @property
    def summary(self) -> str:
        """The last line of the error (the exception itself, below the traceback)."""
        lines = self.error.strip().splitlines()
        return lines[-1] if lines else ""


class Retry(Exception):
    """Raised by a job that wants to run again later (in-process runner's version of arq.Retry)."""

    def __init__(self, defer: float) -> None:
        super().__init__(f"retry in {defer}s")
        self.defer = defer


def retry_delay(job_try: int) -> float:
    return RETRY_DELAYS[min(job_try - 1, len(RETRY_DELAYS) - 1)]


def is_last_try(ctx: dict[str, Any]) -> bool:
    """True when a failure now is final (the job wrapper will store a FailedJob)."""
    return int(ctx.get("job_try", 1)) >= int(ctx.get("max_tries", MAX_TRIES))


async def record_failure(
    name: str, kwargs: dict[str, Any], error: BaseException, tries: int
) -> None:
    text = "".join(traceback.format_exception(error))[-4000:]
    event_id = kwargs.get("event_id") if isinstance(kwargs.get("event_id"), int) else None
    await FailedJob.create(
        name=name, kwargs=kwargs, error=text, tries=tries, failed_at=clock.now(), event_id=event_id
    )
    log.error("job %s%s failed after %d tries: %s", name, kwargs, tries, error)


def job(func: JobFunction) -> JobFunction:
    """Wrap a job: retry with back-off on error, store a FailedJob after the last try."""

    async def wrapper(ctx: dict[str, Any], **kwargs: Any) -> Any:
        job_try = int(ctx.get("job_try", 1))
        try:
            return await func(ctx, **kwargs)
        except Exception as error:
            if job_try < ctx.get("max_tries", MAX_TRIES):
                raise ctx.get("retry_class", Retry)(
                    defer=ctx.get("retry_delay", retry_delay)(job_try)
                ) from error
            await record_failure(func.__name__, kwargs, error, job_try)
            return None

    wrapper.__name__ = func.__name__
    wrapper.__qualname__ = func.__qualname__
    wrapper.__doc__ = func.__doc__
    return wrapper


def settings_of(ctx: dict[str, Any]) -> Settings:
    """The Settings a job runs with (the runner's or the worker's ctx)."""
    settings = ctx["settings"]
    assert isinstance(settings, Settings)
    return settings


@job
async def noop(ctx: dict[str, Any], **kwargs: Any) -> None:
    """Does nothing; used by `festival worker --check` and the tests of the job runner."""


class InProcessRunner:
    """Runs jobs as tasks of this process: the embedded default, and the SQLite test runs."""

    def __init__(
        self,
        ctx: dict[str, Any],
        *,
        functions: Registry,
        delays: Callable[[int], float] = retry_delay,
    ) -> None:
        self.ctx = ctx
        self.functions = functions
        self.delays = delays
        self.tasks: set[asyncio.Task[Any]] = set()
        self.queued_ids: set[str] = set()
        self.periodic: set[asyncio.Task[None]] = set()

    def every(self, name: str, *, first_after: float, interval: float) -> None:
        """Queue job `name` `first_after` seconds from now, then every `interval` seconds,
        until the runner closes (the embedded default's stand-in for arq cron)."""

        async def schedule() -> None:
            await asyncio.sleep(first_after)
            while True:
                await self.enqueue(name, name, None, {})
                await asyncio.sleep(interval)

        self.periodic.add(asyncio.create_task(schedule()))

    async def enqueue(
        self, name: str, job_id: str | None, defer: float | None, kwargs: dict[str, Any]
    ) -> None:
        if job_id is not None:
            if job_id in self.queued_ids:
                return
            self.queued_ids.add(job_id)
        task = asyncio.create_task(self._run(name, job_id, defer, kwargs))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _run(
        self, name: str, job_id: str | None, defer: float | None, kwargs: dict[str, Any]
    ) -> None:
        if defer:
            await asyncio.sleep(defer)
        func = self.functions[name]
        try:
            for job_try in range(1, MAX_TRIES + 1):
                ctx = {**self.ctx, "job_try": job_try, "retry_delay": self.delays}
                try:
                    await func(ctx, **kwargs)
                    return
                except Retry as retry:
                    await asyncio.sleep(retry.defer)
        except Exception:
            log.exception("job %s crashed", name)
        finally:
            if job_id is not None:
                self.queued_ids.discard(job_id)

    async def drain(self) -> None:
        """Wait until every queued job (and the jobs they queue) has finished."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)

    async def close(self) -> None:
        for task in self.periodic:
            task.cancel()
        await asyncio.gather(*self.periodic, return_exceptions=True)
        await self.drain()


class ArqRunner:
    """Hands jobs to Redis; `festival worker` processes run them."""

    def __init__(self, pool: Any) -> None:
        self.pool = pool

    async def enqueue(
        self, name: str, job_id: str | None, defer: float | None, kwargs: dict[str, Any]
    ) -> None:
        await self.pool.enqueue_job(name, _job_id=job_id, _defer_by=defer, **kwargs)

    async def drain(self) -> None:
        return None

    async def close(self) -> None:
        await self.pool.aclose()


class QueueRunner:
    """Writes jobs to the database queue; the job process runs them (the embedded default)."""

    def __init__(self) -> None:
        # Set on each push: the job process's QueueWorker claims at once the jobs that its own
        # jobs queue (a confirmation's mails), instead of at its next poll.
        self.pushed = asyncio.Event()

    async def enqueue(
        self, name: str, job_id: str | None, defer: float | None, kwargs: dict[str, Any]
    ) -> None:
        await jobqueue.push(name, kwargs, key=job_id, defer=defer)
        self.pushed.set()

    async def drain(self) -> None:
        return None

    async def close(self) -> None:
        return None


AnyRunner = InProcessRunner | ArqRunner | QueueRunner
_runner: AnyRunner | None = None


async def start(
    ctx: dict[str, Any], redis_url: str | None, *, functions: Registry, queue: str = "process"
) -> AnyRunner:
    """Choose the runner for this process: arq when a Redis URL is set; else the database queue
    when `queue` is "database" (a serving process and the job process); else in-process, which
    runs the jobs named in `functions` (the arq worker has its own copy of the registry)."""
    global _runner
    if redis_url:
        from arq import create_pool
        from arq.connections import RedisSettings

        _runner = ArqRunner(await create_pool(RedisSettings.from_dsn(redis_url)))
    elif queue == "database":
        _runner = QueueRunner()
    else:
        # ctx["retry_delay"] (seconds per try) lets tests retry without waiting.
        _runner = InProcessRunner(
            ctx, functions=functions, delays=ctx.get("retry_delay", retry_delay)
        )
    return _runner


def start_periodic(periodic: Periodic) -> None:
    """In a serving process without Redis, run the periodic sweeps that arq cron runs in
    `festival worker` (the app passes workers/settings.py IN_PROCESS_PERIODIC). Nothing to do
    with arq."""
    if isinstance(_runner, InProcessRunner):
        for name, first_after, interval in periodic:
            _runner.every(name, first_after=first_after, interval=interval)


async def stop() -> None:
    global _runner
    if _runner is not None:
        await _runner.close()
    _runner = None


def runner() -> AnyRunner:
    if _runner is None:
        raise RuntimeError("jobs.start() has not been called in this process")
    return _runner


async def enqueue(
    name: str, *, _job_id: str | None = None, _defer: float | None = None, **kwargs: Any
) -> None:
    """Queue job `name` with simple keyword values (ids). Call after the transaction commits."""
    await runner().enqueue(name, _job_id, _defer, kwargs)
    metrics.JOBS_QUEUED.labels(name).inc()


async def backlog() -> int | None:
    """Jobs waiting or running in this process's queue: the database queue's rows, arq's queue
    on Redis; None for the in-process runner (nothing waits outside this process)."""
    current = runner()
    if isinstance(current, ArqRunner):
        return int(await current.pool.zcard(current.pool.default_queue_name))
    if isinstance(current, QueueRunner):
        return await jobqueue.backlog()
    return None


async def failed_count() -> int:
    """Jobs that failed on their last try and were not retried."""
    return await FailedJob.filter(retried_at__isnull=True).count()


async def failed_jobs(
    *, event_id: int | None = None, include_retried: bool = False
) -> list[FailedJob]:
    query = FailedJob.all()
    if event_id is not None:
        query = query.filter(event_id=event_id)
    if not include_retried:
        query = query.filter(retried_at__isnull=True)
    return await query.limit(200)


async def retry_failed(failed_id: int) -> FailedJob | None:
    """Queue a failed job again and mark it retried; None when it does not exist."""
    failed = await FailedJob.get_or_none(id=failed_id, retried_at__isnull=True)
    if failed is None:
        return None
    failed.retried_at = clock.now()
    await failed.save(update_fields=["retried_at"])
    await enqueue(failed.name, **failed.kwargs)
    return failed


async def forget_failed(changes: dict[int, Any]) -> None:
    """Replace the kwargs of failed jobs (retention blanks personal data); call it inside the
    caller's transaction. `changes` maps a failed job id to its new kwargs."""
    for failed_id, kwargs in changes.items():
        await FailedJob.filter(id=failed_id).update(kwargs=kwargs)


# ---------------------------------------------------------------- the job process


class QueueWorker:
    """Runs the database queue in the job process: claims due jobs (up to `concurrency` at a
    time), runs each with the same retries as the other runners, renews the leases of running
    jobs, and queues the periodic sweeps (arq cron's stand-in). `stop()` ends it after the
    running jobs; a killed process leaves its jobs to the next one (see jobqueue)."""

    def __init__(
        self,
        ctx: dict[str, Any],
        *,
        functions: Registry,
        concurrency: int = 4,
        poll: float = 0.2,
        delays: Callable[[int], float] = retry_delay,
    ) -> None:
        self.ctx = ctx
        self.functions = functions
        self.concurrency = concurrency
        self.poll = poll
        self.delays = delays
        self.name = f"{os.getpid()}-{id(self) % 100000}"
        self.running: dict[int, asyncio.Task[None]] = {}
        self.stopping = asyncio.Event()
        self.freed = asyncio.Event()  # a running job ended: claim again at once, not next poll
        self.ran = 0

    def stop(self) -> None:
        self.stopping.set()

    async def run(
        self, *, periodic: Periodic = (), take_over: bool = False, until_empty: bool = False
    ) -> None:
        """Work until stop() (or, `until_empty`, until no job is due and none runs)."""
        if take_over:
            held = await jobqueue.take_over()
            if held:
                log.warning("job process: %d jobs of a stopped job process run again", held)
        sweeps = [asyncio.create_task(self._every(*p)) for p in periodic]
        renewing = asyncio.create_task(self._renew())
        try:
            while not self.stopping.is_set():
                free = self.concurrency - len(self.running)
                claimed = await jobqueue.claim(self.name, limit=free) if free else []
                for job in claimed:
                    task = asyncio.create_task(self._run(job))
                    self.running[job.id] = task
                    task.add_done_callback(self._forget(job.id))
                # (nothing runs now, so nothing can queue a retry while we look)
                if until_empty and not claimed and not self.running and not await jobqueue.due():
                    break
                if not claimed:
                    await self._pause()
        finally:
            for task in [*sweeps, renewing]:
                task.cancel()
            await asyncio.gather(*sweeps, renewing, return_exceptions=True)
            await asyncio.gather(*self.running.values(), return_exceptions=True)

    def _forget(self, job_id: int) -> Callable[[asyncio.Task[None]], None]:
        def forget(_task: asyncio.Task[None]) -> None:
            self.running.pop(job_id, None)
            self.freed.set()

        return forget

    async def _pause(self) -> None:
        """Until the next poll, a stop, or: when every slot is taken, a job's end; else a job
        queued by this process. A busy queue is claimed from as soon as a slot is free and a
        job's follow-up jobs at once, not up to `poll` later."""
        self.freed.clear()
        waits = [asyncio.ensure_future(self.stopping.wait())]
        if len(self.running) >= self.concurrency:  # (no await since the clear: none missed)
            waits.append(asyncio.ensure_future(self.freed.wait()))
        elif isinstance(_runner, QueueRunner):
            _runner.pushed.clear()
            waits.append(asyncio.ensure_future(_runner.pushed.wait()))
        try:
            await asyncio.wait(waits, timeout=self.poll, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()

    async def _every(self, name: str, first_after: float, interval: float) -> None:
        await asyncio.sleep(first_after)
        while True:
            await jobqueue.push(name, {}, key=name)
            await asyncio.sleep(interval)

    async def _renew(self) -> None:
        while True:
            await asyncio.sleep(jobqueue.LEASE_SECONDS / 3)
            try:
                await jobqueue.renew(list(self.running), self.name)
            except Exception:
                log.exception("job process: renewing leases failed")

    async def _run(self, job: jobqueue.Claimed) -> None:
        func = self.functions.get(job.name)
        try:
            if func is None or job.tries > MAX_TRIES:
                # An unknown name, or a job whose process died under it on every try.
                reason = "unknown job" if func is None else "the job process stopped while it ran"
                await record_failure(job.name, job.kwargs, RuntimeError(reason), job.tries - 1)
            else:
                ctx = {**self.ctx, "job_try": job.tries, "retry_delay": self.delays}
                try:
                    await func(ctx, **job.kwargs)
                except Retry as retry:
                    await jobqueue.later(job.id, self.name, defer=retry.defer)
                    return
            await jobqueue.finish(job.id, self.name)
            self.ran += 1
        except Exception:
            log.exception("job %s crashed", job.name)
            await jobqueue.later(job.id, self.name, defer=self.delays(max(job.tries, 1)))
