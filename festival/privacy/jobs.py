"""Privacy's jobs: the daily retention sweep of feedback invitations and payment details."""

from __future__ import annotations

import logging
from typing import Any

from festival import jobs
from festival.privacy import services as privacy

log = logging.getLogger("festival.retention")


@jobs.job
async def sweep_privacy_retention(ctx: dict[str, Any]) -> None:
    """Daily: survey invitations of long-ended events and payment details past retention go."""
    done = await privacy.sweep_retention()
    if done.feedback_invitations or done.payments:
        log.info(
            "retention: %d feedback invitations, %d payments forgotten",
            done.feedback_invitations,
            done.payments,
        )


JOBS: list[jobs.JobFunction] = [sweep_privacy_retention]
