"""Helpers for the feedback tests: an event with a workshop and a Democratie Testlab, attendees
registered before the day, and check-ins at the entrance or a session door; and the results
scenario shared by the results tests (figures worked out by hand in test_results_queries.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from festival import clock
from festival.accounts.models import Organisation, User
from festival.checkin import services as checkin
from festival.checkin.models import ENTRANCE
from festival.events.models import Event
from festival.feedback import services as feedback
from festival.feedback.services import AnswerLink
from festival.submissions.models import Proposal
from tests.checkin.conftest import PHONE_A, registered
from tests.conftest import TEST_SECRET
from tests.factories import (
    make_event,
    make_room,
    make_session,
    make_speaker,
    make_ticket_type,
    make_track,
    make_venue,
)
from tests.feedback.results_support import attendees, book, respond, session_survey
from tests.feedback.results_support import check_in as results_check_in
from tests.submissions.support import make_call, make_partner, make_proposal

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


@dataclass
class Scenario:
    event: Event
    sessions: dict[str, Any]
    partner: Organisation
    partner_user: User
    other_partner_user: User
    questions: dict[str, Any]
    responses: dict[str, list[Any]]


@pytest.fixture
async def scenario(database: None) -> Scenario:
    event = await make_event(slug="dld-2027")
    raad, inwoners = await make_track(event, name="Raad"), await make_track(event, name="Inwoners")
    a = await make_session(event, title="Raad op Zaterdag", format="workshop", track=raad)
    b = await make_session(event, title="Democratie Testlab", format="lab", track=inwoners)
    c = await make_session(event, title="Begroting lezen", format="workshop", track=raad)
    partner, partner_user = await make_partner(name="Gemeente Zwolle")
    _other, other_user = await make_partner(name="Gemeente Ede")
    proposal = await make_proposal(await make_call(event), partner, partner_user)
    await Proposal.filter(id=proposal.id).update(session_id=a.id)
    survey, q = await session_survey(event)
    people = await attendees(event, 22)
    for person in people[:8]:
        await results_check_in(person, a.id)
    for person in people[8:12]:
        await book(person, b.id)
    for person in people[8:11]:
        await results_check_in(person, ENTRANCE)
    for person in people[12:22]:
        await results_check_in(person, c.id)
    answers_a = [
        dict(rating=5, recommend=10, single=0, multiple=[0, 1], text="Heel leerzaam"),
        dict(rating=4, recommend=9, single=0, multiple=[1], text="<script>alert(1)</script>"),
        dict(rating=4, recommend=8, single=1, multiple=[1, 2]),
        dict(rating=3, recommend=7),
        dict(rating=5, recommend=6),
    ]
    responses: dict[str, list[Any]] = {"a": [], "b": [], "c": []}
    for values in answers_a:
        responses["a"].append(await respond(survey, q, session_id=a.id, **values))
    responses["a"].append(
        await respond(
            survey, q, session_id=a.id, role="griffier", verified=False, rating=2, recommend=0
        )
    )
    for rating in (1, 2, 3):
        responses["b"].append(
            await respond(
                survey, q, session_id=b.id, role="ambtenaar", rating=rating, text="Te kort"
            )
        )
    for _ in range(5):
        responses["c"].append(await respond(survey, q, session_id=c.id, role="inwoner", rating=4))
    return Scenario(
        event, {"a": a, "b": b, "c": c}, partner, partner_user, other_user, q, responses
    )
