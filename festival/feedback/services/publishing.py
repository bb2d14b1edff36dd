"""Open answers an organiser marks publishable (for the archive and the evaluation report)."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from festival import audit
from festival.audit import Actor
from festival.errors import NotFound, ValidationError
from festival.feedback.models import QuestionType, SurveyAnswer, SurveyResponse
from festival.feedback.queries import MIN_GROUP
from festival.i18n import _
from festival.schemas import Input


class PublishData(Input):
    publishable: bool


async def set_publishable(
    answer_id: int, *, event_id: int, publishable: bool, actor: Actor
) -> SurveyAnswer:
    """Mark an open answer of the event publishable or not. Audits feedback.answer_published /
    feedback.answer_unpublished. Raises NotFound (not an open answer of this event) and
    ValidationError (its session has fewer than five respondents: nobody may read it)."""
    async with in_transaction():
        answer = (
            await SurveyAnswer.filter(
                id=answer_id, response__event_id=event_id, question__type=QuestionType.TEXT
            )
            .select_related("response")
            .first()
        )
        if answer is None:
            raise NotFound("not_found", _("Dit antwoord bestaat niet."))
        respondents = await SurveyResponse.filter(
            survey_id=answer.response.survey_id, session_id=answer.response.session_id
        ).count()
        if respondents < MIN_GROUP:
            raise ValidationError(
                "too_few_respondents",
                _("Deze sessie heeft minder dan 5 respondenten; de antwoorden blijven verborgen."),
            )
        answer.publishable = publishable
        await answer.save(update_fields=["publishable"])
        action = "feedback.answer_published" if publishable else "feedback.answer_unpublished"
        await audit.record(
            actor, action, answer, event_id=event_id, session_id=answer.response.session_id
        )
    return answer
