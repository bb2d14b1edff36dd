"""Live attendance for organisers: arrivals over time, checked in vs registered, occupancy per
session vs capacity, and no-shows per workshop (the feedback loop reads these too)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any

from festival import clock
from festival.checkin.models import ENTRANCE, Checkin, ScanConflict
from festival.events.models import Event
from festival.programme.queries import UNLIMITED, session_infos
from festival.registration import queries as registration_queries

BUCKET_MINUTES = 15
CHART_WIDTH, CHART_HEIGHT = 600, 200


def _bucket(at: datetime, tz: str) -> datetime:
    local = clock.to_local(at, tz)
    return local.replace(
        minute=local.minute - local.minute % BUCKET_MINUTES, second=0, microsecond=0
    )


def arrivals_chart(buckets: list[tuple[str, int]]) -> dict[str, Any]:
    """Bars (x, y, width, height) of an SVG bar chart, scaled to the busiest bucket."""
    if not buckets:
        return {"bars": [], "width": CHART_WIDTH, "height": CHART_HEIGHT, "max": 0}
    top = max(count for _label, count in buckets) or 1
    step = CHART_WIDTH / len(buckets)
    bars = []
    for index, (label, count) in enumerate(buckets):
        height = round((CHART_HEIGHT - 20) * count / top, 1)
        bars.append(
            {
                "label": label,
                "count": count,
                "x": round(index * step + 2, 1),
                "width": round(step - 4, 1),
                "y": round(CHART_HEIGHT - 20 - height, 1),
                "height": height,
                "show_label": len(buckets) <= 12 or index % max(len(buckets) // 8, 1) == 0,
            }
        )
    return {"bars": bars, "width": CHART_WIDTH, "height": CHART_HEIGHT, "max": top}


async def attendance(event: Event) -> dict[str, Any]:
    """Everything the live dashboard shows, fully loaded."""
    live = await Checkin.filter(event_id=event.id, live_key__isnull=False).values_list(
        "attendee_id", "checkpoint", "scanned_at"
    )
    counts = await registration_queries.attendee_counts(event.id)
    entered = [(a, at) for a, checkpoint, at in live if checkpoint == ENTRANCE]
    per_bucket: Counter[datetime] = Counter(_bucket(at, event.timezone) for _a, at in entered)
    buckets: list[tuple[str, int]] = []
    if per_bucket:
        moment, last = min(per_bucket), max(per_bucket)
        while moment <= last:
            buckets.append((moment.strftime("%H:%M"), per_bucket.get(moment, 0)))
            moment += timedelta(minutes=BUCKET_MINUTES)
    in_session: dict[int, set[int]] = defaultdict(set)
    for attendee_id, checkpoint, _at in live:
        if checkpoint != ENTRANCE and checkpoint.isascii() and checkpoint.isdigit():
            in_session[int(checkpoint)].add(attendee_id)
    booked = await registration_queries.confirmed_attendees_by_session(event.id)
    now = clock.now()
    sessions = []
    for info in sorted(
        (await session_infos(event_id=event.id)).values(),
        key=lambda i: (i.starts_at or event.starts_at, i.title),
    ):
        if info.state == "cancelled":
            continue
        present = len(in_session[info.id])
        capacity = None if info.capacity >= UNLIMITED else info.capacity
        started = info.starts_at is not None and info.starts_at <= now
        sessions.append(
            {
                "id": info.id,
                "title": info.title,
                "room": info.room,
                "starts_at": info.starts_at,
                "present": present,
                "capacity": capacity,
                "booked": len(booked[info.id]),
                "percent": round(100 * present / capacity) if capacity else None,
                "no_shows": len(booked[info.id] - in_session[info.id])
                if started and info.requires_registration
                else None,
            }
        )
    return {
        "registered": counts["active"],
        "checked_in": len({a for a, _at in entered}),
        "percent": round(100 * len(entered) / counts["active"]) if counts["active"] else 0,
        "chart": arrivals_chart(buckets),
        "buckets": buckets,
        "sessions": sessions,
        "conflicts": await ScanConflict.filter(event_id=event.id).count(),
        "updated_at": now,
    }
