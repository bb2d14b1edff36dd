"""Each event's two surveys (session and event) with good default questions, its feedback
settings, and the questions organisers and partners add, edit, move and remove."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.errors import Conflict, NotFound, PermissionDenied
from festival.events.models import Event
from festival.feedback.models import (
    FeedbackSettings,
    QuestionType,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyQuestion,
)
from festival.feedback.schemas import SettingsIn
from festival.i18n import _
from festival.programme import queries as programme_queries

CLOSES_AFTER = timedelta(days=14)  # without a date of its own, a survey closes this long after
MAX_PARTNER_QUESTIONS = 2


@dataclass(frozen=True)
class Default:
    type: QuestionType
    text: str
    text_en: str
    session_format: str | None = None
    options: tuple[tuple[str, str], ...] = ()


# Plain Dutch (B1) first, English beside it. Stored as content (organisers may reword them).
SESSION_DEFAULTS = (
    Default(
        QuestionType.RATING,
        "Hoe nuttig was deze sessie voor u?",
        "How useful was this session for you?",
    ),
    Default(QuestionType.TEXT, "Wat gaat u ermee doen?", "What will you do with it?"),
    Default(QuestionType.TEXT, "Wat kan beter?", "What could be better?"),
    # per session format
    Default(
        QuestionType.SINGLE,
        "Is dit experiment de moeite waard om thuis te proberen?",
        "Is this experiment worth trying in your own municipality?",
        "lab",
        (("Ja", "Yes"), ("Misschien", "Maybe"), ("Nee", "No")),
    ),
    Default(
        QuestionType.TEXT,
        "Wat hebt u geleerd van het experiment?",
        "What did you learn from the experiment?",
        "lab",
    ),
    Default(
        QuestionType.RATING,
        "Kon u genoeg meedoen in deze workshop?",
        "Could you take part enough in this workshop?",
        "workshop",
    ),
    Default(
        QuestionType.RATING,
        "Kwamen de verschillende standpunten goed aan bod?",
        "Were the different points of view heard well?",
        "debate",
    ),
    Default(
        QuestionType.RATING,
        "Was de plenaire sessie goed te volgen?",
        "Was the plenary session easy to follow?",
        "plenary",
    ),
    Default(
        QuestionType.RATING,
        "Hoe goed was de excursie geregeld?",
        "How well was the excursion organised?",
        "excursion",
    ),
)
EVENT_DEFAULTS = (
    Default(
        QuestionType.RATING,
        "Hoe tevreden bent u over deze dag?",
        "How satisfied are you with this day?",
    ),
    Default(
        QuestionType.RECOMMEND,
        "Zou u dit evenement aanraden aan een collega?",
        "Would you recommend this event to a colleague?",
    ),
    Default(
        QuestionType.MULTIPLE,
        "Wat neemt u mee naar huis?",
        "What do you take home?",
        None,
        (
            ("Nieuwe ideeën", "New ideas"),
            ("Nieuwe contacten", "New contacts"),
            ("Praktische tips", "Practical tips"),
            ("Niets nieuws", "Nothing new"),
        ),
    ),
    Default(
        QuestionType.TEXT, "Wat was het beste van deze dag?", "What was the best part of the day?"
    ),
    Default(QuestionType.TEXT, "Wat kan volgend jaar beter?", "What could be better next year?"),
)


def _question_rows(survey: Survey, defaults: tuple[Default, ...]) -> list[SurveyQuestion]:
    return [
        SurveyQuestion(
            survey_id=survey.id,
            position=position,
            type=item.type,
            text=item.text,
            text_en=item.text_en,
            options=[{"nl": nl, "en": en} for nl, en in item.options],
            session_format=item.session_format,
        )
        for position, item in enumerate(defaults)
    ]


async def survey_for(event_id: int, kind: SurveyKind) -> Survey:
    """The event's survey of `kind`, made with its default questions the first time it is asked
    for. Safe when two requests ask at once: the unique (event, kind) decides, the loser reads."""
    found = await Survey.get_or_none(event_id=event_id, kind=kind)
    if found is not None:
        return found
    defaults = SESSION_DEFAULTS if kind == SurveyKind.SESSION else EVENT_DEFAULTS
    try:
        async with in_transaction():
            survey = await Survey.create(event_id=event_id, kind=kind)
            await SurveyQuestion.bulk_create(_question_rows(survey, defaults))
    except IntegrityError:
        return await Survey.get(event_id=event_id, kind=kind)
    return survey


async def surveys_for(event_id: int) -> tuple[Survey, Survey]:
    """(session survey, event survey) of the event."""
    return await survey_for(event_id, SurveyKind.SESSION), await survey_for(
        event_id, SurveyKind.EVENT
    )


async def settings_for(event_id: int) -> FeedbackSettings:
    """The event's feedback settings (defaults the first time), safe under concurrency."""
    found = await FeedbackSettings.get_or_none(event_id=event_id)
    if found is not None:
        return found
    try:
        async with in_transaction():
            return await FeedbackSettings.create(event_id=event_id)
    except IntegrityError:
        return await FeedbackSettings.get(event_id=event_id)


