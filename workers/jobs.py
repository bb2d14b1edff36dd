"""The job registry: every area's job functions (each area's `jobs.py`) by name. The app, the
CLI and the worker hand it to festival.jobs at start-up; job names are stored in FailedJob rows
and queued in Redis, so they never change."""

from __future__ import annotations

from festival import jobs
from festival.archive import jobs as archive_jobs
from festival.checkin import jobs as checkin_jobs
from festival.evaluation import jobs as evaluation_jobs
from festival.feedback import jobs as feedback_jobs
from festival.invoicing import jobs as invoicing_jobs
from festival.jobs import JobFunction
from festival.mail import jobs as mail_jobs
from festival.messages import jobs as messages_jobs
from festival.payments import jobs as payments_jobs
from festival.privacy import jobs as privacy_jobs
from festival.registration import jobs as registration_jobs
from festival.tickets import jobs as tickets_jobs

JOBS: dict[str, JobFunction] = {
    func.__name__: func
    for func in [
        jobs.noop,
        *mail_jobs.JOBS,
        *registration_jobs.JOBS,
        *tickets_jobs.JOBS,
        *checkin_jobs.JOBS,
        *archive_jobs.JOBS,
        *feedback_jobs.JOBS,
        *evaluation_jobs.JOBS,
        *payments_jobs.JOBS,
        *invoicing_jobs.JOBS,
        *messages_jobs.JOBS,
        *privacy_jobs.JOBS,
    ]
}


def register(func: JobFunction) -> JobFunction:
    """Add a job function to the registry (the tests of the job runner add their own)."""
    wrapped = jobs.job(func)
    JOBS[func.__name__] = wrapped
    return wrapped
