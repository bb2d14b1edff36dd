"""Signed links in survey mails: one personal answer link per attendee and survey (and
session), and the unsubscribe link; the pseudonymous respondent key of a response."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

from festival.errors import NotFound
from festival.i18n import _

ANSWER_SALT = "feedback-answer"
UNSUBSCRIBE_SALT = "feedback-unsubscribe"
RESPONDENT_SALT = b"feedback-respondent"


@dataclass(frozen=True)
class AnswerLink:
    attendee_id: int
    survey_id: int
    session_id: int | None  # None: the event survey


def _bad_link() -> NotFound:
    return NotFound(
        "invalid_link",
        _("Deze link klopt niet. Gebruik de link uit uw e-mail of uw ticketcode."),
    )


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def answer_token(link: AnswerLink, *, secret_key: str) -> str:
    values = [link.attendee_id, link.survey_id, link.session_id or 0]
    return URLSafeSerializer(secret_key, salt=ANSWER_SALT).dumps(values)


def read_answer_token(token: str, *, secret_key: str) -> AnswerLink:
    """The link's attendee, survey and session. Raises NotFound(invalid_link) when tampered."""
    try:
        values = URLSafeSerializer(secret_key, salt=ANSWER_SALT).loads(token)
    except BadSignature as error:
        raise _bad_link() from error
    if not (isinstance(values, list) and len(values) == 3 and all(map(_is_id, values))):
        raise _bad_link()
    attendee_id, survey_id, session_id = values
    return AnswerLink(attendee_id, survey_id, session_id or None)


def answer_url(base_url: str, slug: str, link: AnswerLink, *, secret_key: str) -> str:
    return f"{base_url}/events/{slug}/feedback/a/{answer_token(link, secret_key=secret_key)}"


def unsubscribe_token(attendee_id: int, *, secret_key: str) -> str:
    return URLSafeSerializer(secret_key, salt=UNSUBSCRIBE_SALT).dumps(attendee_id)


def read_unsubscribe_token(token: str, *, secret_key: str) -> int:
    try:
        value = URLSafeSerializer(secret_key, salt=UNSUBSCRIBE_SALT).loads(token)
    except BadSignature as error:
        raise _bad_link() from error
    if not _is_id(value):
        raise _bad_link()
    return int(value)


def unsubscribe_url(base_url: str, slug: str, attendee_id: int, *, secret_key: str) -> str:
    token = unsubscribe_token(attendee_id, secret_key=secret_key)
    return f"{base_url}/events/{slug}/feedback/unsubscribe/{token}"


def respondent_key(link: AnswerLink, *, secret_key: str) -> str:
    """A keyed hash of who answered which survey (and session): one response each, and no way
    back to the person without the secret key (64 hex characters)."""
    message = f"{link.attendee_id}:{link.survey_id}:{link.session_id or 0}".encode()
    key = hmac.new(secret_key.encode(), RESPONDENT_SALT, hashlib.sha256).digest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