def closes_at(event: Event, settings: FeedbackSettings) -> datetime:
    """When the surveys stop taking answers."""
    return settings.closes_at or event.ends_at + CLOSES_AFTER


def is_open(event: Event, settings: FeedbackSettings) -> bool:
    return clock.now() < closes_at(event, settings)


def questions_of(
    questions: list[SurveyQuestion], *, session_format: str | None, session_id: int | None
) -> list[SurveyQuestion]:
    """The questions shown for one session (or, both None, the event survey): the general ones,
    those of the session's format, and the partner's own for this session."""
    return [
        q
        for q in questions
        if (q.session_format is None or q.session_format == session_format)
        and (q.session_id is None or q.session_id == session_id)
    ]


async def survey_questions(survey: Survey) -> list[SurveyQuestion]:
    return await SurveyQuestion.filter(survey_id=survey.id).order_by("position", "id")


# ---------------------------------------------------------------- organiser changes


def _utc(moment: datetime | None, tz: str) -> datetime | None:
    if moment is None:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else clock.from_local(moment, tz)


async def save_settings(event: Event, data: SettingsIn, *, actor: audit.Actor) -> FeedbackSettings:
    """Change the event's feedback settings (moments given in the event's time zone; only the
    event's own sessions can take anonymous answers). Audits feedback.settings_changed."""
    settings = await settings_for(event.id)
    own = await programme_queries.session_infos(event_id=event.id)
    async with in_transaction():
        settings.invite_timing = data.invite_timing
        settings.closes_at = _utc(data.closes_at, event.timezone)
        settings.partner_questions_until = _utc(data.partner_questions_until, event.timezone)
        settings.anonymous_session_ids = sorted(set(data.anonymous_session_ids) & set(own))
        await settings.save()
        await audit.record(actor, "feedback.settings_changed", settings, event_id=event.id)
    return settings


@dataclass(frozen=True)
class Overview:
    """What the organiser's feedback page shows, fully loaded."""

    settings: FeedbackSettings
    closes_at: datetime
    session_survey: Survey
    event_survey: Survey
    session_questions: list[SurveyQuestion]
    event_questions: list[SurveyQuestion]
    sessions: list[programme_queries.SessionInfo]
    inputs: dict[str, str]  # the moments as a datetime-local field shows them


def _local_input(moment: datetime | None, tz: str) -> str:
    return clock.to_local(moment, tz).strftime("%Y-%m-%dT%H:%M") if moment else ""


def question_values(question: SurveyQuestion) -> dict[str, Any]:
    """A question as its edit form shows it (options one a line, "Nederlands | English")."""
    options = "\n".join(
        f"{o.get('nl', '')} | {o.get('en', '')}" if o.get("en") else o.get("nl", "")
        for o in question.options or []
    )
    return {
        "type": str(question.type),
        "text": question.text,
        "text_en": question.text_en,
        "options": options,
        "session_format": question.session_format or "",
        "required": question.required,
    }


async def overview(event: Event) -> Overview:
    settings = await settings_for(event.id)
    session_survey, event_survey = await surveys_for(event.id)
    infos = await programme_queries.session_infos(event_id=event.id)
    sessions = sorted(
        (i for i in infos.values() if i.state != "cancelled"),
        key=lambda i: (i.starts_at or event.starts_at, i.title),
    )
    return Overview(
        settings,
        closes_at(event, settings),
        session_survey,
        event_survey,
        await survey_questions(session_survey),
        await survey_questions(event_survey),
        sessions,
        {
            "closes_at": _local_input(settings.closes_at, event.timezone),
            "partner_questions_until": _local_input(
                settings.partner_questions_until, event.timezone
            ),
        },
    )


