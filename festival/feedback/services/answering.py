"""Answering a survey: the form's content (session, questions, earlier answers), and submitting
or editing one response per person per survey (and session) until the survey closes, every
value checked against its question, all in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.errors import Conflict, NotFound, ValidationError
from festival.events.models import Event
from festival.feedback.models import (
    QuestionType,
    ResponseChannel,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyQuestion,
    SurveyResponse,
)
from festival.feedback.schemas import MAX_TEXT, AnswersIn
from festival.feedback.services import surveys
from festival.feedback.services.links import AnswerLink, respondent_key
from festival.i18n import _
from festival.programme import queries as programme_queries
from festival.programme import services as programme
from festival.registration import queries as registration_queries

SCALES = {QuestionType.RATING: (1, 5), QuestionType.RECOMMEND: (0, 10)}


@dataclass(frozen=True)
class SessionHeader:
    """What the form shows of the session at the top."""

    id: int
    code: str
    title: str
    title_en: str
    starts_at: datetime | None
    ends_at: datetime | None
    room: str
    format: str
    speakers: list[str]


@dataclass(frozen=True)
class Target:
    """Whose answers about what: a survey of an event, a session (None for the event survey),
    the attendee (None: an anonymous poster answer) and how the form was reached."""

    event: Event
    survey: Survey
    session: SessionHeader | None
    attendee_id: int | None
    channel: ResponseChannel = ResponseChannel.LINK
    role: str | None = None  # the attendee's role when already read (None: read it on submit)

    @property
    def link(self) -> AnswerLink:
        assert self.attendee_id is not None
        return AnswerLink(
            self.attendee_id, self.survey.id, self.session.id if self.session else None
        )


@dataclass(frozen=True)
class AnswerForm:
    target: Target
    questions: list[SurveyQuestion]
    values: dict[int, list[str]] = field(default_factory=dict)  # earlier answers, as sent
    answered: bool = False
    closes_at: datetime | None = None
    is_open: bool = True


# ---------------------------------------------------------------- loading


async def session_header(event: Event, session_id: int) -> SessionHeader:
    """The session's title, time, room, format and speakers. Raises NotFound."""
    session = await programme.get_session(event, session_id)
    info = (await programme_queries.session_infos([session_id]))[session_id]
    speakers = await session.speakers.all().order_by("name").values_list("name", flat=True)
    return SessionHeader(
        session.id,
        session.code,
        session.title,
        session.title_en,
        session.starts_at,
        session.ends_at,
        info.room,
        str(session.format),
        [str(name) for name in speakers],
    )


async def session_by_code(event: Event, code: str) -> SessionHeader:
    """The event's session with this poster code. Raises NotFound(session_not_found)."""
    wanted = code.strip().upper()
    for info in (await programme_queries.session_infos(event_id=event.id)).values():
        if info.code.upper() == wanted and info.state != "cancelled":
            return await session_header(event, info.id)
    raise NotFound(
        "session_not_found",
        _("Deze sessie bestaat niet. Controleer de code op de poster in de zaal."),
    )


async def target_for_link(event: Event, link: AnswerLink, *, channel: ResponseChannel) -> Target:
    """The survey (and session) a signed link is for. Raises NotFound(invalid_link) when the
    link belongs to another event or its survey kind and session do not match."""
    survey = await Survey.get_or_none(id=link.survey_id, event_id=event.id)
    wrong = NotFound("invalid_link", _("Deze link hoort niet bij deze vragenlijst."))
    if survey is None or (survey.kind == SurveyKind.SESSION) != (link.session_id is not None):
        raise wrong
    card = await registration_queries.attendee_card(link.attendee_id)
    if card is None or card["event_id"] != event.id:
        raise wrong
    header = await session_header(event, link.session_id) if link.session_id else None
    return Target(event, survey, header, link.attendee_id, channel, card["role"])


