"""What check-in gives up when an event's retention period has passed."""

from __future__ import annotations

from festival.checkin.models import BadgeBatch


async def delete_badge_batches(batch_ids: list[int]) -> int:
    """Delete badge batches (their PDF prints every name), inside the caller's transaction;
    returns how many went. A new batch can be made."""
    return await BadgeBatch.filter(id__in=batch_ids).delete()
