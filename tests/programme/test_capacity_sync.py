"""Raising a session's capacity in the programme offers the new seats to its waiting list."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from festival import audit, clock
from festival.programme import services as programme
from festival.registration.models import Booking, SessionSeats
from tests.factories import make_event, make_session, make_ticket_type
from tests.registration.conftest import person, register

pytestmark = pytest.mark.usefixtures("database")


async def test_update_session_capacity_offers_new_seats_in_line() -> None:
    clock.set_now(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    event = await make_event()
    ticket = await make_ticket_type(event)
    workshop = await make_session(event, capacity=2)
    for i in range(5):
        await register(event, ticket, person(i), sessions=[[workshop.id]])
    data = programme.SessionData(
        title=workshop.title,
        room_id=workshop.room_id,
        starts_at=workshop.starts_at,
        ends_at=workshop.ends_at,
        capacity=4,
        state=workshop.state,
    )
    await programme.update_session(workshop, data=data, actor=audit.SYSTEM)
    statuses = (
        await Booking.filter(session_id=workshop.id).order_by("id").values_list("status", flat=True)
    )
    assert statuses == ["confirmed", "confirmed", "offered", "offered", "waitlisted"]
    assert (await SessionSeats.get(session_id=workshop.id)).capacity == 4