async def questions_for(target: Target) -> list[SurveyQuestion]:
    every = await surveys.survey_questions(target.survey)
    if target.session is None:
        return surveys.questions_of(every, session_format=None, session_id=None)
    return surveys.questions_of(
        every, session_format=target.session.format, session_id=target.session.id
    )


def _as_sent(question: SurveyQuestion, answer: SurveyAnswer) -> list[str]:
    if question.type == QuestionType.TEXT:
        return [answer.text]
    if question.type == QuestionType.MULTIPLE:
        return [str(i) for i in answer.choices or []]
    return [str(answer.number)] if answer.number is not None else []


async def answer_form(target: Target, *, secret_key: str, show_earlier: bool = True) -> AnswerForm:
    """The questions of the target and, when `show_earlier`, the person's earlier answers."""
    questions = await questions_for(target)
    settings = await surveys.settings_for(target.event.id)
    values: dict[int, list[str]] = {}
    response = None
    if show_earlier and target.attendee_id is not None:
        response = await SurveyResponse.get_or_none(
            respondent=respondent_key(target.link, secret_key=secret_key)
        )
    if response is not None:
        by_id = {q.id: q for q in questions}
        for answer in await SurveyAnswer.filter(response_id=response.id):
            if answer.question_id in by_id:
                values[answer.question_id] = _as_sent(by_id[answer.question_id], answer)
    return AnswerForm(
        target,
        questions,
        values,
        answered=response is not None,
        closes_at=surveys.closes_at(target.event, settings),
        is_open=surveys.is_open(target.event, settings),
    )


# ---------------------------------------------------------------- checking


@dataclass(frozen=True)
class Checked:
    question_id: int
    number: int | None = None
    choices: list[int] | None = None
    text: str = ""


def _number(raw: list[str], low: int, high: int) -> int | None:
    if len(raw) != 1 or not raw[0].strip().isascii() or not raw[0].strip().isdigit():
        return None
    value = int(raw[0].strip()[:3])
    return value if low <= value <= high else None


def _check_one(question: SurveyQuestion, raw: list[str]) -> Checked | str:
    """The answer as stored, or the message for the field."""
    if question.type == QuestionType.TEXT:
        text = "\n".join(raw).strip()
        if len(text) > MAX_TEXT:
            return _("Uw antwoord is te lang: gebruik hoogstens 2000 tekens.")
        if "\x00" in text:
            return _("De tekst bevat een teken dat niet is toegestaan (NUL).")
        return Checked(question.id, text=text)
    if question.type in SCALES:
        low, high = SCALES[question.type]
        number = _number(raw, low, high)
        if number is None:
            return _("Kies een waarde van %(low)s tot %(high)s.") % {"low": low, "high": high}
        return Checked(question.id, number=number)
    count = len(question.options or [])
    if question.type == QuestionType.SINGLE:
        number = _number(raw, 0, count - 1)
        if number is None:
            return _("Kies één van de antwoorden.")
        return Checked(question.id, number=number)
    picked = [_number([value], 0, count - 1) for value in raw]
    if any(p is None for p in picked) or len(set(picked)) != len(picked):
        return _("Kies alleen uit de genoemde antwoorden.")
    return Checked(question.id, choices=sorted(p for p in picked if p is not None))


def check_answers(questions: list[SurveyQuestion], data: AnswersIn) -> list[Checked]:
    """Every given answer checked against its question. Raises ValidationError with a
    message per field `q<id>` (unknown question, out of range, too long, a required one empty)."""
    by_id = {q.id: q for q in questions}
    given = {a.question: [v for v in a.values if v.strip()] for a in data.answers}
    fields: dict[str, str] = {}
    checked = []
    for question_id in given:
        if question_id not in by_id:
            fields[f"q{question_id}"] = _("Deze vraag hoort niet bij deze vragenlijst.")
    for question in questions:
        raw = given.get(question.id) or []
        if not raw:
            if question.required:
                fields[f"q{question.id}"] = _("Beantwoord deze vraag.")
            continue
        result = _check_one(question, raw)
        if isinstance(result, str):
            fields[f"q{question.id}"] = result
        elif result.text or result.number is not None or result.choices:
            checked.append(result)
    if fields:
        raise ValidationError(
            "invalid_answer", _("Controleer de antwoorden met een foutmelding."), fields
        )
    if not checked:
        raise ValidationError(
            "empty_response",
            _("Beantwoord ten minste één vraag."),
            {"answers": _("Beantwoord ten minste één vraag.")},
        )
    return checked


