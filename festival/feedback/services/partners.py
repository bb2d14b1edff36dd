"""A partner's own questions about its session, as the partner portal shows them."""

from __future__ import annotations

from typing import Any

from festival import clock
from festival.errors import NotFound
from festival.feedback.services import answering, surveys
from festival.i18n import _


async def partner_page(proposal: Any, **extra: Any) -> dict[str, Any]:
    """The proposal's session, its partner questions and until when they can be changed.
    `proposal` comes from submissions (already checked to be the partner's own).
    Raises NotFound(no_session) while the proposal has no session in the programme."""
    if proposal.session_id is None:
        raise NotFound(
            "no_session",
            _("Dit voorstel heeft nog geen sessie in het programma. Eigen vragen kunnen daarna."),
        )
    event = proposal.event
    settings = await surveys.settings_for(event.id)
    until = settings.partner_questions_until
    questions = await surveys.partner_questions(proposal.session_id)
    return {
        "proposal": proposal,
        "event": event,
        "session": await answering.session_header(event, proposal.session_id),
        "questions": questions,
        "until": until,
        "can_add": until is not None
        and clock.now() <= until
        and len(questions) < surveys.MAX_PARTNER_QUESTIONS,
        "can_change": until is not None and clock.now() <= until,
        "error": None,
        "errors": {},
        "values": {},
        **extra,
    }
