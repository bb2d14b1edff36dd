"""Who was there: live check-ins per place, for the feedback area's invitations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from festival.checkin.models import ENTRANCE, Checkin, ScanResult


@dataclass(frozen=True)
class Presence:
    entrance: set[int] = field(default_factory=set)  # attendees checked in at the entrance
    sessions: dict[int, set[int]] = field(default_factory=dict)  # session -> checked in at door
    scanned_sessions: set[int] = field(default_factory=set)  # sessions with any door scan


async def presence(event_id: int, *, attendee_id: int | None = None) -> Presence:
    """Live check-ins of the event (of one attendee, or everyone), and which sessions had a
    door scan at all (for anyone)."""
    query = Checkin.filter(event_id=event_id, live_key__isnull=False)
    if attendee_id is not None:
        query = query.filter(attendee_id=attendee_id)
    entrance: set[int] = set()
    sessions: dict[int, set[int]] = defaultdict(set)
    for who, checkpoint, session_id in await query.values_list(
        "attendee_id", "checkpoint", "session_id"
    ):
        if who is None:
            continue
        if checkpoint == ENTRANCE:
            entrance.add(who)
        elif session_id is not None:
            sessions[session_id].add(who)
    scanned = await (
        Checkin.filter(event_id=event_id, session_id__isnull=False, result=ScanResult.OK)
        .order_by("session_id")  # PostgreSQL: DISTINCT sorts only by what it selects
        .distinct()
        .values_list("session_id", flat=True)
    )
    return Presence(entrance, dict(sessions), {int(s) for s in scanned})  # type: ignore[call-overload]
