"""Accounts: users, passwords (argon2), roles in organisations, sessions, API tokens, rate limits."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.accounts.models import (
    ORGANISER_ROLES,
    ApiToken,
    Membership,
    Organisation,
    Role,
    TokenScope,
    User,
)
from festival.audit import Actor
from festival.errors import ValidationError
from festival.i18n import _

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
ROLE_RANK = [Role.OWNER, Role.ORGANISER, Role.REVIEWER, Role.STAFF, Role.PARTNER]


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(user: User, password: str) -> bool:
    if not user.password_hash:
        return False
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def actor_for(user: User) -> Actor:
    return Actor("user", user.id, user.email)


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def create_user(
    email: str, *, name: str, password: str | None, organisation: Organisation | None = None,
    role: Role | None = None, is_admin: bool = False, actor: Actor = audit.SYSTEM,
) -> User:
    """Create a user (and a membership when a role is given). Raises ValidationError."""
    email = normalise_email(email)
    if "@" not in email:
        raise ValidationError("invalid_email", _("Vul een geldig e-mailadres in."), {"email": _("Ongeldig e-mailadres.")})
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "password_too_short",
            _("Het wachtwoord is te kort."),
            {"password": _("Gebruik minstens 10 tekens.")},
        )
    async with in_transaction():
        if await User.filter(email=email).exists():
            raise ValidationError("email_taken", _("Dit e-mailadres heeft al een account."), {"email": _("Al in gebruik.")})
        user = await User.create(
            email=email, name=name, password_hash=hash_password(password) if password else "", is_admin=is_admin
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


async def role_in_organisation(user: User, organisation_id: int) -> Role | None:
    membership = await Membership.get_or_none(user_id=user.id, organisation_id=organisation_id)
    return Role(membership.role) if membership else None


async def best_role(user: User) -> Role | None:
    """The strongest role the user has anywhere (for pages that are not tied to one event)."""
    roles = {Role(m) for m in await Membership.filter(user_id=user.id).values_list("role", flat=True)}
    for role in ROLE_RANK:
        if role in roles:
            return role
    return None


async def organisations_for(user: User, roles: tuple[Role, ...] = ORGANISER_ROLES) -> list[Organisation]:
    if user.is_admin:
        return await Organisation.all()
    return await Organisation.filter(memberships__user_id=user.id, memberships__role__in=list(roles)).distinct()


# ---------------------------------------------------------------- API tokens

TOKEN_PREFIX = "fst_"


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


async def create_token(event_id: int, *, scope: TokenScope, name: str = "", actor: Actor = audit.SYSTEM,
                       created_by: User | None = None) -> tuple[ApiToken, str]:
    """Create an API token for one event; the secret is returned once and stored only hashed."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    async with in_transaction():
        token = await ApiToken.create(
            event_id=event_id, scope=scope, name=name, prefix=raw[:12], token_hash=_token_hash(raw), created_by=created_by
        )
        await audit.record(actor, "token.created", token, event_id=event_id, scope=str(scope), name=name)
    return token, raw


async def token_for_bearer(raw: str) -> ApiToken | None:
    """The live token for an Authorization header value, or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = await ApiToken.get_or_none(token_hash=_token_hash(raw), revoked_at__isnull=True)
    if token is not None:
        now = clock.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            await ApiToken.filter(id=token.id).update(last_used_at=now)
    return token
