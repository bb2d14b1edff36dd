"""Access requests: an attendee's check-ins (kept on erasure: they hold ids, not names)."""

from __future__ import annotations

from typing import Any

from festival.checkin.models import Checkin


async def personal_data(attendee_ids: list[int]) -> dict[str, Any]:
    rows = (
        await Checkin.filter(attendee_id__in=attendee_ids)
        .order_by("scanned_at", "id")
        .values(
            "id",
            "attendee_id",
            "event_id",
            "checkpoint",
            "session_id",
            "result",
            "scanned_at",
            "undone_at",
        )
    )
    return {"checkins": rows}
