"""The room poster's form: attendance proven with the ticket code, or (where the organiser
allows it for the session) an anonymous answer, limited per device and per address."""

from __future__ import annotations

from festival.accounts import services as accounts
from festival.checkin import queries as checkin_queries
from festival.errors import PermissionDenied, RateLimited, ValidationError
from festival.events.models import Event
from festival.feedback.models import ResponseChannel, SurveyKind, SurveyResponse
from festival.feedback.schemas import AnswersIn
from festival.feedback.services import answering, eligibility, surveys
from festival.feedback.services.answering import SessionHeader, Target
from festival.i18n import _
from festival.tickets import services as tickets

WINDOW_SECONDS = 3600
CODE_TRIES_PER_ADDRESS = 30  # ticket codes tried from one address an hour
ANONYMOUS_PER_DEVICE = 2  # anonymous answers about one session from one device an hour
ANONYMOUS_PER_ADDRESS = 150  # a venue's Wi-Fi is one address for a whole room
TID_LENGTH = 8


def _too_often() -> RateLimited:
    return RateLimited(
        "rate_limited",
        _("U hebt dit te vaak geprobeerd. Probeer het over een uur opnieuw."),
        retry_after=accounts.seconds_left_in_window(WINDOW_SECONDS),
    )


async def _hit(key: str, limit: int) -> None:
    if not await accounts.hit_rate_limit(key, limit=limit, window_seconds=WINDOW_SECONDS):
        raise _too_often()


async def attendee_for_ticket_code(event: Event, code: str, session_id: int) -> int:
    """The attendee whose ticket carries `code`, when they were at the session. Raises
    ValidationError(invalid_ticket_code) or PermissionDenied(not_present)."""
    tid = code.strip()
    facts = None
    if 0 < len(tid) <= TID_LENGTH and tid.isascii():
        facts = await checkin_queries.scan_facts(
            tid, kid="", checkpoint="entrance", session_id=None
        )
    if facts is None or facts.event_id != event.id or facts.ticket_status != "valid":
        message = _("Deze ticketcode kennen we niet. U vindt de code op uw ticket, naast 'Ticket'.")
        raise ValidationError("invalid_ticket_code", message, {"ticket_code": message})
    if not await eligibility.may_answer_session(event.id, facts.attendee_id, session_id):
        raise PermissionDenied(
            "not_present",
            _(
                "Volgens onze gegevens was u niet bij deze sessie. "
                "Klopt dat niet? Vraag het aan de balie."
            ),
        )
    return facts.attendee_id


async def submit_poster_answer(
    event: Event,
    session: SessionHeader,
    data: AnswersIn,
    *,
    secret_key: str,
    device: str,
    address: str,
) -> SurveyResponse:
    """SurveyAnswer the session survey from the room poster: with a ticket code as that attendee
    (verified), else anonymously where allowed (unverified, limited per device and address).
    Raises ValidationError(ticket_code_required, invalid_ticket_code, invalid_answer),
    PermissionDenied(not_present), RateLimited, Conflict(survey_closed)."""
    survey = await surveys.survey_for(event.id, SurveyKind.SESSION)
    if data.ticket_code.strip():
        await _hit(f"feedback:code:{address}", CODE_TRIES_PER_ADDRESS)
        attendee_id = await attendee_for_ticket_code(event, data.ticket_code, session.id)
        target = Target(event, survey, session, attendee_id, ResponseChannel.POSTER)
        return await answering.submit_response(target, data, secret_key=secret_key)
    if not await allows_anonymous(event, session.id):
        message = _("Vul uw ticketcode in. U vindt de code op uw ticket, naast 'Ticket'.")
        raise ValidationError("ticket_code_required", message, {"ticket_code": message})
    target = Target(event, survey, session, None, ResponseChannel.ANONYMOUS)
    answering.check_answers(await answering.questions_for(target), data)
    await _hit(f"feedback:anon:device:{device}:{session.id}", ANONYMOUS_PER_DEVICE)
    await _hit(f"feedback:anon:address:{address}", ANONYMOUS_PER_ADDRESS)
    return await answering.submit_response(target, data, secret_key=secret_key, verified=False)


async def allows_anonymous(event: Event, session_id: int) -> bool:
    settings = await surveys.settings_for(event.id)
    return session_id in (settings.anonymous_session_ids or [])


def form_url(base_url: str, slug: str, code: str) -> str:
    return f"{base_url}/events/{slug}/feedback/s/{code}/form"


async def poster(event: Event, code: str, *, base_url: str) -> dict[str, object]:
    """A session's room poster: the session, the form's address and its QR code (SVG).
    Raises NotFound(session_not_found)."""
    session = await answering.session_by_code(event, code)
    url = form_url(base_url, event.slug, session.code)
    return {
        "session": session,
        "url": url,
        "qr_svg": tickets.qr_svg(url),
        "anonymous": await allows_anonymous(event, session.id),
    }
