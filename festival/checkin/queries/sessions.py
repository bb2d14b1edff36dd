"""Who was at each session, counted in the database: the feedback area's attendance figure."""

from __future__ import annotations

from collections import defaultdict

from tortoise.functions import Count

from festival.checkin.models import ENTRANCE, Checkin
from festival.registration import queries as registration_queries


async def session_attendance(event_id: int) -> dict[int, int]:
    """Session id -> people checked in to it: at its door, or, for a session nobody was scanned
    at, people who booked it and were scanned at the entrance. Two queries and one for bookings
    only when some session had no door scan."""
    at_door = dict(
        await Checkin.filter(event_id=event_id, live_key__isnull=False, session_id__isnull=False)
        .annotate(n=Count("id"))
        .group_by("session_id")
        .values_list("session_id", "n")
    )
    booked = await registration_queries.confirmed_attendees_by_session(event_id)
    undoored = [s for s in booked if s not in at_door]
    out: dict[int, int] = defaultdict(int, {int(s): int(n) for s, n in at_door.items()})
    if undoored:
        entered = set(
            await Checkin.filter(
                event_id=event_id, live_key__isnull=False, checkpoint=ENTRANCE
            ).values_list("attendee_id", flat=True)
        )
        for session_id in undoored:
            out[session_id] = len(booked[session_id] & entered)
    return dict(out)
