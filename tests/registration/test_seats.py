"""Seats never oversell under concurrency (run on SQLite and on PostgreSQL), and the waiting
list moves through offer, expiry and acceptance with an injected clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from festival import audit, cache, clock
from festival.errors import Conflict
from festival.registration import queries
from festival.registration import services as registration
from festival.registration.models import (
    Attendee,
    Booking,
    Registration,
    SessionSeats,
    TicketType,
    WaitlistEntry,
)
from tests.factories import make_event, make_session, make_ticket_type
from tests.registration.conftest import person, register

pytestmark = pytest.mark.usefixtures("database")


async def test_register_200_concurrent_attempts_for_20_seats_never_oversells() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    workshop = await make_session(event, capacity=20)
    results = await asyncio.gather(
        *[register(event, ticket, person(i), sessions=[[workshop.id]]) for i in range(200)],
        return_exceptions=True,
    )
    assert [r for r in results if isinstance(r, BaseException)] == []
    confirmed = await Booking.filter(session_id=workshop.id, status="confirmed").count()
    waitlisted = await Booking.filter(session_id=workshop.id, status="waitlisted").count()
    assert (confirmed, waitlisted) == (20, 180)
    assert (await SessionSeats.get(session_id=workshop.id)).taken == 20
    assert await WaitlistEntry.filter(session_id=workshop.id, state="waiting").count() == 180


async def test_register_concurrent_attempts_never_exceed_ticket_quota() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event, quota=30)
    results = await asyncio.gather(
        *[register(event, ticket, person(i)) for i in range(100)], return_exceptions=True
    )
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(refused) == 70
    assert {r.code for r in refused} == {"ticket_type_sold_out"}
    assert await Registration.all().count() == 30
    assert (await TicketType.get(id=ticket.id)).sold == 30


async def test_cancel_concurrently_hands_each_seat_to_one_person() -> None:
    clock.set_now(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    event = await make_event()
    ticket = await make_ticket_type(event)
    workshop = await make_session(event, capacity=10)
    done = [await register(event, ticket, person(i), sessions=[[workshop.id]]) for i in range(30)]
    await asyncio.gather(
        *[registration.cancel_registration(r, actor=audit.SYSTEM) for r in done[:10]]
    )
    assert await Booking.filter(session_id=workshop.id, status="offered").count() == 10
    assert await Booking.filter(session_id=workshop.id, status="confirmed").count() == 0
    assert (await SessionSeats.get(session_id=workshop.id)).taken == 10
    offered_people = (
        await Attendee.filter(bookings__status="offered")
        .order_by("id")
        .values_list("name", flat=True)
    )
    assert offered_people == [f"Deelnemer {i}" for i in range(10, 20)]


async def _waitlist_of_three() -> tuple[object, list[Booking]]:
    clock.set_now(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    event = await make_event()
    ticket = await make_ticket_type(event)
    workshop = await make_session(event, capacity=1)
    for i in range(4):
        await register(event, ticket, person(i), sessions=[[workshop.id]])
    bookings = await Booking.filter(session_id=workshop.id).order_by("id")
    return workshop, bookings


async def test_waitlist_offer_expires_and_moves_to_next_in_order() -> None:
    workshop, bookings = await _waitlist_of_three()
    attendee = await Attendee.get(id=bookings[0].attendee_id)
    await registration.cancel_attendee(attendee, actor=audit.SYSTEM)
    assert [b.status for b in await Booking.filter(session_id=workshop.id).order_by("id")] == [
        "cancelled",
        "offered",
        "waitlisted",
        "waitlisted",
    ]
    clock.advance(timedelta(hours=23, minutes=59))
    assert await registration.expire_waitlist_offers() == 0
    clock.advance(timedelta(minutes=1))
    assert await registration.expire_waitlist_offers() == 1
    assert [b.status for b in await Booking.filter(session_id=workshop.id).order_by("id")] == [
        "cancelled",
        "cancelled",
        "offered",
        "waitlisted",
    ]
    entries = (
        await WaitlistEntry.filter(session_id=workshop.id)
        .order_by("id")
        .values_list("state", flat=True)
    )
    assert entries == ["expired", "offered", "waiting"]
    assert (await SessionSeats.get(session_id=workshop.id)).taken == 1


async def test_waitlist_sweeps_lazily_when_seats_are_read() -> None:
    workshop, bookings = await _waitlist_of_three()
    await registration.cancel_attendee(
        await Attendee.get(id=bookings[0].attendee_id), actor=audit.SYSTEM
    )
    clock.advance(timedelta(hours=25))
    assert await queries.seats_left(workshop.event_id) == {workshop.id: 0}
    assert (await Booking.get(id=bookings[2].id)).status == "offered"


async def test_waitlist_accept_books_the_seat() -> None:
    _workshop, bookings = await _waitlist_of_three()
    await registration.cancel_attendee(
        await Attendee.get(id=bookings[0].attendee_id), actor=audit.SYSTEM
    )
    entry = await WaitlistEntry.get(booking_id=bookings[1].id)
    booking = await registration.accept_offer(entry, actor=audit.SYSTEM)
    assert booking.status == "confirmed"
    with pytest.raises(Conflict) as error:
        await registration.accept_offer(entry, actor=audit.SYSTEM)
    assert error.value.code == "offer_not_open"


async def test_waitlist_accept_after_expiry_is_refused_and_seat_moves_on() -> None:
    _workshop, bookings = await _waitlist_of_three()
    await registration.cancel_attendee(
        await Attendee.get(id=bookings[0].attendee_id), actor=audit.SYSTEM
    )
    entry = await WaitlistEntry.get(booking_id=bookings[1].id)
    clock.advance(timedelta(hours=24))
    with pytest.raises(Conflict) as error:
        await registration.accept_offer(entry, actor=audit.SYSTEM)
    assert error.value.code == "offer_expired"
    assert (await Booking.get(id=bookings[2].id)).status == "offered"


async def test_waitlist_decline_offers_to_next() -> None:
    workshop, bookings = await _waitlist_of_three()
    await registration.cancel_attendee(
        await Attendee.get(id=bookings[0].attendee_id), actor=audit.SYSTEM
    )
    await registration.decline_offer(
        await WaitlistEntry.get(booking_id=bookings[1].id), actor=audit.SYSTEM
    )
    assert [b.status for b in await Booking.filter(session_id=workshop.id).order_by("id")] == [
        "cancelled",
        "cancelled",
        "offered",
        "waitlisted",
    ]


async def test_sync_capacity_raised_offers_new_seats_in_order() -> None:
    workshop, bookings = await _waitlist_of_three()
    offers = await registration.sync_capacity(workshop.id, 3)
    assert [o.booking_id for o in offers] == [bookings[1].id, bookings[2].id]
    assert (await SessionSeats.get(session_id=workshop.id)).taken == 3
    assert (await Booking.get(id=bookings[3].id)).status == "waitlisted"


async def test_offer_seat_by_hand_needs_a_free_seat() -> None:
    workshop, bookings = await _waitlist_of_three()
    last = await WaitlistEntry.get(booking_id=bookings[3].id)
    with pytest.raises(Conflict) as error:
        await registration.offer_seat(last, actor=audit.SYSTEM)
    assert error.value.code == "no_free_seat"
    await SessionSeats.filter(session_id=workshop.id).update(
        capacity=2
    )  # raised without moving the list
    entry = await registration.offer_seat(last, actor=audit.SYSTEM)
    assert (entry.state, (await Booking.get(id=bookings[3].id)).status) == ("offered", "offered")


async def test_capacity_raised_in_programme_moves_waitlist_on_next_booking() -> None:
    from festival.programme.models import Session

    workshop, bookings = await _waitlist_of_three()
    await Session.filter(id=workshop.id).update(capacity=2)  # changed without sync_capacity
    cache.clear_all()  # as when the change came from another process two seconds ago
    event = await workshop.event
    await register(
        event, await TicketType.get(event_id=event.id), person(9), sessions=[[workshop.id]]
    )
    assert (await Booking.get(id=bookings[1].id)).status == "offered"
    assert (
        await Booking.filter(session_id=workshop.id).order_by("-id").first()
    ).status == "waitlisted"
    assert (await SessionSeats.get(session_id=workshop.id)).capacity == 2


async def test_change_bookings_racing_forms_book_a_person_once_per_session() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    first = await make_session(event, capacity=50)
    other = await make_session(
        event, capacity=50, starts_at=datetime(2027, 3, 20, 12, 0, tzinfo=UTC)
    )
    done = await register(event, ticket, person(1), sessions=[[first.id]])
    attendee = await Attendee.get(registration_id=done.id)
    actor = audit.Actor("attendee", None, attendee.email)
    # Twenty forms at once, each adding `other` (some dropping `first`): one row per session.
    results = await asyncio.gather(
        *[
            registration.change_bookings(
                attendee, session_ids=[other.id] if i % 2 else [first.id, other.id], actor=actor
            )
            for i in range(20)
        ],
        return_exceptions=True,
    )
    unexpected = [
        r for r in results if isinstance(r, BaseException) and not isinstance(r, Conflict)
    ]
    assert unexpected == []
    rows = await Booking.filter(attendee_id=attendee.id, session_id=other.id).count()
    assert rows == 1
    seats = await SessionSeats.get(session_id=other.id)
    confirmed = await Booking.filter(session_id=other.id, status="confirmed").count()
    assert (seats.taken, confirmed) == (1, 1)


async def test_change_bookings_rebooking_reuses_the_cancelled_row() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    workshop = await make_session(event, capacity=5)
    done = await register(event, ticket, person(1), sessions=[[workshop.id]])
    attendee = await Attendee.get(registration_id=done.id)
    actor = audit.Actor("attendee", None, attendee.email)
    await registration.change_bookings(attendee, session_ids=[], actor=actor)
    await registration.change_bookings(attendee, session_ids=[workshop.id], actor=actor)
    rows = await Booking.filter(attendee_id=attendee.id).values_list("status", flat=True)
    assert rows == ["confirmed"]
    assert (await SessionSeats.get(session_id=workshop.id)).taken == 1


async def test_group_picking_the_same_workshop_gets_the_last_seats_in_order() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    small = await make_session(event, capacity=2)
    other = await make_session(event, capacity=5, starts_at=small.ends_at)
    people = [person(i) for i in range(3)]
    group = (
        await registration.register(
            event,
            ticket_type_id=ticket.id,
            attendees=people,
            sessions_per_attendee=[[small.id, other.id], [small.id], [small.id, other.id]],
            consent=True,
        )
    ).registration
    rows = await Booking.filter(attendee__registration_id=group.id).order_by(
        "attendee__position", "session_id"
    )
    assert [(b.session_id, b.status) for b in rows] == [
        (small.id, "confirmed"),
        (other.id, "confirmed"),
        (small.id, "confirmed"),
        (small.id, "waitlisted"),
        (other.id, "confirmed"),
    ]
    taken = {s.session_id: s.taken for s in await SessionSeats.all()}
    assert taken == {small.id: 2, other.id: 2}


async def test_concurrent_groups_booking_the_same_workshops_never_deadlock() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    first = await make_session(event, capacity=150)
    second = await make_session(event, capacity=170, starts_at=first.ends_at)
    third = await make_session(event, capacity=190, starts_at=second.ends_at)
    chosen = [first.id, second.id, third.id]
    results = await asyncio.gather(
        *[
            register(event, ticket, person(i), sessions=[chosen[i % 3 :] + chosen[: i % 3]])
            for i in range(200)
        ],
        return_exceptions=True,
    )
    assert [r for r in results if isinstance(r, BaseException)] == []
    confirmed = {
        s.id: await Booking.filter(session_id=s.id, status="confirmed").count()
        for s in (first, second, third)
    }
    assert confirmed == {first.id: 150, second.id: 170, third.id: 190}
