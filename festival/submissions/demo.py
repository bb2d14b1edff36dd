"""The demo call for proposals of `dld-demo`: an open call, five partner organisations, a dozen
proposals in several states, some of them reviewed. Idempotent: nothing happens when the event
already has a call."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from festival import audit, clock
from festival.accounts import services as accounts
from festival.accounts.models import Organisation, OrganisationKind, Role, User
from festival.events.models import Event, Track
from festival.submissions.models import (
    Call,
    Criterion,
    PartnerProfile,
    Proposal,
    ProposalSpeaker,
    ProposalState,
    Review,
    ReviewAssignment,
)
from festival.submissions.services.calls import DEFAULT_FORMATS

PASSWORD = "demo-festival-2027"  # noqa: S105 - the published demo password

# name, slug, kind, municipality, contact name, contact e-mail
PARTNERS = [
    (
        "Gemeente Zeist",
        "gemeente-zeist",
        OrganisationKind.MUNICIPALITY,
        "Zeist",
        "Pim Partner",
        "partner@demo.festival.nl",
    ),
    (
        "Vereniging van Griffiers",
        "vereniging-van-griffiers",
        OrganisationKind.ASSOCIATION,
        "Utrecht",
        "Greet Griffier",
        "griffiers@demo.festival.nl",
    ),
    (
        "Huis voor democratie",
        "huis-voor-democratie",
        OrganisationKind.KNOWLEDGE_INSTITUTE,
        "Den Haag",
        "Hidde Huis",
        "huis@demo.festival.nl",
    ),
    (
        "Jongerenraad Amersfoort",
        "jongerenraad-amersfoort",
        OrganisationKind.YOUTH,
        "Amersfoort",
        "Jesse Jong",
        "jongerenraad@demo.festival.nl",
    ),
    (
        "Universiteit Utrecht",
        "universiteit-utrecht",
        OrganisationKind.KNOWLEDGE_INSTITUTE,
        "Utrecht",
        "Uma Onderzoek",
        "uu@demo.festival.nl",
    ),
]

# partner slug, title, format, minutes, track name or "", state, summary, speaker (name, role)
PROPOSALS = [
    (
        "gemeente-zeist",
        "Raad op Zaterdag: de raad gaat de wijk in",
        "workshop",
        90,
        "",
        "under_review",
        "Hoe raadsleden op zaterdag met inwoners in gesprek gaan, en wat dat oplevert.",
        ("Marieke van Dijk", "griffier"),
    ),
    (
        "gemeente-zeist",
        "Democratie Testlab: loting in de praktijk",
        "lab",
        90,
        "",
        "submitted",
        "Inwoners die door loting meedenken: doe zelf mee aan een kort testlab.",
        ("Lotte Brouwer", "projectleider"),
    ),
    (
        "vereniging-van-griffiers",
        "Raadsstukken op B1: zo doe je dat",
        "workshop",
        60,
        "",
        "under_review",
        "Oefen met het herschrijven van een echt raadsvoorstel in heldere taal.",
        ("Willemijn Schouten", "griffier"),
    ),
    (
        "vereniging-van-griffiers",
        "De griffier als regisseur van participatie",
        "debate",
        60,
        "",
        "under_review",
        "Stelling: de griffier moet participatie van de raad organiseren. Eens of oneens?",
        ("Esther Kuipers", "griffier"),
    ),
    (
        "vereniging-van-griffiers",
        "Vergaderen met de raad van morgen",
        "workshop",
        90,
        "",
        "submitted",
        "Nieuwe vergadervormen die raadsleden meer tijd geven voor het gesprek.",
        ("Greet Griffier", "griffier"),
    ),
    (
        "huis-voor-democratie",
        "Burgerberaad: van idee tot besluit",
        "workshop",
        90,
        "",
        "under_review",
        "Wat komt er kijken bij een burgerberaad, en hoe neemt de raad het advies over?",
        ("Inge Veenstra", "onderzoeker"),
    ),
    (
        "huis-voor-democratie",
        "Weerbaar bestuur: omgaan met intimidatie",
        "workshop",
        60,
        "",
        "submitted",
        "Praktische handvatten voor raadsleden die bedreigd of lastiggevallen worden.",
        ("Thomas de Graaf", "trainer weerbaarheid"),
    ),
    (
        "huis-voor-democratie",
        "Excursie: 700 jaar bestuur in Utrecht",
        "excursion",
        120,
        "",
        "submitted",
        "Een wandeling langs de plekken waar Utrecht bestuurd werd en wordt.",
        ("Ruben Hoekstra", "stadsgids"),
    ),
    (
        "jongerenraad-amersfoort",
        "Jongeren aan tafel bij de raad",
        "workshop",
        60,
        "",
        "under_review",
        "Hoe een jongerenraad echt invloed krijgt: ervaringen uit Amersfoort.",
        ("Jesse Jong", "voorzitter jongerenraad"),
    ),
    (
        "jongerenraad-amersfoort",
        "Debat: stemrecht vanaf 16?",
        "debate",
        60,
        "",
        "submitted",
        "Jongeren en raadsleden debatteren over stemmen vanaf 16 jaar bij de raadsverkiezingen.",
        ("Daan Visser", "voorzitter jongerenraad"),
    ),
    (
        "universiteit-utrecht",
        "Vertrouwen in de lokale politiek: wat zeggen de cijfers?",
        "workshop",
        60,
        "",
        "under_review",
        "Nieuw onderzoek naar vertrouwen van inwoners, en wat gemeenten ermee kunnen.",
        ("Joost Verhoeven", "onderzoeker"),
    ),
    (
        "universiteit-utrecht",
        "Lab: digitale inspraak voor iedereen",
        "lab",
        90,
        "",
        "draft",
        "Test een inspraakplatform met mensen die moeite hebben met lezen of met computers.",
        ("Uma Onderzoek", "onderzoeker"),
    ),
]

CRITERIA = [
    ("Relevantie voor de lokale democratie", 3),
    ("Interactie met deelnemers", 2),
    ("Vernieuwing", 1),
    ("Haalbaarheid", 1),
]

# Scores per reviewer for the proposals in state under_review, in PROPOSALS order.
REVIEW_SCORES = [
    ([5, 4, 4, 5], [4, 4, 3, 5]),
    ([4, 5, 3, 4], [4, 4, 3, 4]),
    ([3, 3, 2, 4], [4, 3, 2, 3]),
    ([5, 4, 5, 3], [3, 4, 4, 3]),
    ([4, 5, 4, 4], [5, 5, 4, 4]),
    ([4, 3, 3, 5], [2, 3, 3, 4]),
]


def _local(
    year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0
) -> datetime:
    return clock.from_local(datetime(year, month, day, hour, minute, second), "Europe/Amsterdam")


async def _partner(
    name: str, slug: str, kind: OrganisationKind, municipality: str, contact: str, email: str
) -> Organisation:
    organisation = await Organisation.get_or_none(slug=slug)
    if organisation is None:
        organisation = await Organisation.create(
            name=name, slug=slug, kind=kind, municipality=municipality
        )
    if not await User.filter(email=email).exists():
        await accounts.create_user(
            email, name=contact, password=PASSWORD, organisation=organisation, role=Role.PARTNER
        )
    if not await PartnerProfile.filter(organisation_id=organisation.id).exists():
        await PartnerProfile.create(
            organisation=organisation,
            contact_name=contact,
            contact_email=email,
            verified_at=clock.now(),
        )
    return organisation


async def extend_demo(event: Event) -> dict[str, Any]:
    """Add the open call with proposals and reviews to the demo event (once)."""
    if await Call.filter(event_id=event.id).exists():
        return {"created": 0}
    call = await Call.create(
        event=event,
        opens_at=_local(2026, 9, 1, 9),
        closes_at=_local(2027, 2, 14, 23, 59, 59),
        guidelines=(
            "We zoeken workshops, labs, debatten en excursies die laten zien wat werkt in de "
            "lokale democratie, en waarom. Houd het interactief: deelnemers doen mee, "
            "ze luisteren niet alleen.\n\n"
            "Schrijf de samenvatting in heldere taal (B1). Die komt in het programma."
        ),
        formats=DEFAULT_FORMATS,
        questions=[
            {"key": "q1", "label": "Wat nemen deelnemers mee naar huis?", "required": True},
            {"key": "q2", "label": "Heeft u deze sessie al eens gegeven? Waar?", "required": False},
        ],
        max_proposals_per_partner=5,
        public_edit_until=_local(2027, 3, 6, 23, 59, 59),
    )
    criteria = [
        await Criterion.create(call=call, name=name, weight=weight, position=index)
        for index, (name, weight) in enumerate(CRITERIA)
    ]
    partners = {slug: await _partner(*row) for row in PARTNERS for slug in [row[1]]}
    tracks = list(await Track.filter(event_id=event.id).order_by("position", "id"))
    reviewers = [
        await User.get(email=email)
        for email in ("beoordelaar@demo.festival.nl", "organisator@demo.festival.nl")
    ]
    reviewed = 0
    for index, (slug, title, fmt, minutes, _track, state, summary, speaker) in enumerate(PROPOSALS):
        proposal = await Proposal.create(
            call=call,
            event=event,
            organisation=partners[slug],
            title=title,
            summary=summary,
            description=summary
            + " "
            + "We werken in kleine groepen en sluiten af met wat ieder morgen kan doen.",
            format=fmt,
            duration_minutes=minutes,
            track=tracks[index % len(tracks)] if tracks else None,
            audiences=["raadsleden", "griffiers"] if index % 2 else ["inwoners", "jongeren"],
            expected_participants=25,
            max_participants=35,
            answers={"q1": "Een werkvorm die ze direct kunnen toepassen."},
            state=ProposalState(state),
            submitted_at=None if state == "draft" else _local(2026, 11, 1 + index, 10),
        )
        await ProposalSpeaker.create(
            proposal=proposal,
            email=f"spreker{index + 1}@demo.festival.nl",
            name=speaker[0],
            role=speaker[1],
            organisation=partners[slug].name,
            completed_at=clock.now(),
        )
        if state == "under_review":
            for reviewer, scores in zip(reviewers, REVIEW_SCORES[reviewed], strict=True):
                await ReviewAssignment.create(proposal=proposal, reviewer=reviewer)
                await Review.create(
                    proposal=proposal,
                    reviewer=reviewer,
                    scores={str(c.id): s for c, s in zip(criteria, scores, strict=True)},
                    comment="Sterk en praktisch voorstel."
                    if scores[0] >= 4
                    else "Twijfel over de uitwerking.",
                )
            reviewed += 1
        elif state == "submitted":
            await ReviewAssignment.create(proposal=proposal, reviewer=reviewers[0])
    await audit.record(audit.SYSTEM, "call.saved", call, event_id=event.id, demo=True)
    return {
        "created": 1 + len(PROPOSALS),
        "call": f"/admin/events/{event.slug}/cfp",
        "partners": [row[5] for row in PARTNERS],
    }
