"""Signed links in e-mails: the manage link of a registration and the answer link of an offer."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

from festival.errors import NotFound
from festival.i18n import _

MANAGE_SALT = "manage-registration"
OFFER_SALT = "waitlist-offer"


def manage_token(code: str, *, secret_key: str) -> str:
    return URLSafeSerializer(secret_key, salt=MANAGE_SALT).dumps(code)


def code_from_manage_token(token: str, *, secret_key: str) -> str:
    """The registration code in a manage link. Raises NotFound invalid_link when tampered."""
    try:
        code = URLSafeSerializer(secret_key, salt=MANAGE_SALT).loads(token)
    except BadSignature as error:
        raise NotFound(
            "invalid_link", _("Deze link klopt niet. Vraag een nieuwe link aan.")
        ) from error
    if not isinstance(code, str):
        raise NotFound("invalid_link", _("Deze link klopt niet. Vraag een nieuwe link aan."))
    return code


def manage_url(base_url: str, event_slug: str, code: str, *, secret_key: str) -> str:
    return (
        f"{base_url}/events/{event_slug}/registration/{manage_token(code, secret_key=secret_key)}"
    )


def offer_token(entry_id: int, *, secret_key: str) -> str:
    return URLSafeSerializer(secret_key, salt=OFFER_SALT).dumps(entry_id)


def entry_from_offer_token(token: str, *, secret_key: str) -> int:
    try:
        entry_id = URLSafeSerializer(secret_key, salt=OFFER_SALT).loads(token)
    except BadSignature as error:
        raise NotFound("invalid_link", _("Deze link klopt niet.")) from error
    if not isinstance(entry_id, int):
        raise NotFound("invalid_link", _("Deze link klopt niet."))
    return entry_id


def offer_url(base_url: str, event_slug: str, entry_id: int, *, secret_key: str) -> str:
    return f"{base_url}/events/{event_slug}/waitlist/{offer_token(entry_id, secret_key=secret_key)}"