async def get_question(event: Event, question_id: int) -> SurveyQuestion:
    """A question of one of the event's surveys. Raises NotFound."""
    found = await SurveyQuestion.get_or_none(id=question_id, survey__event_id=event.id)
    if found is None:
        raise NotFound("question_not_found", _("Deze vraag bestaat niet."))
    return found


async def add_question(
    survey: Survey, *, values: dict[str, Any], actor: audit.Actor, event_id: int
) -> SurveyQuestion:
    """Add a question at the end of the survey. Audits feedback.question_added."""
    async with in_transaction():
        last = await SurveyQuestion.filter(survey_id=survey.id).order_by("-position").first()
        question = await SurveyQuestion.create(
            survey_id=survey.id, position=(last.position + 1) if last else 0, **values
        )
        await audit.record(actor, "feedback.question_added", question, event_id=event_id)
    return question


async def update_question(
    question: SurveyQuestion, *, values: dict[str, Any], actor: audit.Actor, event_id: int
) -> SurveyQuestion:
    """Change a question's text, options or type. Audits feedback.question_changed."""
    async with in_transaction():
        question.update_from_dict(values)
        await question.save()
        await audit.record(actor, "feedback.question_changed", question, event_id=event_id)
    return question


async def move_question(
    question: SurveyQuestion, *, up: bool, actor: audit.Actor, event_id: int
) -> None:
    """Swap the question with its neighbour above (or below) in its survey."""
    async with in_transaction():
        siblings = await SurveyQuestion.filter(survey_id=question.survey_id).order_by(
            "position", "id"
        )
        index = next(i for i, q in enumerate(siblings) if q.id == question.id)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(siblings):
            return
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, item in enumerate(siblings):
            if item.position != position:
                await SurveyQuestion.filter(id=item.id).update(position=position)
        await audit.record(actor, "feedback.question_moved", question, event_id=event_id, up=up)


async def delete_question(question: SurveyQuestion, *, actor: audit.Actor, event_id: int) -> None:
    """Remove a question nobody has answered yet. Raises Conflict(question_answered): answers
    are never thrown away."""
    async with in_transaction():
        if await SurveyAnswer.filter(question_id=question.id).exists():
            raise Conflict(
                "question_answered",
                _("Deze vraag is al beantwoord. U kunt de tekst nog wel aanpassen."),
            )
        await audit.record(
            actor, "feedback.question_deleted", question, event_id=event_id, text=question.text
        )
        await question.delete()


# ---------------------------------------------------------------- partner questions


async def partner_questions(session_id: int) -> list[SurveyQuestion]:
    return await SurveyQuestion.filter(session_id=session_id).order_by("position", "id")


async def add_partner_question(
    event: Event,
    session_id: int,
    *,
    organisation_id: int,
    values: dict[str, Any],
    actor: audit.Actor,
) -> SurveyQuestion:
    """A partner's own question for its session, before the organiser's date and at most two.
    Raises PermissionDenied(partner_questions_closed) or Conflict(too_many_questions)."""
    settings = await settings_for(event.id)
    until = settings.partner_questions_until
    if until is None or clock.now() > until:
        raise PermissionDenied(
            "partner_questions_closed",
            _("U kunt nu geen eigen vragen (meer) toevoegen."),
        )
    survey = await survey_for(event.id, SurveyKind.SESSION)
    async with in_transaction():
        if await SurveyQuestion.filter(session_id=session_id).count() >= MAX_PARTNER_QUESTIONS:
            raise Conflict(
                "too_many_questions",
                _("U kunt hoogstens twee eigen vragen stellen over uw sessie."),
            )
        return await add_question(
            survey,
            values={
                **values,
                "session_id": session_id,
                "added_by_organisation_id": organisation_id,
            },
            actor=actor,
            event_id=event.id,
        )


async def delete_partner_question(
    event: Event, session_id: int, question_id: int, *, actor: audit.Actor
) -> None:
    """Remove the partner's own question of its session (before anyone answered it)."""
    question = await SurveyQuestion.get_or_none(id=question_id, session_id=session_id)
    if question is None:
        raise NotFound("question_not_found", _("Deze vraag bestaat niet."))
    await delete_question(question, actor=actor, event_id=event.id)
