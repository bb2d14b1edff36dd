"""Builders for the feedback results tests: surveys, responses and check-ins inserted directly."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from festival.checkin.models import ENTRANCE, Checkin, ScanResult
from festival.events.models import Event
from festival.feedback.models import (
    QuestionType,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyQuestion,
    SurveyResponse,
)
from festival.registration.models import (
    Attendee,
    Booking,
    BookingStatus,
    Registration,
    RegistrationStatus,
)
from tests.factories import make_ticket_type

AT = datetime(2027, 3, 20, 12, 0, tzinfo=UTC)
_seq = itertools.count(1)


async def session_survey(event: Event) -> tuple[Survey, dict[str, SurveyQuestion]]:
    """The session survey: rating, recommend, single, multiple and open questions."""
    survey = await Survey.create(event_id=event.id, kind=SurveyKind.SESSION)
    specs: list[tuple[str, QuestionType, list[dict[str, str]]]] = [
        ("rating", QuestionType.RATING, []),
        ("recommend", QuestionType.RECOMMEND, []),
        ("single", QuestionType.SINGLE, [{"nl": "Ja", "en": "Yes"}, {"nl": "Nee", "en": "No"}]),
        ("multiple", QuestionType.MULTIPLE, [{"nl": "A"}, {"nl": "B"}, {"nl": "C"}]),
        ("text", QuestionType.TEXT, []),
    ]
    questions = {}
    for position, (name, kind, options) in enumerate(specs):
        questions[name] = await SurveyQuestion.create(
            survey=survey,
            position=position,
            type=kind,
            text=f"Vraag {name}",
            text_en=f"SurveyQuestion {name}",
            options=options,
        )
    return survey, questions


async def respond(
    survey: Survey,
    questions: dict[str, SurveyQuestion],
    *,
    session_id: int | None,
    role: str = "raadslid",
    verified: bool = True,
    **answers: Any,
) -> SurveyResponse:
    """One response with answers by question name: numbers, a list of choices, or text."""
    n = next(_seq)
    response = await SurveyResponse.create(
        survey=survey,
        event_id=survey.event_id,
        session_id=session_id,
        respondent=None if not verified else f"r{n}",
        role=role,
        verified=verified,
        channel="link" if verified else "anonymous",
        created_at=AT,
        updated_at=AT,
    )
    keys = {"event_id": survey.event_id, "session_id": session_id, "role": role}
    for name, value in answers.items():
        question = questions[name]
        if isinstance(value, list):
            await SurveyAnswer.create(response=response, question=question, choices=value, **keys)
        elif isinstance(value, str):
            await SurveyAnswer.create(response=response, question=question, text=value, **keys)
        else:
            await SurveyAnswer.create(response=response, question=question, number=value, **keys)
    return response


async def attendees(event: Event, count: int) -> list[Attendee]:
    ticket_type = await make_ticket_type(event)
    registration = await Registration.create(
        event=event,
        ticket_type=ticket_type,
        code=f"R{next(_seq):07d}",
        status=RegistrationStatus.CONFIRMED,
        contact_name="Contact",
        contact_email="contact@example.nl",
        consent_at=AT,
        created_at=AT,
    )
    return [
        await Attendee.create(
            registration=registration, event_id=event.id, name=f"A{i}", email=f"a{i}@example.nl"
        )
        for i in range(count)
    ]


async def book(attendee: Attendee, session_id: int) -> None:
    await Booking.create(
        attendee=attendee,
        session_id=session_id,
        event_id=attendee.event_id,
        status=BookingStatus.CONFIRMED,
        created_at=AT,
        updated_at=AT,
    )


async def check_in(attendee: Attendee, checkpoint: int | str) -> None:
    session_id = None if checkpoint == ENTRANCE else int(checkpoint)
    await Checkin.create(
        event_id=attendee.event_id,
        attendee_id=attendee.id,
        checkpoint=str(checkpoint),
        session_id=session_id,
        result=ScanResult.OK,
        scanned_at=AT,
        received_at=AT,
        device="user:1",
        live_key=f"{attendee.id}:{checkpoint}",
    )
