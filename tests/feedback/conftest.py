"""Helpers for the feedback tests: an event with a workshop and a Democratie Testlab, attendees
registered before the day, and check-ins at the entrance or a session door."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from festival import clock
from festival.checkin import services as checkin
from festival.feedback import services as feedback
from festival.feedback.services import AnswerLink
from tests.checkin.conftest import PHONE_A, registered
from tests.conftest import TEST_SECRET
from tests.factories import (
    make_event,
    make_room,
    make_session,
    make_speaker,
    make_ticket_type,
    make_venue,
)

SECRET = TEST_SECRET  # the app's key in HTTP tests, so links made here work there
BEFORE = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # registrations open
# The event: 20 March 2027, 08:00-16:00 UTC (09:00-17:00 in Amsterdam).
WORKSHOP_ENDS = datetime(2027, 3, 20, 11, 0, tzinfo=UTC)
LAB_ENDS = datetime(2027, 3, 20, 13, 0, tzinfo=UTC)


async def feedback_event(slug: str = "dld-2027", *, codes: str = "") -> dict[str, Any]:
    clock.set_now(BEFORE)
    event = await make_event(
        slug=slug, name="Dag van de Lokale Democratie", contact_email="info@dld.nl"
    )
    venue = await make_venue(event, name="Stadhuis Utrecht")
    room = await make_room(event, venue, name="Raadzaal", capacity=20)
    speaker = await make_speaker(event, name="Fatima El Amrani")
    workshop = await make_session(
        event, title="Raad op Zaterdag", room=room, speakers=(speaker,), code=f"RAAD1{codes}"
    )
    lab = await make_session(
        event,
        title="Democratie Testlab: loting",
        room=room,
        format="lab",
        code=f"LAB22{codes}",
        starts_at=datetime(2027, 3, 20, 12, 0, tzinfo=UTC),
    )
    ticket_type = await make_ticket_type(event)
    return {
        "event": event,
        "room": room,
        "workshop": workshop,
        "lab": lab,
        "plenary": lab,
        "ticket_type": ticket_type,
    }


async def attendee(
    setup: dict[str, Any], name: str, email: str, *, sessions: list[int] | None = None
) -> dict[str, Any]:
    clock.set_now(BEFORE)
    return await registered(setup, name, email, sessions=sessions)


async def check_in(setup: dict[str, Any], person: dict[str, Any], checkpoint: str | int) -> None:
    result = await checkin.check_in_attendee(
        person["attendee_id"], event=setup["event"], checkpoint=str(checkpoint), device=PHONE_A
    )
    assert result.result == "ok"


async def session_link(setup: dict[str, Any], person: dict[str, Any], session: Any) -> AnswerLink:
    survey, _event_survey = await feedback.surveys_for(setup["event"].id)
    return AnswerLink(person["attendee_id"], survey.id, session.id)
