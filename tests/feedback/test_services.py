"""Feedback rules: default surveys made once, who may answer, one response per person that can
be edited until closing, every value checked against its question."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from festival import clock
from festival.errors import Conflict, ValidationError
from festival.feedback import services as feedback
from festival.feedback.models import (
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyQuestion,
    SurveyResponse,
)
from festival.feedback.schemas import FORMATS, AnswersIn
from festival.programme.models import SessionFormat
from tests.feedback.conftest import (
    SECRET,
    WORKSHOP_ENDS,
    attendee,
    check_in,
    feedback_event,
    session_link,
)

pytestmark = pytest.mark.usefixtures("database")


def answers(values: dict[int, list[str]]) -> AnswersIn:
    return AnswersIn.model_validate(
        {"answers": [{"question": q, "values": v} for q, v in values.items()]}
    )


def test_formats_are_the_programme_session_formats() -> None:
    assert FORMATS == tuple(f.value for f in SessionFormat)


async def test_surveys_are_made_once_with_default_questions_even_when_asked_at_once() -> None:
    setup = await feedback_event()
    made = await asyncio.gather(
        *[feedback.survey_for(setup["event"].id, SurveyKind.SESSION) for _ in range(5)]
    )
    assert len({s.id for s in made}) == 1
    assert await Survey.filter(event_id=setup["event"].id).count() == 1
    session_survey, event_survey = await feedback.surveys_for(setup["event"].id)
    general = await SurveyQuestion.filter(
        survey_id=session_survey.id, session_format__isnull=True
    ).values_list("text", "type")
    assert general == [
        ("Hoe nuttig was deze sessie voor u?", "rating"),
        ("Wat gaat u ermee doen?", "text"),
        ("Wat kan beter?", "text"),
    ]
    event_types = await SurveyQuestion.filter(survey_id=event_survey.id).values_list(
        "type", flat=True
    )
    assert list(event_types) == ["rating", "recommend", "multiple", "text", "text"]


async def test_a_lab_asks_its_format_questions_and_a_workshop_does_not() -> None:
    setup = await feedback_event()
    anna = await attendee(setup, "Anna de Vries", "anna@utrecht.nl")
    _survey, _e = await feedback.surveys_for(setup["event"].id)
    lab = await feedback.target_for_link(
        setup["event"], await session_link(setup, anna, setup["lab"]), channel="link"
    )
    workshop = await feedback.target_for_link(
        setup["event"], await session_link(setup, anna, setup["workshop"]), channel="link"
    )
    lab_texts = [q.text for q in await feedback.questions_for(lab)]
    workshop_texts = [q.text for q in await feedback.questions_for(workshop)]
    assert "Is dit experiment de moeite waard om thuis te proberen?" in lab_texts
    assert "Is dit experiment de moeite waard om thuis te proberen?" not in workshop_texts
    assert "Kon u genoeg meedoen in deze workshop?" in workshop_texts
    assert workshop.session is not None
    assert (workshop.session.title, workshop.session.speakers) == (
        "Raad op Zaterdag",
        ["Fatima El Amrani"],
    )


# ---------------------------------------------------------------- who may answer


async def test_door_check_in_lets_answer_that_session() -> None:
    setup = await feedback_event()
    anna = await attendee(setup, "Anna", "anna@utrecht.nl", sessions=[setup["workshop"].id])
    await check_in(setup, anna, setup["workshop"].id)
    event_id, who = setup["event"].id, anna["attendee_id"]
    assert await feedback.may_answer_session(event_id, who, setup["workshop"].id)
    assert not await feedback.may_answer_session(event_id, who, setup["lab"].id)
    assert await feedback.may_answer_event(event_id, who)
    assert await feedback.session_attendees(event_id) == {setup["workshop"].id: {who}}


async def test_entrance_and_booking_count_only_where_the_session_had_no_door_scan() -> None:
    setup = await feedback_event()
    both = [setup["workshop"].id, setup["lab"].id]
    anna = await attendee(setup, "Anna", "anna@utrecht.nl", sessions=both)
    bert = await attendee(setup, "Bert", "bert@zeist.nl", sessions=both)
    await check_in(setup, anna, "entrance")
    await check_in(setup, bert, "entrance")
    await check_in(setup, bert, setup["workshop"].id)  # the workshop had a door scan
    event_id = setup["event"].id
    assert not await feedback.may_answer_session(
        event_id, anna["attendee_id"], setup["workshop"].id
    )
    assert await feedback.may_answer_session(event_id, anna["attendee_id"], setup["lab"].id)
    assert await feedback.session_attendees(event_id) == {
        setup["workshop"].id: {bert["attendee_id"]},
        setup["lab"].id: {anna["attendee_id"], bert["attendee_id"]},
    }


async def test_entrance_alone_invites_to_the_event_survey_only() -> None:
    setup = await feedback_event()
    anna = await attendee(setup, "Anna", "anna@utrecht.nl")
    carla = await attendee(setup, "Carla", "carla@ede.nl", sessions=[setup["lab"].id])
    await check_in(setup, anna, "entrance")
    event_id = setup["event"].id
    assert await feedback.event_attendees(event_id) == {anna["attendee_id"]}
    assert await feedback.session_attendees(event_id) == {}
    assert not await feedback.may_answer_event(event_id, carla["attendee_id"])


# ---------------------------------------------------------------- answering


async def _workshop_target(setup: dict, person: dict) -> feedback.Target:
    link = await session_link(setup, person, setup["workshop"])
    return await feedback.target_for_link(setup["event"], link, channel="link")


async def _ids(target: feedback.Target) -> list[int]:
    return [q.id for q in await feedback.questions_for(target)]


async def test_submit_stores_one_pseudonymous_response_with_the_role() -> None:
    setup = await feedback_event()
    anna = await attendee(setup, "Anna", "anna@utrecht.nl")
    clock.set_now(WORKSHOP_ENDS)
    target = await _workshop_target(setup, anna)
    useful, doing, better, _fmt = await _ids(target)
    response = await feedback.submit_response(
        target,
        answers({useful: ["4"], doing: ["Loting proberen"], better: [""]}),
        secret_key=SECRET,
    )
    stored = await SurveyResponse.get(id=response.id)
    assert (stored.session_id, stored.role, stored.channel, stored.verified) == (
        setup["workshop"].id,
        "griffier",
        "link",
        True,
    )
    assert stored.respondent == feedback.respondent_key(target.link, secret_key=SECRET)
    assert len(stored.respondent or "") == 64
    rows = await SurveyAnswer.filter(response_id=response.id).order_by("question_id")
    assert [(a.question_id, a.number, a.text) for a in rows] == [
        (useful, 4, ""),
        (doing, None, "Loting proberen"),
    ]


async def test_second_submit_edits_the_same_response() -> None:
    setup = await feedback_event()
    anna = await attendee(setup, "Anna", "anna@utrecht.nl")
    clock.set_now(WORKSHOP_ENDS)
    target = await _workshop_target(setup, anna)
    useful, doing, *_rest = await _ids(target)
    first = await feedback.submit_response(target, answers({useful: ["2"]}), secret_key=SECRET)
    clock.advance(timedelta(hours=1))
    again = await feedback.submit_response(
        target, answers({useful: ["5"], doing: ["Meer"]}), secret_key=SECRET
    )
    assert again.id == first.id
    assert await SurveyResponse.all().count() == 1
    numbers = await SurveyAnswer.filter(response_id=first.id).values_list("number", "text")
    assert sorted(numbers, key=str) == sorted([(5, ""), (None, "Meer")], key=str)
    form = await feedback.answer_form(target, secret_key=SECRET)
    assert form.answered and form.values == {useful: ["5"], doing: ["Meer"]}


@pytest.mark.parametrize(
    ("position", "values", "message"),
    [
        pytest.param(0, ["6"], "Kies een waarde van 1 tot 5.", id="rating-above-5"),
        pytest.param(0, ["0"], "Kies een waarde van 1 tot 5.", id="rating-zero"),
        pytest.param(0, ["3", "4"], "Kies een waarde van 1 tot 5.", id="rating-twice"),
        pytest.param(0, ["vier"], "Kies een waarde van 1 tot 5.", id="rating-word"),
        pytest.param(
            1, ["x" * 2001], "Uw antwoord is te lang: gebruik hoogstens 2000 tekens.", id="long"
        ),
        pytest.param(3, ["3"], "Kies één van de antwoorden.", id="option-out-of-range"),
    ],
)
async def test_values_outside_the_question_are_refused_and_nothing_saved(
    position: int, values: list[str], message: str
) -> None:
    setup = await feedback_event()
    anna = await attendee(setup, "Anna", "anna@utrecht.nl")
    clock.set_now(WORKSHOP_ENDS)
    link = await session_link(setup, anna, setup["lab"])
    target = await feedback.target_for_link(setup["event"], link, channel="link")
    ids = await _ids(target)
    with pytest.raises(ValidationError) as refused:
        await feedback.submit_response(target, answers({ids[position]: values}), secret_key=SECRET)
    assert refused.value.code == "invalid_answer"
    assert refused.value.fields == {f"q{ids[position]}": message}
    assert await SurveyResponse.all().count() == 0


async def test_a_question_of_another_survey_is_refused() -> None:
    setup = await feedback_event()
    anna = await attendee(setup, "Anna", "anna@utrecht.nl")
    clock.set_now(WORKSHOP_ENDS)
    target = await _workshop_target(setup, anna)
    _s, event_survey = await feedback.surveys_for(setup["event"].id)
    other = await SurveyQuestion.filter(survey_id=event_survey.id).first()
    assert other is not None
    with pytest.raises(ValidationError) as refused:
        await feedback.submit_response(target, answers({other.id: ["3"]}), secret_key=SECRET)
    assert refused.value.fields == {f"q{other.id}": "Deze vraag hoort niet bij deze vragenlijst."}


async def test_answers_after_closing_are_refused() -> None:
    setup = await feedback_event()
    anna = await attendee(setup, "Anna", "anna@utrecht.nl")
    clock.set_now(WORKSHOP_ENDS)
    target = await _workshop_target(setup, anna)
    useful = (await _ids(target))[0]
    # Without a date of its own the survey closes 14 days after the event's end.
    clock.set_now(datetime(2027, 4, 3, 16, 0, tzinfo=UTC))
    with pytest.raises(Conflict) as refused:
        await feedback.submit_response(target, answers({useful: ["4"]}), secret_key=SECRET)
    assert refused.value.code == "survey_closed"
    clock.set_now(datetime(2027, 4, 3, 15, 59, tzinfo=UTC))
    await feedback.submit_response(target, answers({useful: ["4"]}), secret_key=SECRET)
    assert await SurveyResponse.all().count() == 1


async def test_a_tampered_or_foreign_link_is_refused() -> None:
    setup = await feedback_event()
    other = await feedback_event("other-2027", codes="X")
    anna = await attendee(setup, "Anna", "anna@utrecht.nl")
    link = await session_link(setup, anna, setup["workshop"])
    token = feedback.answer_token(link, secret_key=SECRET)
    assert feedback.read_answer_token(token, secret_key=SECRET) == link
    with pytest.raises(Exception) as tampered:
        feedback.read_answer_token(token[:-2] + "xx", secret_key=SECRET)
    assert getattr(tampered.value, "code", "") == "invalid_link"
    with pytest.raises(Exception) as foreign:
        await feedback.target_for_link(other["event"], link, channel="link")
    assert getattr(foreign.value, "code", "") == "invalid_link"


async def test_an_edit_keeps_the_publishable_mark_only_on_the_same_text() -> None:
    setup = await feedback_event()
    anna = await attendee(setup, "Anna", "anna@utrecht.nl")
    clock.set_now(WORKSHOP_ENDS)
    target = await _workshop_target(setup, anna)
    _useful, doing, better, _fmt = await _ids(target)
    response = await feedback.submit_response(
        target, answers({doing: ["Delen"], better: ["Koffie"]}), secret_key=SECRET
    )
    await SurveyAnswer.filter(response_id=response.id).update(publishable=True)
    await feedback.submit_response(
        target, answers({doing: ["Delen"], better: ["Meer koffie"]}), secret_key=SECRET
    )
    marks = await SurveyAnswer.filter(response_id=response.id).values_list("text", "publishable")
    assert sorted(marks) == [("Delen", True), ("Meer koffie", False)]
