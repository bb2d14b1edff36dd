"""The 2026 surveys and a few hundred responses to them: ratings around each session's quality,
choices, open answers (some publishable), anonymous poster answers, and a small group."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from typing import Any

from festival.events.models import Event
from festival.feedback.demo_results.data import (
    BETTER,
    EVENT_TAKEAWAYS,
    SESSIONS,
    SMALL_SESSIONS,
    USES,
)
from festival.feedback.models import (
    QuestionType,
    ResponseChannel,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyQuestion,
    SurveyResponse,
)
from festival.programme.models import Session


def draw_rating(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.8))))


def draw_recommend(rng: random.Random, rating: int) -> int:
    return max(0, min(10, round(rng.gauss(rating * 2 - 0.5, 1.3))))


async def make_surveys(
    old: Event,
) -> tuple[Survey, list[SurveyQuestion], Survey, list[SurveyQuestion]]:
    session_survey = await Survey.create(event_id=old.id, kind=SurveyKind.SESSION)
    event_survey = await Survey.create(event_id=old.id, kind=SurveyKind.EVENT)
    specs = [
        (
            session_survey,
            QuestionType.RATING,
            "Hoe nuttig was deze sessie voor u?",
            "How useful was this session to you?",
            [],
        ),
        (
            session_survey,
            QuestionType.MULTIPLE,
            "Wat gaat u ermee doen?",
            "What will you do with it?",
            USES,
        ),
        (session_survey, QuestionType.TEXT, "Wat kan beter?", "What could be better?", []),
        (
            session_survey,
            QuestionType.RECOMMEND,
            "Zou u deze sessie aanraden aan een collega?",
            "Would you recommend this session to a colleague?",
            [],
        ),
        (
            event_survey,
            QuestionType.RATING,
            "Hoe was de dag als geheel?",
            "How was the day as a whole?",
            [],
        ),
        (
            event_survey,
            QuestionType.RECOMMEND,
            "Zou u de Dag van de Lokale Democratie aanraden?",
            "Would you recommend the Local Democracy Day?",
            [],
        ),
        (
            event_survey,
            QuestionType.TEXT,
            "Wat neemt u mee naar huis?",
            "What do you take home?",
            [],
        ),
    ]
    made = [
        await SurveyQuestion.create(
            survey=survey,
            position=i,
            type=kind,
            text=text,
            text_en=text_en,
            options=options,
            required=kind == QuestionType.RATING,
        )
        for i, (survey, kind, text, text_en, options) in enumerate(specs)
    ]
    return session_survey, made[:4], event_survey, made[4:]


async def make_responses(
    old: Event,
    sessions: dict[str, Session],
    present: dict[int, list[tuple[int, str]]],
    rng: random.Random,
) -> int:
    """About a third of those present answer the session survey, a quarter the event survey."""
    session_survey, sq, event_survey, eq = await make_surveys(old)
    quality = {s.id: row[7] for row in SESSIONS for s in [sessions[row[0]]]}
    small = {sessions[t].id for t in SMALL_SESSIONS}
    at = old.ends_at + timedelta(hours=2)
    planned: list[tuple[SurveyResponse, dict[int, Any]]] = []
    for session_id, people in present.items():
        share, answered = (0.2 if session_id in small else 0.38), 0
        for attendee_id, role in people:
            if rng.random() > share or (session_id in small and answered >= 3):
                continue
            answered += 1
            rating = draw_rating(rng, quality[session_id])
            answers: dict[int, Any] = {sq[0].id: rating, sq[3].id: draw_recommend(rng, rating)}
            answers[sq[1].id] = (
                sorted(rng.sample(range(3), rng.randint(1, 2))) if rating >= 3 else [3]
            )
            if rng.random() < 0.3:
                answers[sq[2].id] = rng.choice(BETTER)
            planned.append(
                (response_row(session_survey, old, session_id, attendee_id, role, at), answers)
            )
    everyone = {a: r for people in present.values() for a, r in people}
    for attendee_id, role in sorted(everyone.items()):
        if rng.random() < 0.25:
            rating = draw_rating(rng, 4.0)
            answers = {eq[0].id: rating, eq[1].id: draw_recommend(rng, rating)}
            if rng.random() < 0.4:
                answers[eq[2].id] = rng.choice(EVENT_TAKEAWAYS)
            planned.append((response_row(event_survey, old, None, attendee_id, role, at), answers))
    for n in range(4):  # anonymous answers from the room poster of the excursion
        excursion = sessions["Stadswandeling: zeven eeuwen bestuur"].id
        response = response_row(session_survey, old, excursion, -n - 1, "", at)
        response.respondent, response.verified, response.channel = (
            None,
            False,
            ResponseChannel.ANONYMOUS,
        )
        planned.append((response, {sq[0].id: 5, sq[3].id: 9}))
    await SurveyResponse.bulk_create([r for r, _a in planned], batch_size=1000)
    ids = await SurveyResponse.filter(event_id=old.id).order_by("id").values_list("id", flat=True)
    answers_rows = []
    for response_id, (response, answers) in zip(ids, planned, strict=True):
        keys = {
            "response_id": response_id,
            "event_id": response.event_id,
            "session_id": response.session_id,
            "role": response.role,
        }
        for question_id, value in answers.items():
            if isinstance(value, list):
                answers_rows.append(SurveyAnswer(question_id=question_id, choices=value, **keys))
            elif isinstance(value, str):
                answers_rows.append(
                    SurveyAnswer(
                        question_id=question_id,
                        text=value,
                        publishable=value in BETTER[4:6] + EVENT_TAKEAWAYS[:2],
                        **keys,
                    )
                )
            else:
                answers_rows.append(SurveyAnswer(question_id=question_id, number=value, **keys))
    await SurveyAnswer.bulk_create(answers_rows, batch_size=2000)
    return len(planned)


def response_row(
    survey: Survey, old: Event, session_id: int | None, attendee_id: int, role: str, at: datetime
) -> SurveyResponse:
    key = hashlib.sha256(f"demo:{survey.id}:{session_id}:{attendee_id}".encode()).hexdigest()
    return SurveyResponse(
        survey_id=survey.id,
        event_id=old.id,
        session_id=session_id,
        respondent=key,
        role=role,
        channel=ResponseChannel.LINK,
        verified=True,
        created_at=at,
        updated_at=at,
    )
