"""Feedback's part of the demo edition: both surveys with their default questions, settings
that let partners add questions and one session take anonymous answers, a few partner
questions, and a poster with a ticket code that answers at once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from festival import audit
from festival.events.models import Event
from festival.feedback import services as feedback
from festival.feedback.models import QuestionType, SurveyKind, SurveyQuestion
from festival.programme import queries as programme_queries
from festival.tickets import services as tickets

PARTNER_QUESTIONS = [
    (
        "Raad op Zaterdag",
        "Wilt u Raad op Zaterdag in uw eigen gemeente proberen?",
        "Would you like to try Raad op Zaterdag in your own municipality?",
    ),
    (
        "Democratie Testlab",
        "Zou u zelf meedoen aan een loting?",
        "Would you take part in a lottery yourself?",
    ),
]


async def _partner_questions(event: Event, sessions: list[Any]) -> int:
    if await SurveyQuestion.filter(survey__event_id=event.id, session_id__isnull=False).exists():
        return 0
    survey = await feedback.survey_for(event.id, SurveyKind.SESSION)
    added = 0
    for starts, text, text_en in PARTNER_QUESTIONS:
        found = next((s for s in sessions if s.title.startswith(starts)), None)
        if found is None:
            continue
        values = {"type": QuestionType.TEXT, "text": text, "text_en": text_en}
        await feedback.add_question(
            survey,
            values={**values, "session_id": found.id},
            actor=audit.SYSTEM,
            event_id=event.id,
        )
        added += 1
    return added


async def _poster_with_code(event: Event) -> dict[str, str]:
    """A session poster and the ticket code of someone who was there (answers at once)."""
    for session_id, people in sorted((await feedback.session_attendees(event.id)).items()):
        for attendee_id in sorted(people):
            ticket = await tickets.valid_ticket(attendee_id)
            info = (await programme_queries.session_infos([session_id]))[session_id]
            if ticket is not None:
                return {
                    "poster": f"/events/{event.slug}/feedback/s/{info.code}",
                    "ticket_code": ticket.tid,
                }
    return {}


async def extend_demo(event: Event) -> dict[str, Any]:
    await feedback.surveys_for(event.id)
    infos = await programme_queries.session_infos(event_id=event.id)
    sessions = sorted(
        (i for i in infos.values() if i.state != "cancelled"),
        key=lambda i: (i.starts_at or event.starts_at, i.id),
    )
    settings = await feedback.settings_for(event.id)
    if settings.partner_questions_until is None:
        settings.partner_questions_until = event.starts_at - timedelta(days=7)
        settings.anonymous_session_ids = [sessions[0].id] if sessions else []
        await settings.save()
    added = await _partner_questions(event, sessions)
    return {
        "settings": f"/admin/events/{event.slug}/feedback",
        "questions": await SurveyQuestion.filter(survey__event_id=event.id).count(),
        "partner_questions_added": added,
        **await _poster_with_code(event),
    }
