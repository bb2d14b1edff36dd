"""Who an organiser's message or the day-before reminder reaches: the active attendees of active
registrations, narrowed to a session, a ticket type, a waiting list or an access need, one entry
per e-mail address with the manage codes of their registrations. Cancelled people never count."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from festival.registration.models import (
    ACTIVE_REGISTRATION,
    Attendee,
    AttendeeStatus,
    Booking,
    BookingStatus,
    Registration,
)
from festival.registration.queries.bookings import bookings_for

SEAT_HOLDING = (BookingStatus.CONFIRMED, BookingStatus.OFFERED)


@dataclass
class Recipient:
    """One address: the first attendee's name there, their registration's language, and the
    codes of every registration of theirs in the group (for the manage links)."""

    email: str
    name: str
    language: str
    codes: list[str] = field(default_factory=list)


async def _booked(event_id: int, session_id: int, statuses: tuple[BookingStatus, ...]) -> set[int]:
    rows: list[int] = await Booking.filter(
        event_id=event_id, session_id=session_id, status__in=list(statuses)
    ).values_list("attendee_id", flat=True)  # type: ignore[assignment]
    return set(rows)


async def recipients(
    event_id: int,
    *,
    session_id: int | None = None,
    ticket_type_id: int | None = None,
    waiting_session_id: int | None = None,
    access_need: str | None = None,
) -> list[Recipient]:
    """The addresses a message to this group reaches, in registration order; no filter: all."""
    query = Registration.filter(event_id=event_id, status__in=list(ACTIVE_REGISTRATION))
    if ticket_type_id is not None:
        query = query.filter(ticket_type_id=ticket_type_id)
    registrations = {
        int(r[0]): (str(r[1]), str(r[2])) for r in await query.values_list("id", "code", "language")
    }
    people = Attendee.filter(
        registration_id__in=sorted(registrations) or [0],
        status=AttendeeStatus.ACTIVE,
        anonymised_at__isnull=True,
    )
    if session_id is not None:
        people = people.filter(id__in=sorted(await _booked(event_id, session_id, SEAT_HOLDING)))
    if waiting_session_id is not None:
        waiting = await _booked(event_id, waiting_session_id, (BookingStatus.WAITLISTED,))
        people = people.filter(id__in=sorted(waiting))
    rows = await people.order_by("registration_id", "position", "id").values_list(
        "registration_id", "name", "email", "access_needs"
    )
    found: dict[str, Recipient] = {}
    for registration_id, name, email, needs in rows:
        if access_need is not None and access_need not in (needs or []):
            continue
        code, language = registrations[int(registration_id)]
        key = str(email).strip().lower()
        entry = found.setdefault(key, Recipient(key, str(name), language))
        if code not in entry.codes:
            entry.codes.append(code)
    return list(found.values())


async def agendas_for_reminder(event_id: int) -> list[dict[str, Any]]:
    """Each active registration of the event with its contact, language and, per active
    attendee, the sessions they hold a seat in (time order): what the day-before reminder says."""
    registrations = await Registration.filter(
        event_id=event_id, status__in=list(ACTIVE_REGISTRATION)
    ).order_by("id")
    attendees = await Attendee.filter(
        registration_id__in=[r.id for r in registrations] or [0],
        status=AttendeeStatus.ACTIVE,
        anonymised_at__isnull=True,
    ).order_by("registration_id", "position", "id")
    bookings = await bookings_for([a.id for a in attendees])
    per_registration: dict[int, list[dict[str, Any]]] = {}
    for attendee in attendees:
        sessions = [b for b in bookings.get(attendee.id, []) if b["status"] in SEAT_HOLDING]
        per_registration.setdefault(attendee.registration_id, []).append(
            {"name": attendee.name, "sessions": sessions}
        )
    return [
        {
            "registration_id": r.id,
            "code": r.code,
            "language": r.language,
            "contact_name": r.contact_name,
            "contact_email": r.contact_email,
            "attendees": per_registration[r.id],
        }
        for r in registrations
        if r.id in per_registration
    ]
