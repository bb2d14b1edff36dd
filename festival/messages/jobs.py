"""Messages' jobs: hand a message to the outbox, the day-before reminders sweep."""

from __future__ import annotations

from typing import Any

from festival import jobs
from festival.messages import services


@jobs.job
async def send_message(ctx: dict[str, Any], message_id: int) -> None:
    """Mail an organiser's message to its group (idempotent); runs again while addresses wait."""
    settings = jobs.settings_of(ctx)
    remaining = await services.fan_out(
        message_id, base_url=settings.base_url, secret_key=settings.secret_key
    )
    if remaining:
        await jobs.enqueue(
            "send_message", _job_id=f"send_message:{message_id}:{remaining}", message_id=message_id
        )


@jobs.job
async def sweep_reminders(ctx: dict[str, Any]) -> None:
    """The periodic sweep: reminders with the agenda, the day before each event that wants them."""
    settings = jobs.settings_of(ctx)
    await services.send_due_reminders(base_url=settings.base_url, secret_key=settings.secret_key)


JOBS: list[jobs.JobFunction] = [send_message, sweep_reminders]
