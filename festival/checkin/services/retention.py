"""What check-in gives up when an event's retention period has passed. Check-in sits above
registration (it books at the door), so it hands its part to registration's retention sweep."""

from __future__ import annotations

from festival.checkin.models import BadgeBatch
from festival.registration import services as registration


async def badge_batch_ids(event_id: int) -> list[int]:
    """The event's badge batches (their PDF prints every name)."""
    return list(await BadgeBatch.filter(event_id=event_id).values_list("id", flat=True))  # type: ignore[arg-type]


async def delete_badge_batches(batch_ids: list[int]) -> int:
    """Delete badge batches (their PDF prints every name), inside the caller's transaction;
    returns how many went. A new batch can be made."""
    return await BadgeBatch.filter(id__in=batch_ids).delete()


registration.forget_badge_batches_with(badge_batch_ids, delete_badge_batches)
