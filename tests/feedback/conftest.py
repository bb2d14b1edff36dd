"""The results scenario shared by the feedback results tests (figures worked out by hand in
test_results_queries.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from festival.accounts.models import Organisation, User
from festival.checkin.models import ENTRANCE
from festival.events.models import Event
from festival.submissions.models import Proposal
from tests.factories import make_event, make_session, make_track
from tests.feedback.results_support import attendees, book, check_in, respond, session_survey
from tests.submissions.support import make_call, make_partner, make_proposal


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
        await check_in(person, a.id)
    for person in people[8:12]:
        await book(person, b.id)
    for person in people[8:11]:
        await check_in(person, ENTRANCE)
    for person in people[12:22]:
        await check_in(person, c.id)
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
