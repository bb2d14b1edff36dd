"""Builders for archive tests: an edition that has ended, with a published programme of a
Democratie Testlab (run by a partner, with a speaker), a Raad op Zaterdag and a workshop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from festival import audit, clock
from festival.accounts.models import Organisation, Role, User
from festival.events.models import Event
from festival.programme import services as programme
from festival.programme.models import Session
from festival.submissions.models import Call, Proposal, ProposalSpeaker, ProposalState
from tests.factories import (
    make_event,
    make_organisation,
    make_session,
    make_speaker,
    make_track,
    make_user,
)
from tests.submissions.support import make_partner

STARTS = datetime(2026, 6, 13, 8, 0, tzinfo=UTC)  # a Saturday
AFTER = datetime(2026, 6, 14, 10, 0, tzinfo=UTC)  # the day after
SPEAKER_EMAIL = "spreker@example.nl"


@dataclass
class Edition:
    event: Event
    organiser: User
    partner: Organisation
    partner_user: User
    lab: Session
    raad: Session
    workshop: Session


async def make_edition(**event_overrides: Any) -> Edition:
    """A public edition of 13 June 2026 whose programme is published; the clock stands the
    day after (the sessions have ended)."""
    clock.set_now(STARTS - timedelta(days=30))
    organisation = await make_organisation()
    organiser = await make_user(role=Role.ORGANISER, organisation=organisation)
    starts = event_overrides.pop("starts_at", STARTS)
    values = {"starts_at": starts, "ends_at": starts + timedelta(hours=8)} | event_overrides
    event = await make_event(organisation, **values)
    track = await make_track(event, name="Democratie Testlabs")
    speaker = await make_speaker(event, name="Mariska Dekker")
    lab = await make_session(
        event,
        speakers=(speaker,),
        title="Burgerberaad in uw gemeente",
        abstract="Wat komt er kijken bij een burgerberaad met gelote inwoners?",
        format="lab",
        track=track,
        audiences=["raadsleden", "griffiers"],
        starts_at=starts + timedelta(hours=1),
    )
    raad = await make_session(
        event,
        title="Raad op Zaterdag in een kleine gemeente",
        format="raad_op_zaterdag",
        audiences=["inwoners"],
        starts_at=starts + timedelta(hours=3),
    )
    workshop = await make_session(
        event,
        title="Begrijpelijke raadsvergaderingen",
        abstract="Tips van griffiers voor vergaderingen die iedereen kan volgen.",
        format="workshop",
        audiences=["griffiers"],
        starts_at=starts + timedelta(hours=5),
    )
    partner, partner_user = await make_partner(name="Gemeente Zeist")
    call = await Call.create(event=event, opens_at=STARTS - timedelta(days=90), closes_at=STARTS)
    proposal = await Proposal.create(
        call=call,
        event=event,
        organisation=partner,
        title=lab.title,
        format="lab",
        state=ProposalState.CONFIRMED,
        session=lab,
    )
    await ProposalSpeaker.create(proposal=proposal, email=SPEAKER_EMAIL, name="Mariska Dekker")
    await programme.publish_programme(event, actor=audit.SYSTEM, confirm_conflicts=True)
    clock.set_now(AFTER)
    return Edition(event, organiser, partner, partner_user, lab, raad, workshop)
