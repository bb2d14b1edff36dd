"""Passwords: argon2 hashing and checks, password reset and invitation links."""

from __future__ import annotations

import asyncio
import functools
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.accounts.models import User
from festival.accounts.services.common import (
    actor_for,
    digest,
    normalise_email,
    queue_account_mail,
    user_by_email,
)
from festival.accounts.services.rate_limits import (
    LOGIN_WINDOW_SECONDS,
    hit_rate_limit,
    seconds_left_in_window,
)
from festival.errors import DomainError, RateLimited, ValidationError
from festival.i18n import _

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(user: User, password: str) -> bool:
    if not user.password_hash:
        return False
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def _hash_off_loop(password: str) -> str:
    """Argon2 is slow on purpose; hash in a thread so other requests keep being served."""
    return await asyncio.to_thread(hash_password, password)


async def _verify_off_loop(user: User, password: str) -> bool:
    return await asyncio.to_thread(verify_password, user, password)


def _check_new_password(password: str, confirm: str | None = None) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "password_too_short",
            _("Het wachtwoord is te kort."),
            {"password": _("Gebruik minstens 10 tekens.")},
        )
    if confirm is not None and confirm != password:
        raise ValidationError(
            "password_mismatch",
            _("De twee wachtwoorden zijn niet gelijk."),
            {"confirm": _("Typ hetzelfde wachtwoord nog een keer.")},
        )


@functools.cache
def _timing_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def _hash_anyway(password: str) -> None:
    try:
        _hasher.verify(_timing_hash(), password)
    except (VerificationError, InvalidHashError):
        pass


# ---------------------------------------------------------------- password reset and invitations

RESET_SALT = "password-reset"
RESET_MAX_AGE = 2 * 3600
INVITE_MAX_AGE = 7 * 24 * 3600


def _fingerprint(user: User) -> str:
    """Changes when the password changes, so a link works once."""
    return digest("pw:" + user.password_hash)[:16]


def make_reset_token(user: User, *, secret_key: str, invite: bool = False) -> str:
    serializer = URLSafeTimedSerializer(secret_key, salt=RESET_SALT)
    return serializer.dumps(
        {"u": user.id, "f": _fingerprint(user), "k": "invite" if invite else "reset"}
    )


def _invalid_link(code: str, message: str) -> DomainError:
    return DomainError(code, message)


async def user_for_reset_token(token: str, *, secret_key: str) -> User:
    """The user a reset (or invitation) link is for. Raises DomainError (400) with code
    reset_link_invalid, reset_link_expired or reset_link_used."""
    serializer = URLSafeTimedSerializer(secret_key, salt=RESET_SALT)
    try:
        payload, signed_at = serializer.loads(token, max_age=INVITE_MAX_AGE, return_timestamp=True)
    except SignatureExpired as error:
        raise _expired() from error
    except BadSignature as error:
        raise _invalid_link(
            "reset_link_invalid", _("Deze link klopt niet. Vraag een nieuwe link aan.")
        ) from error
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise _invalid_link(
            "reset_link_invalid", _("Deze link klopt niet. Vraag een nieuwe link aan.")
        )
    max_age = INVITE_MAX_AGE if payload.get("k") == "invite" else RESET_MAX_AGE
    if (clock.now() - signed_at).total_seconds() > max_age:
        raise _expired()
    user = await User.get_or_none(id=payload["u"], is_active=True)
    if user is None:
        raise _invalid_link(
            "reset_link_invalid", _("Deze link klopt niet. Vraag een nieuwe link aan.")
        )
    if payload.get("f") != _fingerprint(user):
        raise _invalid_link(
            "reset_link_used", _("Deze link is al gebruikt. Vraag een nieuwe link aan.")
        )
    return user


def _expired() -> DomainError:
    return _invalid_link(
        "reset_link_expired", _("Deze link is verlopen. Vraag een nieuwe link aan.")
    )


async def request_password_reset(
    email: str, *, ip: str, limit: int, secret_key: str, base_url: str
) -> None:
    """Mail a reset link when the address has an active account; do nothing visible otherwise
    (the caller answers the same either way). At most `limit` requests per address per 15
    minutes. Raises ValidationError or RateLimited. Audits user.password_reset_requested."""
    email = normalise_email(email)
    if not email:
        raise ValidationError(
            "email_missing", _("Vul uw e-mailadres in."), {"email": _("Vul uw e-mailadres in.")}
        )
    if not await hit_rate_limit(f"reset:ip:{ip}", limit=limit, window_seconds=LOGIN_WINDOW_SECONDS):
        retry_after = seconds_left_in_window(LOGIN_WINDOW_SECONDS)
        raise RateLimited(
            "reset_rate_limited",
            _("Te veel aanvragen. Wacht %(minutes)s minuten en probeer het dan opnieuw.")
            % {"minutes": max(1, (retry_after + 59) // 60)},
            retry_after=retry_after,
        )
    user = await user_by_email(email, is_active=True)
    if user is None:
        return
    async with in_transaction():
        await audit.record(actor_for(user), "user.password_reset_requested", user, ip=ip)
    link = reset_link(user, secret_key=secret_key, base_url=base_url)
    context = {"name": user.name, "link": link, "hours": RESET_MAX_AGE // 3600}
    await queue_account_mail(user, "accounts/password_reset", context)


def reset_link(user: User, *, secret_key: str, base_url: str, invite: bool = False) -> str:
    token = make_reset_token(user, secret_key=secret_key, invite=invite)
    return base_url.rstrip("/") + "/password/reset/" + token


async def reset_password(token: str, *, password: str, confirm: str, secret_key: str) -> User:
    """Set a new password through a reset or invitation link; ends every old session.
    Raises DomainError (bad link, 400) or ValidationError (422). Audits user.password_reset."""
    user = await user_for_reset_token(token, secret_key=secret_key)
    _check_new_password(password, confirm)
    was_invite = not user.password_hash
    new_hash = await _hash_off_loop(password)  # before the transaction: no lock held while hashing
    async with in_transaction():
        # Guarded write: only while the password is still the one the link was made for,
        # so two simultaneous uses of one link cannot both succeed.
        rows = await User.filter(id=user.id, password_hash=user.password_hash).update(
            password_hash=new_hash, session_version=F("session_version") + 1
        )
        if not rows:
            raise _invalid_link(
                "reset_link_used", _("Deze link is al gebruikt. Vraag een nieuwe link aan.")
            )
        await user.refresh_from_db()
        await audit.record(actor_for(user), "user.password_reset", user, was_invite=was_invite)
    return user
