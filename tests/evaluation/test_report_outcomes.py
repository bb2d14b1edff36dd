"""The report's last two sections: the approved outcomes of the edition's sessions ("werkt het
en waarom") and the suggestions for the next edition, against the edition in conftest.py."""

from __future__ import annotations

import httpx

from festival.archive.models import Outcome, OutcomeKind, OutcomeState, Verdict
from festival.evaluation import services
from festival.evaluation.services import VerdictCount
from festival.feedback.models import Survey, SurveyQuestion
from tests.evaluation.conftest import Edition
from tests.factories import make_session
from tests.feedback.results_support import book, check_in, respond
from tests.helpers import login

PAGE = "/admin/events/dld-2027/report"


async def _outcomes(edition: Edition) -> None:
    """B (the Testlab) approved "werkt deels"; A approved as a Raad op Zaterdag; C only handed in;
    the draft session's outcome approved but the session is not in the report; a lab outcome of
    the previous edition approved "werkt" (another edition: never counted)."""
    a, b, c = (edition.sessions[k] for k in "abc")
    event_id = edition.event.id
    await Outcome.create(
        session_id=b.id,
        event_id=event_id,
        kind=OutcomeKind.LAB,
        state=OutcomeState.APPROVED,
        question="Helpt een inwonerspanel de raad bij de begroting?",
        happened="Twintig inwoners lazen mee",
        verdict=Verdict.WERKT_DEELS,
        why="De raad kreeg de uitkomst te laat",
        why_tags=["timing", "rol_van_de_raad"],
    )
    await Outcome.create(
        session_id=a.id,
        event_id=event_id,
        kind=OutcomeKind.RAAD_OP_ZATERDAG,
        state=OutcomeState.APPROVED,
        council="Gemeenteraad Zwolle",
        theme="Wonen",
        residents=42,
        follow_up="Motie over tiny houses aangenomen",
    )
    await Outcome.create(
        session_id=c.id,
        event_id=event_id,
        kind=OutcomeKind.SHORT,
        state=OutcomeState.SUBMITTED,
        summary="Nog niet goedgekeurde samenvatting",
    )
    draft = await make_session(edition.event, title="Conceptsessie", state="draft")
    await Outcome.create(
        session_id=draft.id,
        event_id=event_id,
        kind=OutcomeKind.SHORT,
        state=OutcomeState.APPROVED,
        summary="Van een sessie die niet doorging",
    )
    earlier = await make_session(edition.previous, title="Oud Testlab", format="lab")
    await Outcome.create(
        session_id=earlier.id,
        event_id=edition.previous.id,
        kind=OutcomeKind.LAB,
        state=OutcomeState.APPROVED,
        verdict=Verdict.WERKT,
        summary="Vorig jaar",
    )


async def test_report_shows_only_approved_outcomes_with_verdict_counts(edition: Edition) -> None:
    await _outcomes(edition)
    report = await services.build_report(edition.event)
    got = [(o.title, o.outcome.kind, o.outcome.verdict) for o in report.outcomes]
    assert got == [  # the report's session order: A, B (C was only handed in)
        ("Raad op Zaterdag", "raad_op_zaterdag", None),
        ("Democratie Testlab", "lab", "werkt_deels"),
    ]
    lab = report.outcomes[1].outcome
    assert (lab.why, lab.why_tags) == (
        "De raad kreeg de uitkomst te laat",
        ["timing", "rol_van_de_raad"],
    )
    assert report.outcomes[0].outcome.residents == 42
    assert report.verdicts == [VerdictCount("werkt_deels", 1)]


async def test_report_without_outcomes_or_suggestions_says_so(edition: Edition) -> None:
    # Session A is 8 of 10 booked, no session has 10 bookings, B's 3 ratings are never used and
    # raadsleden rated only workshops in groups of 5 or more: nothing to suggest.
    report = await services.build_report(edition.event)
    assert (report.outcomes, report.verdicts, report.suggestions) == ([], [], [])


async def _poor_lab(edition: Edition) -> None:
    """D "Vragenuur" (lab, 20 seats): people 0-9 booked, 0-4 came (5 of 10 no-shows); five
    raadsleden rated it 1, 2, 2, 3, 3 (11/5 = 2.2). Raadsleden and labs: B's 1, 2, 3 and D's:
    17/8 = 2.125 against workshops (A and C) 43/11 = 3.91: a gap of at least 0.5."""
    d = await make_session(edition.event, title="Vragenuur", format="lab", capacity=20)
    for i in range(10):
        await book(edition.people[i], d.id)
    for i in range(5):
        await check_in(edition.people[i], d.id)
    survey = await Survey.get(event_id=edition.event.id)
    questions = {"rating": await SurveyQuestion.get(survey=survey, position=0)}
    for rating in (1, 2, 2, 3, 3):
        await respond(survey, questions, session_id=d.id, rating=rating)


async def test_report_lists_feedbacks_suggestions(edition: Edition) -> None:
    await _poor_lab(edition)
    report = await services.build_report(edition.event)
    sessions = [
        (s.kind, s.title, s.figures.booked, s.figures.checked_in, s.figures.rating)
        for s in report.suggestions
        if s.figures is not None
    ]
    assert sessions == [
        ("rated_poorly", "Vragenuur", 10, 5, 2.2),
        ("many_no_shows", "Vragenuur", 10, 5, 2.2),
    ]
    audience = [
        (s.title, s.better, s.better_mean, s.worse, s.worse_mean)
        for s in report.suggestions
        if s.kind == "format_for_audience"
    ]
    assert audience == [("Raadsleden", "Workshop", 3.91, "Democratie Testlab", 2.12)]


async def test_report_page_shows_outcomes_and_suggestions(
    client: httpx.AsyncClient, edition: Edition
) -> None:
    await _outcomes(edition)
    await _poor_lab(edition)
    await login(client, edition.organiser.email)
    html = (await client.get(PAGE)).text
    for text in (
        '<th scope="row">Werkt deels</th><td>1</td>',
        "De raad kreeg de uitkomst te laat",
        "Timing, Rol van de raad",
        "Motie over tiny houses aangenomen",
        "Raadsleden waarderen Workshop met 3.9 en Democratie Testlab met 2.1.",
        '<th scope="row">Vragenuur</th><td>10</td><td>20</td><td>0</td><td>5</td><td>2.2</td>',
    ):
        assert text in html, text
    for text in (
        "Nog geen uitkomsten.",
        "Nog geen suggesties.",
        "Nog niet goedgekeurde",
        "Vorig jaar",
    ):
        assert text not in html, text
    english = (await client.get(PAGE + "?lang=en")).text
    assert "Does it work? Democracy Testlabs by answer" in english
