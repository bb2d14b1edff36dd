"""Who came in 2026: 300 attendees, their bookings, and their entrance and door check-ins."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta

from festival.checkin.models import ENTRANCE, Checkin, ScanResult
from festival.events.models import Event
from festival.feedback.demo_results.data import ATTENDEES, ROLES, SESSIONS, SLUG, SMALL_SESSIONS
from festival.feedback.demo_results.edition import demo_code
from festival.programme.models import Session
from festival.registration.models import (
    Attendee,
    Booking,
    BookingStatus,
    Registration,
    RegistrationStatus,
    TicketType,
)


async def make_attendance(
    old: Event, sessions: dict[str, Session], rng: random.Random
) -> dict[int, list[tuple[int, str]]]:
    """300 attendees, bookings, entrance and door check-ins. Session id -> [(attendee, role)]
    of those checked in at its door."""
    ticket = await TicketType.create(event=old, name="Dagkaart", sold=ATTENDEES)
    at = old.starts_at - timedelta(days=30)
    registration = await Registration.create(
        event=old,
        ticket_type=ticket,
        code=demo_code("reg", SLUG),
        status=RegistrationStatus.CONFIRMED,
        contact_name="Demo 2026",
        contact_email="demo-2026@example.nl",
        consent_at=at,
        created_at=at,
    )
    roles, weights = zip(*ROLES, strict=True)
    await Attendee.bulk_create(
        [
            Attendee(
                registration_id=registration.id,
                event_id=old.id,
                position=n,
                name=f"Deelnemer {n + 1}",
                email=f"deelnemer{n + 1}@demo-2026.example.nl",
                role=rng.choices(roles, weights)[0],
            )
            for n in range(ATTENDEES)
        ],
        batch_size=500,
    )
    people = await Attendee.filter(event_id=old.id).order_by("id").values_list("id", "role")
    by_slot: dict[datetime, list[Session]] = defaultdict(list)
    for session in sessions.values():
        if session.starts_at is not None:  # every 2026 session is placed
            by_slot[session.starts_at].append(session)
    turnout = {row[0]: row[8] for row in SESSIONS}
    bookings, checkins, present = [], [], defaultdict(list)
    for attendee_id, role in people:
        if rng.random() < 0.08:
            continue  # booked but stayed home
        entered = old.starts_at + timedelta(minutes=rng.randint(0, 60))
        checkins.append(checkin_row(old, attendee_id, ENTRANCE, None, entered))
        for start, options in sorted(by_slot.items()):
            choice = rng.choices(
                options, weights=[1 if s.title in SMALL_SESSIONS else 3 for s in options]
            )[0]
            if choice.requires_registration:
                bookings.append(
                    Booking(
                        attendee_id=attendee_id,
                        session_id=choice.id,
                        event_id=old.id,
                        status=BookingStatus.CONFIRMED,
                        created_at=at,
                        updated_at=at,
                    )
                )
            if rng.random() < turnout[choice.title]:
                checkins.append(
                    checkin_row(
                        old,
                        attendee_id,
                        str(choice.id),
                        choice.id,
                        start + timedelta(minutes=rng.randint(-10, 5)),
                    )
                )
                present[choice.id].append((attendee_id, str(role)))
    await Booking.bulk_create(bookings, batch_size=1000)
    await Checkin.bulk_create(checkins, batch_size=1000)
    return present


def checkin_row(
    old: Event, attendee_id: int, checkpoint: str, session_id: int | None, at: datetime
) -> Checkin:
    return Checkin(
        event_id=old.id,
        ticket_tid="",
        attendee_id=attendee_id,
        checkpoint=checkpoint,
        session_id=session_id,
        result=ScanResult.OK,
        scanned_at=at,
        received_at=at,
        device="demo",
        live_key=f"{attendee_id}:{checkpoint}",
    )
