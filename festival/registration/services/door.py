"""Booking at the door: a seat for someone scanned at a session they did not book, only if one
is free (nobody joins the waiting list at the door)."""

from __future__ import annotations

from festival import audit, clock
from festival.audit import Actor
from festival.registration.models import Booking, BookingStatus
from festival.registration.services import seats


async def book_at_door(
    attendee_id: int, *, session_id: int, event_id: int, actor: Actor
) -> Booking | None:
    """A confirmed booking if a seat is free, inside the caller's transaction; None when the
    session is full. The guarded update takes the seat once and keeps its row locked. Audits
    `booking.admitted_at_door`. Raises IntegrityError when the attendee already has a live
    booking of the session (the unique key refuses a second row)."""
    info = (await seats.session_infos([session_id]))[session_id]
    await seats.ensure_seat_rows([info])
    if not await seats.take_seat(info.id):
        return None
    booking = await _confirm(attendee_id, session_id=info.id, event_id=info.event_id)
    await audit.record(
        actor,
        "booking.admitted_at_door",
        booking,
        event_id=event_id,
        session_id=info.id,
        attendee_id=attendee_id,
    )
    return booking


async def _confirm(attendee_id: int, *, session_id: int, event_id: int) -> Booking:
    """The attendee's confirmed booking for a seat already taken: an earlier cancelled booking of
    the session is reused (one row per attendee and session), as booking online does."""
    now = clock.now()
    cancelled = await Booking.get_or_none(
        attendee_id=attendee_id, session_id=session_id, status=BookingStatus.CANCELLED
    )
    if cancelled is not None:
        reused = await Booking.filter(id=cancelled.id, status=BookingStatus.CANCELLED).update(
            status=BookingStatus.CONFIRMED, updated_at=now
        )
        if reused == 1:
            cancelled.status, cancelled.updated_at = BookingStatus.CONFIRMED, now
            return cancelled
    return await Booking.create(
        attendee_id=attendee_id,
        session_id=session_id,
        event_id=event_id,
        created_at=now,
        updated_at=now,
        status=BookingStatus.CONFIRMED,
    )
