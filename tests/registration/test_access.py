"""Access needs matched to rooms: the fit per session, the mismatches per session, discretion."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from festival.audit import Actor
from festival.registration import services as registration
from festival.registration.models import Attendee
from tests.factories import make_event, make_room, make_session, make_ticket_type
from tests.registration.conftest import person, register

pytestmark = pytest.mark.usefixtures("database")


async def _event_with_two_rooms() -> tuple:  # type: ignore[type-arg]
    event = await make_event()
    ticket = await make_ticket_type(event)
    hall = await make_room(event, name="Raadzaal", step_free=True, hearing_loop=True)
    upstairs = await make_room(event, name="Commissiekamer", step_free=True)
    plenary = await make_session(event, title="Opening", room=hall)
    workshop = await make_session(
        event,
        title="Begroting lezen",
        room=upstairs,
        starts_at=datetime(2027, 3, 20, 11, 0, tzinfo=UTC),
    )
    return event, ticket, hall, upstairs, plenary, workshop


async def test_access_fits_says_per_session_which_needs_its_room_meets() -> None:
    event, _t, _h, _u, plenary, workshop = await _event_with_two_rooms()
    unplaced = await make_session(event, title="Nog zonder zaal", room=None)
    fits = await registration.access_fits(
        event.id, [["hearing_loop", "step_free", "other"], [], ["quiet_space"]]
    )
    loop_and_steps = fits[0]
    assert [(f.need, f.met) for f in loop_and_steps[plenary.id]] == [
        ("step_free", True),
        ("hearing_loop", True),
    ]
    assert [(f.need, f.met) for f in loop_and_steps[workshop.id]] == [
        ("step_free", True),
        ("hearing_loop", False),
    ]
    assert [(f.need, f.met) for f in loop_and_steps[unplaced.id]] == [
        ("step_free", None),
        ("hearing_loop", None),
    ]
    assert fits[1] == {}  # no needs a room can meet: nothing to show
    assert [f.label for f in fits[2][workshop.id]] == ["stille ruimte in de buurt"]


async def test_access_mismatches_count_seated_attendees_per_session_and_need() -> None:
    event, ticket, _h, _u, plenary, workshop = await _event_with_two_rooms()
    await register(
        event,
        ticket,
        person(1, access_needs=["hearing_loop"]),
        person(2, access_needs=["hearing_loop", "quiet_space"], access_discreet=True),
        person(3, access_needs=["step_free"]),
        sessions=[[plenary.id, workshop.id], [plenary.id, workshop.id], [workshop.id]],
    )
    await register(event, ticket, person(4, access_needs=["quiet_space"]), sessions=[[plenary.id]])
    found = await registration.access_mismatches(event.id)
    assert [(m.title, m.need, m.attendees, m.room) for m in found] == [
        ("Opening", "quiet_space", 2, "Raadzaal"),
        ("Begroting lezen", "hearing_loop", 2, "Commissiekamer"),
        ("Begroting lezen", "quiet_space", 1, "Commissiekamer"),
    ]
    assert registration.mismatch_message(found[1]) == (
        "2 deelnemers met een plek hebben ringleiding nodig; Commissiekamer heeft dat niet."
    )
    assert registration.mismatch_message(found[2]) == (
        "1 deelnemer met een plek heeft stille ruimte in de buurt nodig; "
        "Commissiekamer heeft dat niet."
    )
    assert await Attendee.filter(access_discreet=True).count() == 1


async def test_access_mismatches_leave_out_cancelled_attendees_and_other_sessions() -> None:
    event, ticket, _h, _u, plenary, workshop = await _event_with_two_rooms()
    done = await register(
        event,
        ticket,
        person(1, access_needs=["hearing_loop"]),
        person(2, access_needs=["hearing_loop"]),
        sessions=[[workshop.id], [workshop.id]],
    )
    attendee = await Attendee.get(registration_id=done.id, email="deelnemer2@gemeente.nl")
    await registration.cancel_attendee(attendee, actor=Actor("attendee", None, "x@gemeente.nl"))
    found = await registration.access_mismatches(event.id, session_ids=[workshop.id])
    assert [(m.need, m.attendees) for m in found] == [("hearing_loop", 1)]
    assert await registration.access_mismatches(event.id, session_ids=[plenary.id]) == []
