"""The open answers the evaluation report quotes: only those organisers marked publishable, and
only from a session (or the event survey) with at least MIN_GROUP respondents."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.functions import Count

from festival.feedback.models import QuestionType, SurveyAnswer, SurveyResponse
from festival.feedback.queries.results import MIN_GROUP


@dataclass(frozen=True)
class PublishedAnswer:
    session_id: int | None  # None: the event survey
    question: str  # the question's Dutch text
    question_en: str
    text: str


async def published_answers(event_id: int) -> list[PublishedAnswer]:
    """Publishable open answers of the event, in the order given, from groups of at least
    MIN_GROUP respondents: two queries."""
    respondents = dict(
        await SurveyResponse.filter(event_id=event_id)
        .annotate(n=Count("id"))
        .group_by("session_id")
        .values_list("session_id", "n")
    )
    large = {key for key, n in respondents.items() if n >= MIN_GROUP}
    rows = (
        await SurveyAnswer.filter(
            response__event_id=event_id, question__type=QuestionType.TEXT, publishable=True
        )
        .exclude(text="")
        .order_by("id")
        .values_list("response__session_id", "question__text", "question__text_en", "text")
    )
    return [
        PublishedAnswer(session_id, question, question_en or "", text)
        for session_id, question, question_en, text in rows
        if session_id in large
    ]
