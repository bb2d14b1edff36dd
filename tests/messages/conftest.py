"""A small event for the messages tests: two workshops (one seat in the first), two ticket
types, and four registrations (one of them cancelled, one in English)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from festival.audit import SYSTEM
from festival.events.models import Event
from festival.registration import services as registration
from festival.registration.models import Registration
from tests.factories import make_event, make_room, make_session, make_ticket_type
from tests.registration.conftest import person, register


@dataclass
class Setup:
    event: Event
    workshop: Any  # one seat: Anna has it, Chris waits
    other: Any
    general: Any
    youth: Any
    registrations: list[Registration]


@pytest.fixture
async def setup(database: None) -> Setup:
    event = await make_event(slug="dld-2027", contact_email="info@dld.nl")
    workshop = await make_session(
        event, title="Raad op Zaterdag", capacity=1, room=await make_room(event, name="Raadzaal")
    )
    other = await make_session(
        event,
        title="Democratie Testlab",
        capacity=20,
        room=await make_room(event, name="Trouwzaal"),
        starts_at=datetime(2027, 3, 20, 12, 0, tzinfo=UTC),
    )
    general = await make_ticket_type(event, name="Algemeen")
    youth = await make_ticket_type(event, name="Jongeren")
    first = await register(
        event,
        general,
        person(1, name="Anna", email="anna@zeist.nl", access_needs=["step_free"]),
        person(2, name="Bram", email="bram@zeist.nl"),
        sessions=[[workshop.id, other.id], [other.id]],
    )
    english = await register(
        event, youth, person(3, name="Chris", email="chris@example.org"), sessions=[[workshop.id]]
    )
    await Registration.filter(id=english.id).update(language="en")
    gone = await register(
        event, general, person(4, name="Dirk", email="dirk@zeist.nl"), sessions=[[other.id]]
    )
    await registration.cancel_registration(gone, actor=SYSTEM)
    # Anna again, in a second registration: one mail to her address, with both links.
    again = await register(
        event, youth, person(5, name="Anna", email="Anna@Zeist.nl"), sessions=[[]]
    )
    return Setup(event, workshop, other, general, youth, [first, english, gone, again])
