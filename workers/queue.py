"""The job process of the embedded default (`festival worker` without FESTIVAL_REDIS_URL, which
`festival serve` starts and restarts): runs the database queue with the same job functions and
periodic sweeps as the arq worker, until SIGTERM or SIGINT; running jobs finish first."""

from __future__ import annotations

import asyncio
import logging
import os
import signal

from festival import db, jobs
from festival.payments.stripe_double import demo_settings
from festival.settings import Settings
from workers.jobs import JOBS
from workers.schedule import IN_PROCESS_PERIODIC

log = logging.getLogger("festival.worker")


async def _stop_without_server(worker: jobs.QueueWorker, server_pid: int) -> None:
    """Stop when the server that started this process is gone (this process was re-parented)."""
    while os.getppid() == server_pid:  # noqa: ASYNC110 (no event tells a parent's end)
        await asyncio.sleep(1.0)
    log.warning("job process: the server (pid %s) is gone, stopping", server_pid)
    worker.stop()


async def work(settings: Settings, *, take_over: bool = False, concurrency: int = 4) -> int:
    """Run the queue until a stop signal. Returns how many jobs ran."""
    settings = demo_settings(settings)  # the demo's refunds reach its Stripe double too
    await db.init(settings.database_url)
    await jobs.start({"settings": settings}, None, functions=JOBS, queue="database")
    worker = jobs.QueueWorker({"settings": settings}, functions=JOBS, concurrency=concurrency)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, worker.stop)
    log.info("job process %s runs the database queue", worker.name)
    if take_over:
        # Mails its predecessor stored but had not queued yet go out now, not at the next sweep.
        await jobs.enqueue("send_unsent_mail", older_than_seconds=0, stopped_sender=True)
    server_pid = int(os.environ.get("FESTIVAL_SERVER_PID") or 0)
    watch = asyncio.create_task(_stop_without_server(worker, server_pid)) if server_pid else None
    try:
        await worker.run(periodic=IN_PROCESS_PERIODIC, take_over=take_over)
    finally:
        if watch is not None:
            watch.cancel()
        await jobs.stop()
        await db.close()
    return worker.ran
