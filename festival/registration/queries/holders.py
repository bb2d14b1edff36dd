"""Attendees as other areas show them: ticket holders (tickets) and attendee cards, search and
counts (check-in)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tortoise.expressions import Q

from festival.registration.models import (
    Attendee,
    AttendeeStatus,
    Booking,
    BookingStatus,
    Registration,
)
from festival.registration.queries.bookings import bookings_for

# ----------------------------------------------- for the tickets area (added by the tickets helper)


async def ticket_holders(
    *,
    registration_id: int | None = None,
    event_id: int | None = None,
    attendee_ids: list[int] | None = None,
    details: bool = False,
) -> list[dict[str, Any]]:
    """Attendees as tickets show them: id, registration_id, registration_code, event_id, name,
    organisation, status, language, registration_status, confirmed `session_ids`; with
    `details` also `sessions` (session_id, title, title_en, starts_at, ends_at, room), in time
    order."""
    query = Attendee.all()
    if registration_id is not None:
        query = query.filter(registration_id=registration_id)
    if event_id is not None:
        query = query.filter(event_id=event_id)
    if attendee_ids is not None:
        query = query.filter(id__in=attendee_ids)
    rows = await query.order_by("registration_id", "position", "id").values(
        "id",
        "registration_id",
        "event_id",
        "name",
        "organisation",
        "status",
        "registration__language",
        "registration__code",
        "registration__status",
    )
    booked: dict[int, list[int]] = defaultdict(list)
    bookings = Booking.filter(status=BookingStatus.CONFIRMED)
    if event_id is not None and registration_id is None and attendee_ids is None:
        bookings = bookings.filter(event_id=event_id)
    else:
        bookings = bookings.filter(attendee_id__in=[r["id"] for r in rows])
    pairs = await bookings.order_by("id").values_list("attendee_id", "session_id")
    for attendee_id, session_id in pairs:
        booked[attendee_id].append(session_id)
    sessions = await bookings_for([r["id"] for r in rows]) if details else {}
    keys = ("session_id", "title", "title_en", "starts_at", "ends_at", "room")
    out = []
    for r in rows:
        holder = {
            "id": r["id"],
            "registration_id": r["registration_id"],
            "registration_code": r["registration__code"],
            "event_id": r["event_id"],
            "name": r["name"],
            "organisation": r["organisation"],
            "status": str(r["status"]),
            "language": r["registration__language"],
            "registration_status": str(r["registration__status"]),
            "session_ids": booked[r["id"]],
        }
        if details:
            holder["sessions"] = [
                {k: s[k] for k in keys}
                for s in sessions.get(r["id"], [])
                if s["status"] == BookingStatus.CONFIRMED
            ]
        out.append(holder)
    return out


# ---------------------------------------------- for the check-in area (added by the checkin helper)


async def booked_session_ids(attendee_id: int) -> set[int]:
    """The sessions the attendee holds a confirmed seat in."""
    rows = await Booking.filter(
        attendee_id=attendee_id, status=BookingStatus.CONFIRMED
    ).values_list("session_id", flat=True)
    return {int(row) for row in rows}  # type: ignore[call-overload]


def _card(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "email": row["email"],
        "organisation": row["organisation"],
        "role": str(row["role"]),
        "status": str(row["status"]),
        "event_id": row["event_id"],
        "registration_id": row["registration_id"],
        "registration_code": row["registration__code"],
    }


_CARD_FIELDS = (
    "id",
    "name",
    "email",
    "organisation",
    "role",
    "status",
    "event_id",
    "registration_id",
    "registration__code",
)


async def attendee_card(attendee_id: int) -> dict[str, Any] | None:
    """Who the attendee is, as a scanner or badge shows them (one query); None when gone."""
    rows = await Attendee.filter(id=attendee_id).values(*_CARD_FIELDS)
    return _card(rows[0]) if rows else None


async def attendee_cards(
    event_id: int, *, attendee_ids: list[int] | None = None, active_only: bool = True
) -> list[dict[str, Any]]:
    """Attendee cards of the event (all, or these ids), by name."""
    query = Attendee.filter(event_id=event_id)
    if attendee_ids is not None:
        query = query.filter(id__in=attendee_ids or [0])
    if active_only:
        query = query.filter(status=AttendeeStatus.ACTIVE)
    rows = await query.values(*_CARD_FIELDS)
    return sorted((_card(r) for r in rows), key=lambda c: (c["name"].lower(), c["id"]))


async def search_attendees(event_id: int, text: str, *, limit: int = 25) -> list[dict[str, Any]]:
    """Attendees whose name, e-mail or organisation contains `text`, or whose registration code
    is `text` (desk search: finds people who lost their ticket)."""
    term = text.strip()
    if len(term) < 2:
        return []
    codes = await Registration.filter(event_id=event_id, code__iexact=term).values_list(
        "id", flat=True
    )
    rows = (
        await Attendee.filter(
            Q(name__icontains=term)
            | Q(email__icontains=term)
            | Q(organisation__icontains=term)
            | Q(registration_id__in=list(codes) or [0]),
            event_id=event_id,
        )
        .order_by("name", "id")
        .limit(limit)
        .values(*_CARD_FIELDS)
    )
    return [_card(r) for r in rows]


async def attendee_counts(event_id: int) -> dict[str, int]:
    """Active and cancelled attendees of the event."""
    active = await Attendee.filter(event_id=event_id, status=AttendeeStatus.ACTIVE).count()
    cancelled = await Attendee.filter(event_id=event_id, status=AttendeeStatus.CANCELLED).count()
    return {"active": active, "cancelled": cancelled}


async def confirmed_attendees_by_session(event_id: int) -> dict[int, set[int]]:
    """Session id -> attendee ids with a confirmed seat (for no-shows per workshop)."""
    out: dict[int, set[int]] = defaultdict(set)
    for session_id, attendee_id in await Booking.filter(
        event_id=event_id, status=BookingStatus.CONFIRMED
    ).values_list("session_id", "attendee_id"):
        out[session_id].add(attendee_id)
    return out
