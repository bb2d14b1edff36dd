"""Mail's job: send one outbox message."""

from __future__ import annotations

from typing import Any

from festival import jobs
from festival.mail import services as mail


@jobs.job
async def send_mail(ctx: dict[str, Any], message_id: int, event_id: int | None = None) -> None:
    """Send one outbox message (skipped when gone or already sent). `event_id` only links a
    failure to its event, so the event's organisers see it."""
    await mail.deliver(message_id, settings=jobs.settings_of(ctx), last_try=jobs.is_last_try(ctx))


JOBS: list[jobs.JobFunction] = [send_mail]
