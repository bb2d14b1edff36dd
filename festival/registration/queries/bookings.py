"""Attendees' bookings with session details and places in line, shared by the other queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from festival.programme.queries import session_infos
from festival.registration.models import (
    ACTIVE_BOOKING,
    Booking,
    BookingStatus,
    WaitlistEntry,
    WaitlistState,
)


async def waiting_positions(session_ids: list[int]) -> dict[int, int]:
    """Booking id -> place in line (1 = next) for everyone waiting on these sessions."""
    rows = (
        await WaitlistEntry.filter(session_id__in=session_ids, state=WaitlistState.WAITING)
        .order_by("id")
        .values_list("session_id", "booking_id")
    )
    counter: dict[int, int] = defaultdict(int)
    positions = {}
    for session_id, booking_id in rows:
        counter[session_id] += 1
        positions[booking_id] = counter[session_id]
    return positions


async def bookings_for(
    attendee_ids: list[int], *, active_only: bool = True
) -> dict[int, list[dict[str, Any]]]:
    """Attendee id -> their bookings (active ones unless told otherwise) with session details,
    place in line and open offer, in time order."""
    query = Booking.filter(attendee_id__in=attendee_ids)
    if active_only:
        query = query.filter(status__in=list(ACTIVE_BOOKING))
    bookings = await query.order_by("id")
    infos = await session_infos(sorted({b.session_id for b in bookings}))
    positions = await waiting_positions(
        sorted({b.session_id for b in bookings if b.status == BookingStatus.WAITLISTED})
    )
    offers = {
        e.booking_id: e
        for e in await WaitlistEntry.filter(
            booking_id__in=[b.id for b in bookings if b.status == BookingStatus.OFFERED],
            state=WaitlistState.OFFERED,
        )
    }
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for b in bookings:
        info = infos[b.session_id]
        offer = offers.get(b.id)
        out[b.attendee_id].append(
            {
                "id": b.id,
                "session_id": b.session_id,
                "session_code": info.code,
                "title": info.title,
                "title_en": info.title_en,
                "starts_at": info.starts_at,
                "ends_at": info.ends_at,
                "room": info.room,
                "status": b.status.value,
                "waitlist_position": positions.get(b.id),
                "offer_entry_id": offer.id if offer else None,
                "offer_expires_at": offer.offer_expires_at if offer else None,
            }
        )
    for rows in out.values():
        rows.sort(key=lambda r: (r["starts_at"] or datetime.min, r["session_id"]))
    return out
