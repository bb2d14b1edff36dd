"""Mail's job: send one outbox message."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from festival import jobs
from festival.mail import services as mail


@jobs.job
async def send_mail(ctx: dict[str, Any], message_id: int, event_id: int | None = None) -> None:
    """Send one outbox message (skipped when gone or already sent). `event_id` only links a
    failure to its event, so the event's organisers see it."""
    await mail.deliver(message_id, settings=jobs.settings_of(ctx), last_try=jobs.is_last_try(ctx))


@jobs.job
async def send_unsent_mail(
    ctx: dict[str, Any], older_than_seconds: float = 300, stopped_sender: bool = False
) -> None:
    """The periodic sweep: mails stored but not sent after `older_than_seconds` are queued
    again (their job was lost when a process stopped); `stopped_sender` from a job process
    that takes over from a stopped one."""
    await mail.send_unsent(
        older_than=timedelta(seconds=older_than_seconds), stopped_sender=stopped_sender
    )


JOBS: list[jobs.JobFunction] = [send_mail, send_unsent_mail]