# ---------------------------------------------------------------- saving


async def submit_response(
    target: Target, data: AnswersIn, *, secret_key: str, verified: bool = True
) -> SurveyResponse:
    """Store the person's answers, or replace their earlier ones (one response per person per
    survey and session). Side effects: response and answer rows, audit `feedback.answered` or
    `feedback.answer_changed` (without the person). Raises Conflict(survey_closed),
    ValidationError(invalid_answer, empty_response)."""
    settings = await surveys.settings_for(target.event.id)
    if not surveys.is_open(target.event, settings):
        raise Conflict(
            "survey_closed",
            _("Deze vragenlijst is gesloten. U kunt geen antwoorden meer geven of wijzigen."),
        )
    checked = check_answers(await questions_for(target), data)
    role = target.role or ""
    if target.role is None and target.attendee_id is not None:
        card = await registration_queries.attendee_card(target.attendee_id)
        role = card["role"] if card else ""
    respondent = (
        respondent_key(target.link, secret_key=secret_key)
        if target.attendee_id is not None
        else None
    )
    try:
        return await _save(target, checked, respondent=respondent, role=role, verified=verified)
    except IntegrityError:
        # The same person submitted twice at once: the other one made the response; edit it.
        return await _save(target, checked, respondent=respondent, role=role, verified=verified)


async def _save(
    target: Target, checked: list[Checked], *, respondent: str | None, role: str, verified: bool
) -> SurveyResponse:
    now = clock.now()
    async with in_transaction():
        response = await SurveyResponse.get_or_none(respondent=respondent) if respondent else None
        earlier: dict[int, str] = {}  # question -> open answer an organiser marked publishable
        if response is None:
            response = await SurveyResponse.create(
                survey_id=target.survey.id,
                event_id=target.event.id,
                session_id=target.session.id if target.session else None,
                respondent=respondent,
                role=role,
                channel=target.channel,
                verified=verified,
                created_at=now,
                updated_at=now,
            )
            action = "feedback.answered"
        else:
            marked = SurveyAnswer.filter(response_id=response.id, publishable=True)
            earlier = dict(await marked.values_list("question_id", "text"))
            await SurveyAnswer.filter(response_id=response.id).delete()
            await SurveyResponse.filter(id=response.id).update(updated_at=now)
            action = "feedback.answer_changed"
        await SurveyAnswer.bulk_create([_answer_row(response, c, earlier) for c in checked])
        await audit.record(
            audit.SYSTEM,
            action,
            response,
            event_id=target.event.id,
            channel=str(target.channel),
        )
    return response


def _answer_row(
    response: SurveyResponse, checked: Checked, earlier: dict[int, str]
) -> SurveyAnswer:
    # An organiser's "publishable" mark stays only on the very text it was given to.
    keep = bool(checked.text) and earlier.get(checked.question_id) == checked.text
    return SurveyAnswer(
        response_id=response.id,
        event_id=response.event_id,
        session_id=response.session_id,
        role=response.role,
        question_id=checked.question_id,
        number=checked.number,
        choices=checked.choices,
        text=checked.text,
        publishable=keep,
    )


def answer_values(form: AnswerForm) -> dict[str, Any]:
    """The earlier answers as the template reads them (`q<id>` -> list of strings)."""
    return {f"q{qid}": values for qid, values in form.values.items()}
