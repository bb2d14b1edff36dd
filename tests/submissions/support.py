"""Builders for submissions tests: a verified partner, an open call, a proposal."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from festival import clock
from festival.accounts.models import Organisation, OrganisationKind, Role, User
from festival.events.models import Event
from festival.submissions.forms import ProposalData
from festival.submissions.models import Call, Criterion, PartnerProfile, Proposal
from festival.submissions.services import create_proposal
from tests.factories import make_event, make_organisation, make_user

_seq = itertools.count(1)
NOW = datetime(2027, 1, 15, 10, 0, tzinfo=UTC)


async def make_partner(*, verified: bool = True, **overrides: Any) -> tuple[Organisation, User]:
    n = next(_seq)
    organisation = await make_organisation(
        name=overrides.pop("name", f"Gemeente {n}"), kind=OrganisationKind.MUNICIPALITY
    )
    user = await make_user(role=Role.PARTNER, organisation=organisation, **overrides)
    await PartnerProfile.create(
        organisation=organisation,
        contact_name=user.name,
        contact_email=user.email,
        verified_at=NOW if verified else None,
    )
    return organisation, user


async def make_call(event: Event | None = None, **overrides: Any) -> Call:
    event = event or await make_event()
    values = {
        "opens_at": datetime(2026, 12, 1, 0, 0, tzinfo=UTC),
        # 31 January 2027, 23:59:59 in Amsterdam (UTC+1)
        "closes_at": datetime(2027, 1, 31, 22, 59, 59, tzinfo=UTC),
        "formats": [
            {"format": "workshop", "durations": [60, 90]},
            {"format": "lab", "durations": [90]},
        ],
        "questions": [{"key": "q1", "label": "Wat leren deelnemers?", "required": True}],
        "max_proposals_per_partner": 3,
    } | overrides
    call = await Call.create(event=event, **values)
    await Criterion.create(call=call, name="Relevantie", weight=2, position=0)
    await Criterion.create(call=call, name="Vernieuwing", weight=1, position=1)
    return call


def proposal_data(**overrides: Any) -> ProposalData:
    values: dict[str, Any] = {
        "title": "Raad op Zaterdag",
        "summary": "Raadsleden gaan op zaterdag de wijk in.",
        "description": "Een interactieve workshop.",
        "format": "workshop",
        "duration_minutes": 90,
        "audiences": ["raadsleden"],
        "expected_participants": 20,
        "max_participants": 30,
        "answers": {"q1": "Hoe je inwoners echt spreekt."},
    } | overrides
    return ProposalData(**values)


async def make_proposal(
    call: Call, organisation: Organisation, user: User, **overrides: Any
) -> Proposal:
    clock.set_now(NOW)
    return await create_proposal(
        call, proposal_data(**overrides), organisation=organisation, actor=user
    )


async def make_reviewer(event: Event, **overrides: Any) -> User:
    organiser_org = await Organisation.get(id=event.organisation_id)
    return await make_user(role=Role.REVIEWER, organisation=organiser_org, **overrides)
