"""Users: creating accounts, sessions, logging in and out, changes to the own account."""

from __future__ import annotations

import asyncio

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.accounts.models import Membership, Organisation, Role, User
from festival.accounts.services.common import (
    actor_for,
    check_email,
    digest,
    normalise_email,
    user_by_email,
    written_once,
)
from festival.accounts.services.passwords import (
    _check_new_password,
    _hash_anyway,
    _hash_off_loop,
    _verify_off_loop,
)
from festival.accounts.services.rate_limits import (
    LOGIN_WINDOW_SECONDS,
    hit_rate_limit,
    release_rate_limit,
    seconds_left_in_window,
)
from festival.audit import Actor
from festival.errors import RateLimited, ValidationError
from festival.i18n import LANGUAGES, _


def _email_taken() -> ValidationError:
    return ValidationError(
        "email_taken", _("Dit e-mailadres heeft al een account."), {"email": _("Al in gebruik.")}
    )


async def create_user(
    email: str,
    *,
    name: str,
    password: str | None,
    organisation: Organisation | None = None,
    role: Role | None = None,
    is_admin: bool = False,
    actor: Actor = audit.SYSTEM,
) -> User:
    """Create a user (and a membership when a role is given). Raises ValidationError."""
    email = normalise_email(email)
    check_email(email)
    if password is not None:
        _check_new_password(password)
    password_hash = await _hash_off_loop(password) if password else ""
    async with written_once(_email_taken()):
        if await User.filter(email=email).exists():
            raise _email_taken()
        user = await User.create(
            email=email,
            name=name,
            password_hash=password_hash,
            is_admin=is_admin,
        )
        if organisation is not None and role is not None:
            await Membership.create(user=user, organisation=organisation, role=role)
        await audit.record(actor, "user.created", user, role=str(role) if role else None)
    return user


async def user_for_session(user_id: object, version: object) -> User | None:
    """The logged-in user for a session cookie, or None when unknown, inactive or logged out."""
    if not isinstance(user_id, int):
        return None
    user = await User.get_or_none(id=user_id, is_active=True)
    if user is None or user.session_version != version:
        return None
    return user


# ---------------------------------------------------------------- login


def _login_keys(email: str, ip: str) -> list[str]:
    return [f"login:ip:{ip}", f"login:account:{digest(email)}"]


async def log_in(email: str, password: str, *, ip: str, limit: int) -> User:
    """Check e-mail and password; record the login. Raises ValidationError (same message for an
    unknown address and a wrong password) or RateLimited once `limit` attempts per address or
    per account have failed in 15 minutes. Audits user.login / user.login_failed."""
    email = normalise_email(email)
    keys = _login_keys(email, ip)
    # Count the attempt before checking it, so parallel guesses cannot pass the limit;
    # a right password gives its hit back below, so only failed attempts use up the limit.
    counted: list[str] = []
    for key in keys:
        if not await hit_rate_limit(key, limit=limit, window_seconds=LOGIN_WINDOW_SECONDS):
            for done in counted:
                await release_rate_limit(done, window_seconds=LOGIN_WINDOW_SECONDS)
            await _record_failed_login(email, ip, "rate_limited")
            retry_after = seconds_left_in_window(LOGIN_WINDOW_SECONDS)
            raise RateLimited(
                "login_rate_limited",
                _(
                    "Te veel mislukte pogingen om in te loggen. "
                    "Wacht %(minutes)s minuten en probeer het dan opnieuw."
                )
                % {"minutes": max(1, (retry_after + 59) // 60)},
                retry_after=retry_after,
            )
        counted.append(key)
    user = await user_by_email(email, is_active=True)
    if user is None or not await _verify_off_loop(user, password):
        # Hash anyway for unknown addresses, so the answer takes as long either way.
        if user is None:
            await asyncio.to_thread(_hash_anyway, password)
        await _record_failed_login(email, ip, "wrong_password" if user else "unknown_email")
        raise ValidationError(
            "invalid_login",
            _("Het e-mailadres of het wachtwoord klopt niet."),
            {"password": _("Het e-mailadres of het wachtwoord klopt niet.")},
        )
    for key in keys:
        await release_rate_limit(key, window_seconds=LOGIN_WINDOW_SECONDS)
    async with in_transaction():
        user.last_login_at = clock.now()
        await user.save(update_fields=["last_login_at"])
        await audit.record(actor_for(user), "user.login", user, ip=ip)
    return user


async def log_out(user: User) -> None:
    """End the user's sessions: the session version goes up, so a copy of the signed session
    cookie no longer logs in (on other devices too: the cookie is the only session record).
    The caller clears the session. Audits user.logout."""
    async with in_transaction():
        await User.filter(id=user.id).update(session_version=F("session_version") + 1)
        await audit.record(actor_for(user), "user.logout", user)


async def _record_failed_login(email: str, ip: str, reason: str) -> None:
    user = await user_by_email(email)
    async with in_transaction():
        await audit.record(
            Actor("user", user.id if user else None, email),
            "user.login_failed",
            user,
            ip=ip,
            reason=reason,
        )


# ---------------------------------------------------------------- own account


async def update_profile(user: User, *, name: str, language: str) -> User:
    """Change the user's own name and language. Raises ValidationError."""
    name = name.strip()
    fields: dict[str, str] = {}
    if not name:
        fields["name"] = _("Vul uw naam in.")
    if language not in LANGUAGES:
        fields["language"] = _("Kies Nederlands of Engels.")
    if fields:
        raise ValidationError("invalid_profile", _("Controleer wat u hebt ingevuld."), fields)
    async with in_transaction():
        user.name = name[:200]
        user.language = language
        await user.save(update_fields=["name", "language"])
        await audit.record(actor_for(user), "user.profile_updated", user, language=language)
    return user


async def change_password(user: User, *, current: str, new: str, confirm: str) -> User:
    """Change the user's own password; every other session ends (session_version goes up).
    Raises ValidationError. Audits user.password_changed."""
    if not await _verify_off_loop(user, current):
        raise ValidationError(
            "wrong_password",
            _("Uw huidige wachtwoord klopt niet."),
            {"current": _("Uw huidige wachtwoord klopt niet.")},
        )
    _check_new_password(new, confirm)
    new_hash = await _hash_off_loop(new)
    async with in_transaction():
        user.password_hash = new_hash
        user.session_version += 1
        await user.save(update_fields=["password_hash", "session_version"])
        await audit.record(actor_for(user), "user.password_changed", user)
    return user
