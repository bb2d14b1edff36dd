"""Input of the feedback area: survey settings, questions (organiser and partner), and the
answers of one response (from the answer form, the room poster or a test)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from festival.feedback.models import InviteTiming, QuestionType
from festival.i18n import _
from festival.programme.queries import SessionFormat
from festival.schemas import Id, Input, limit

FORMATS = tuple(f.value for f in SessionFormat)
PARTNER_TYPES = (QuestionType.RATING, QuestionType.TEXT, QuestionType.RECOMMEND)
MAX_TEXT = 2000  # an open answer
MAX_OPTIONS = 12
_QUESTION_FIELD = re.compile(r"^q([1-9][0-9]{0,9})$")


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def _checkbox(value: object) -> object:
    return value not in (None, "", "0", "false", False)


LocalMoment = Annotated[datetime | None, BeforeValidator(_blank_is_none)]


class SettingsIn(Input):
    """When invitations go out and until when answers and partner questions are taken; the
    moments in the event's own time zone."""

    invite_timing: InviteTiming = InviteTiming.AFTER_SESSION
    closes_at: LocalMoment = None
    partner_questions_until: LocalMoment = None
    anonymous_session_ids: list[Id] = Field(default_factory=list, max_length=1000)

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        moment = _("Vul een datum en tijd in, zoals 2027-03-27 18:00.")
        return {
            "closes_at": ("invalid_moment", moment),
            "partner_questions_until": ("invalid_moment", moment),
            "invite_timing": ("invalid_timing", _("Kies wanneer de uitnodigingen weggaan.")),
        }


def _options(value: object) -> object:
    """One option a line, "Nederlands | English" (the English part may be left out)."""
    if not isinstance(value, str):
        return value
    out = []
    for line in value.splitlines():
        nl, _bar, en = line.partition("|")
        if nl.strip():
            out.append({"nl": nl.strip()[:200], "en": en.strip()[:200]})
    return out


class QuestionIn(Input):
    """A question: its type and text in Dutch and English, the options of a choice question,
    and the session format it is limited to (none: every session)."""

    type: QuestionType
    text: Annotated[str, limit(300)]
    text_en: Annotated[str, limit(300, required=False)] = ""
    options: Annotated[list[dict[str, str]], BeforeValidator(_options)] = Field(
        default_factory=list, max_length=MAX_OPTIONS
    )
    required: Annotated[bool, BeforeValidator(_checkbox)] = False
    session_format: Annotated[SessionFormat | None, BeforeValidator(_blank_is_none)] = None

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {
            "type": ("invalid_type", _("Kies een soort vraag.")),
            "text": ("invalid_text", _("Vul de vraag in (hoogstens 300 tekens).")),
            "options": ("invalid_options", _("Geef hoogstens twaalf keuzes, één per regel.")),
            "session_format": ("invalid_format", _("Kies een sessievorm uit de lijst.")),
        }

    def values(self) -> dict[str, Any]:
        choice = self.type in (QuestionType.SINGLE, QuestionType.MULTIPLE)
        return {
            "type": self.type,
            "text": self.text,
            "text_en": self.text_en,
            "options": self.options if choice else [],
            "required": self.required,
            "session_format": self.session_format,
        }


class PartnerQuestionIn(Input):
    """A partner's own question about its session: a rating, a 0-10 score or an open question."""

    type: Literal[QuestionType.RATING, QuestionType.TEXT, QuestionType.RECOMMEND]
    text: Annotated[str, limit(300)]
    text_en: Annotated[str, limit(300, required=False)] = ""

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {
            "type": ("invalid_type", _("Kies een soort vraag.")),
            "text": ("invalid_text", _("Vul de vraag in (hoogstens 300 tekens).")),
        }

    def values(self) -> dict[str, Any]:
        return {"type": self.type, "text": self.text, "text_en": self.text_en}


class AnswerIn(Input):
    """The raw values given for one question (judged against its type by the service)."""

    question: Id
    values: list[Annotated[str, Field(max_length=MAX_TEXT * 2)]] = Field(
        default_factory=list, max_length=MAX_OPTIONS
    )


class AnswersIn(Input):
    """Everything one answer form sends: the answers, and on the room poster a ticket code."""

    answers: list[AnswerIn] = Field(default_factory=list, max_length=100)
    ticket_code: Annotated[str, limit(40, required=False)] = ""

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        too_long = _("Uw antwoord is te lang: gebruik hoogstens 2000 tekens.")
        return {
            "answers.*.values.*": ("answer_too_long", too_long),
            "ticket_code": ("invalid_ticket_code", _("Deze ticketcode klopt niet.")),
        }


def answers_data(form: Mapping[str, Any]) -> dict[str, Any]:
    """A submitted answer form as AnswersIn's data: every field `q<question id>` with all its
    values (a multiple-choice question sends several)."""
    getlist = getattr(form, "getlist", None)
    answers = []
    for key in dict.fromkeys(form.keys()):
        match = _QUESTION_FIELD.match(str(key))
        if match is None:
            continue
        raw = getlist(key) if getlist else [form[key]]
        values = [v for v in raw if isinstance(v, str)]
        answers.append({"question": int(match.group(1)), "values": values})
    return {"answers": answers, "ticket_code": form.get("ticket_code", "") or ""}


def settings_data(form: Mapping[str, Any]) -> dict[str, Any]:
    """A submitted settings form as SettingsIn's data (the anonymous sessions are checkboxes)."""
    getlist = getattr(form, "getlist", None)
    data = {k: v for k, v in form.items() if isinstance(v, str)}
    data["anonymous_session_ids"] = getlist("anonymous_session_ids") if getlist else []
    return data
