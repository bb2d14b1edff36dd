"""Accounts: users, passwords (argon2), roles in organisations, sessions, password reset links,
API tokens and database-backed rate limits."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import re
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.accounts.models import (
    ORGANISER_ROLES,
    ApiToken,
    Membership,
    Organisation,
    OrganisationKind,
    RateLimitHit,
    Role,
    TokenScope,
    User,
)
from festival.audit import Actor
from festival.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    RateLimited,
    Unauthorized,
    ValidationError,
)
from festival.i18n import LANGUAGES, _

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


async def _hash_off_loop(password: str) -> str:
    """Argon2 is slow on purpose; hash in a thread so other requests keep being served."""
    return await asyncio.to_thread(hash_password, password)


async def _verify_off_loop(user: User, password: str) -> bool:
    return await asyncio.to_thread(verify_password, user, password)


def actor_for(user: User) -> Actor:
    return Actor("user", user.id, user.email)


def normalise_email(email: str) -> str:
    return email.strip().lower()


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


def _check_email(email: str) -> None:
    local, _sep, domain = email.partition("@")
    if (
        not local
        or not domain
        or "@" in domain
        or any(c.isspace() for c in email)
        or len(email) > 254
    ):
        raise ValidationError(
            "invalid_email",
            _("Vul een geldig e-mailadres in."),
            {"email": _("Ongeldig e-mailadres.")},
        )


def _deliverable_email(email: str) -> str:
    """An address the mail area will accept (checked before anything is saved)."""
    try:
        return normalise_email(validate_email(email.strip(), check_deliverability=False).normalized)
    except EmailNotValidError as error:
        raise ValidationError(
            "invalid_email",
            _("Vul een geldig e-mailadres in."),
            {"email": _("Ongeldig e-mailadres.")},
        ) from error


@contextlib.asynccontextmanager
async def _written_once(error: DomainError) -> AsyncIterator[None]:
    """One transaction; a unique-index clash (a parallel request won the race) becomes `error`."""
    try:
        async with in_transaction():
            yield
    except IntegrityError as clash:
        raise error from clash


def _email_taken() -> ValidationError:
    return ValidationError(
        "email_taken", _("Dit e-mailadres heeft al een account."), {"email": _("Al in gebruik.")}
    )


def _slug_taken() -> ValidationError:
    return ValidationError(
        "slug_taken",
        _("Controleer wat u hebt ingevuld."),
        {"slug": _("Deze korte naam is al in gebruik.")},
    )


def _already_member() -> Conflict:
    return Conflict(
        "already_member",
        _("Deze persoon is al lid van de organisatie."),
        {"email": _("Al lid van de organisatie.")},
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
    _check_email(email)
    if password is not None:
        _check_new_password(password)
    password_hash = await _hash_off_loop(password) if password else ""
    async with _written_once(_email_taken()):
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


async def role_in_organisation(user: User, organisation_id: int) -> Role | None:
    membership = await Membership.get_or_none(user_id=user.id, organisation_id=organisation_id)
    return Role(membership.role) if membership else None


async def best_role(user: User) -> Role | None:
    """The strongest role the user has anywhere (for pages that are not tied to one event)."""
    values = await Membership.filter(user_id=user.id).values_list("role", flat=True)
    roles = {Role(str(value)) for value in values}
    for role in ROLE_RANK:
        if role in roles:
            return role
    return None


async def organisations_for(
    user: User, roles: tuple[Role, ...] = ORGANISER_ROLES
) -> list[Organisation]:
    if user.is_admin:
        return await Organisation.all()
    return await Organisation.filter(
        memberships__user_id=user.id, memberships__role__in=list(roles)
    ).distinct()


# ---------------------------------------------------------------- rate limits

MAX_WINDOW_SECONDS = 24 * 3600


def _window_start(window_seconds: int) -> int:
    now = int(clock.now().timestamp())
    return now - now % window_seconds


def seconds_left_in_window(window_seconds: int) -> int:
    return _window_start(window_seconds) + window_seconds - int(clock.now().timestamp())


async def hit_rate_limit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit on `key` in the current fixed window. True while the hit is within `limit`,
    False when the window is already full (then nothing is counted).

    The database decides, so the limit holds across web processes: a guarded
    `UPDATE ... WHERE count < limit`, or the first insert of the window (the unique
    (key, window_start) index settles a race between two inserts; the loser updates instead).
    Call it outside a transaction that may roll back, or the hit is undone with it.
    """
    if not 0 < window_seconds <= MAX_WINDOW_SECONDS:
        raise ValueError("window_seconds must be between 1 second and 1 day")
    key = key[:200]
    window = _window_start(window_seconds)
    for _attempt in range(3):
        rows = await RateLimitHit.filter(key=key, window_start=window, count__lt=limit).update(
            count=F("count") + 1
        )
        if rows:
            return True
        if await RateLimitHit.filter(key=key, window_start=window).exists():
            return False
        if limit <= 0:
            return False
        try:
            async with in_transaction():  # a savepoint when the caller has a transaction open
                await RateLimitHit.create(key=key, window_start=window, count=1)
        except IntegrityError:
            continue  # another process opened this window first: count in its row
        await _delete_old_windows(key, window)
        return True
    return False


async def release_rate_limit(key: str, *, window_seconds: int) -> None:
    """Give back one hit in the current window (a login that turned out to be right)."""
    window = _window_start(window_seconds)
    await RateLimitHit.filter(key=key[:200], window_start=window, count__gt=0).update(
        count=F("count") - 1
    )


async def _delete_old_windows(key: str, window: int) -> None:
    """Opportunistic clean-up when a window opens: this key's past windows, and rows older
    than a day (no window is longer)."""
    cutoff = int(clock.now().timestamp()) - MAX_WINDOW_SECONDS
    await RateLimitHit.filter(key=key, window_start__lt=window).delete()
    await RateLimitHit.filter(window_start__lt=cutoff).delete()


# ---------------------------------------------------------------- login

LOGIN_WINDOW_SECONDS = 15 * 60


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:40]


def _login_keys(email: str, ip: str) -> list[str]:
    return [f"login:ip:{ip}", f"login:account:{_digest(email)}"]


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
    user = await User.get_or_none(email=email, is_active=True)
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
    """Record the logout (the caller clears the session). Audits user.logout."""
    async with in_transaction():
        await audit.record(actor_for(user), "user.logout", user)


@functools.cache
def _timing_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def _hash_anyway(password: str) -> None:
    try:
        _hasher.verify(_timing_hash(), password)
    except (VerificationError, InvalidHashError):
        pass


async def _record_failed_login(email: str, ip: str, reason: str) -> None:
    user = await User.get_or_none(email=email)
    async with in_transaction():
        await audit.record(
            Actor("user", user.id if user else None, email),
            "user.login_failed",
            user,
            ip=ip,
            reason=reason,
        )


# ---------------------------------------------------------------- password reset and invitations

RESET_SALT = "password-reset"
RESET_MAX_AGE = 2 * 3600
INVITE_MAX_AGE = 7 * 24 * 3600


def _fingerprint(user: User) -> str:
    """Changes when the password changes, so a link works once."""
    return _digest("pw:" + user.password_hash)[:16]


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
    user = await User.get_or_none(email=email, is_active=True)
    if user is None:
        return
    async with in_transaction():
        await audit.record(actor_for(user), "user.password_reset_requested", user, ip=ip)
    link = reset_link(user, secret_key=secret_key, base_url=base_url)
    context = {"name": user.name, "link": link, "hours": RESET_MAX_AGE // 3600}
    await _queue_mail(user, "accounts/password_reset", context)


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


async def _queue_mail(user: User, template: str, context: dict[str, Any]) -> None:
    from festival.mail import services as mail  # the mail area

    await mail.queue_mail(
        user.email, template=template, context=context, language=user.language, event_id=None
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


# ---------------------------------------------------------------- organisations and members

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")


def _require_admin(user: User) -> None:
    if not user.is_admin:
        raise PermissionDenied("admin_only", _("Alleen beheerders van het platform mogen dit."))


async def all_organisations(*, viewer: User) -> list[Organisation]:
    """Every organisation (platform admins only). Raises PermissionDenied."""
    _require_admin(viewer)
    return await Organisation.all()


async def create_organisation(name: str, *, slug: str, kind: str, actor: User) -> Organisation:
    """A new organisation (platform admins only). Raises PermissionDenied or ValidationError."""
    _require_admin(actor)
    name, slug = name.strip(), slug.strip().lower()
    fields: dict[str, str] = {}
    if not name:
        fields["name"] = _("Vul een naam in.")
    if not SLUG_RE.match(slug):
        fields["slug"] = _("Gebruik kleine letters, cijfers en streepjes.")
    if kind not in {k.value for k in OrganisationKind}:
        fields["kind"] = _("Kies een soort organisatie.")
    if fields:
        raise ValidationError("invalid_organisation", _("Controleer wat u hebt ingevuld."), fields)
    async with _written_once(_slug_taken()):
        if await Organisation.filter(slug=slug).exists():
            raise _slug_taken()
        organisation = await Organisation.create(
            name=name[:200], slug=slug, kind=OrganisationKind(kind)
        )
        await audit.record(actor_for(actor), "organisation.created", organisation, slug=slug)
    return organisation


async def organisation_for_owner(org_slug: str, *, viewer: User) -> Organisation:
    """The organisation, when `viewer` is its owner or a platform admin.
    Raises NotFound or PermissionDenied."""
    organisation = await Organisation.get_or_none(slug=org_slug)
    if organisation is None:
        raise NotFound("organisation_not_found", _("Deze organisatie bestaat niet."))
    if not viewer.is_admin and await role_in_organisation(viewer, organisation.id) != Role.OWNER:
        raise PermissionDenied("owner_only", _("Alleen eigenaren van deze organisatie mogen dit."))
    return organisation


@dataclass(frozen=True)
class MemberRow:
    id: int
    name: str
    email: str
    role: Role
    has_password: bool
    last_login_at: Any


async def members_of(organisation: Organisation) -> list[MemberRow]:
    memberships = await Membership.filter(organisation_id=organisation.id).prefetch_related("user")
    rows = [
        MemberRow(
            m.id,
            m.user.name,
            m.user.email,
            Role(m.role),
            bool(m.user.password_hash),
            m.user.last_login_at,
        )
        for m in memberships
    ]
    return sorted(rows, key=lambda r: (ROLE_RANK.index(r.role), r.name.lower()))


def _parse_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError as error:
        raise ValidationError(
            "invalid_role", _("Kies een rol."), {"role": _("Kies een rol.")}
        ) from error


async def add_member(
    organisation: Organisation,
    email: str,
    *,
    role: str,
    name: str,
    actor: User,
    secret_key: str,
    base_url: str,
) -> Membership:
    """Give a person a role in the organisation; a new address gets an account without a password
    and an invitation mail with a link to set one. Raises ValidationError or Conflict.
    Audits membership.created (and user.created)."""
    parsed_role = _parse_role(role)
    email = _deliverable_email(email)
    invited: User | None = None
    async with _written_once(_already_member()):
        user = await User.get_or_none(email=email)
        if user is None:
            user = invited = await User.create(
                email=email, name=name.strip()[:200] or email.split("@")[0]
            )
            await audit.record(actor_for(actor), "user.created", user, invited=True)
        elif await Membership.filter(user_id=user.id, organisation_id=organisation.id).exists():
            raise _already_member()
        membership = await Membership.create(user=user, organisation=organisation, role=parsed_role)
        await audit.record(
            actor_for(actor),
            "membership.created",
            membership,
            user_id=user.id,
            organisation_id=organisation.id,
            role=str(parsed_role),
        )
    if invited is not None:
        link = reset_link(invited, secret_key=secret_key, base_url=base_url, invite=True)
        await _queue_mail(
            invited,
            "accounts/invite",
            {
                "name": invited.name,
                "organisation": organisation.name,
                "role": str(parsed_role),
                "link": link,
                "days": INVITE_MAX_AGE // 86400,
            },
        )
    return membership


async def _locked_membership(organisation: Organisation, membership_id: int) -> Membership:
    # Lock the organisation row first: changes to its owners happen one at a time (PostgreSQL);
    # SQLite serialises write transactions anyway.
    await Organisation.filter(id=organisation.id).select_for_update().first()
    membership = await Membership.get_or_none(id=membership_id, organisation_id=organisation.id)
    if membership is None:
        raise NotFound("member_not_found", _("Dit lid bestaat niet (meer)."))
    return membership


async def _refuse_last_owner(organisation: Organisation, membership: Membership) -> None:
    if membership.role == Role.OWNER:
        owners = await Membership.filter(organisation_id=organisation.id, role=Role.OWNER).count()
        if owners <= 1:
            raise Conflict(
                "last_owner",
                _(
                    "Een organisatie houdt minstens één eigenaar. "
                    "Maak eerst iemand anders eigenaar."
                ),
            )


async def change_role(
    organisation: Organisation, membership_id: int, *, role: str, actor: User
) -> Membership:
    """Give a member another role; the last owner stays owner. Raises NotFound, ValidationError or
    Conflict. Audits membership.role_changed."""
    parsed_role = _parse_role(role)
    async with in_transaction():
        membership = await _locked_membership(organisation, membership_id)
        old = Role(membership.role)
        if old != parsed_role:
            await _refuse_last_owner(organisation, membership)
            membership.role = parsed_role
            await membership.save(update_fields=["role"])
            await audit.record(
                actor_for(actor),
                "membership.role_changed",
                membership,
                user_id=membership.user_id,
                organisation_id=organisation.id,
                old=str(old),
                new=str(parsed_role),
            )
    return membership


async def remove_member(organisation: Organisation, membership_id: int, *, actor: User) -> None:
    """Take a member out of the organisation; never the last owner. Raises NotFound or Conflict.
    Audits membership.removed."""
    async with in_transaction():
        membership = await _locked_membership(organisation, membership_id)
        await _refuse_last_owner(organisation, membership)
        await audit.record(
            actor_for(actor),
            "membership.removed",
            membership,
            user_id=membership.user_id,
            organisation_id=organisation.id,
            role=str(membership.role),
        )
        await membership.delete()


# ---------------------------------------------------------------- API tokens

TOKEN_PREFIX = "fst_"  # noqa: S105 - a public marker, not a secret


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


async def create_token(
    event_id: int,
    *,
    scope: TokenScope | str,
    name: str = "",
    actor: Actor = audit.SYSTEM,
    created_by: User | None = None,
    secret: str | None = None,
) -> tuple[ApiToken, str]:
    """Create an API token for one event; the secret is returned once and stored only hashed.
    `secret` is for the demo's published device token only; real tokens are random."""
    try:
        scope = TokenScope(scope)
    except ValueError as error:
        raise ValidationError(
            "invalid_scope", _("Kies een bereik."), {"scope": _("Kies een bereik.")}
        ) from error
    raw = secret or TOKEN_PREFIX + secrets.token_urlsafe(32)
    async with in_transaction():
        token = await ApiToken.create(
            event_id=event_id,
            scope=scope,
            name=name.strip()[:120],
            prefix=raw[:12],
            token_hash=_token_hash(raw),
            created_by=created_by,
        )
        await audit.record(
            actor, "token.created", token, event_id=event_id, scope=str(scope), name=name
        )
    _forget_token(token_hash=_token_hash(raw))
    return token, raw


async def tokens_for_event(event_id: int) -> list[ApiToken]:
    """Every token of the event, live ones first, newest first."""
    tokens = await ApiToken.filter(event_id=event_id).order_by("-created_at", "-id")
    return sorted(tokens, key=lambda t: t.revoked_at is not None)


async def revoke_token(event_id: int, token_id: int, *, actor: Actor) -> ApiToken:
    """Stop a token from working (idempotent). Raises NotFound. Audits token.revoked."""
    async with in_transaction():
        token = await ApiToken.get_or_none(id=token_id, event_id=event_id)
        if token is None:
            raise NotFound("token_not_found", _("Dit token bestaat niet."))
        if token.revoked_at is None:
            token.revoked_at = clock.now()
            await token.save(update_fields=["revoked_at"])
            _forget_token(token_id=token.id)
            await audit.record(
                actor, "token.revoked", token, event_id=event_id, prefix=token.prefix
            )
    return token


# Token lookups are cached in the process for a few seconds (scanners send one per scan), so a
# revoked token keeps working for at most TOKEN_CACHE_SECONDS in other web processes; in the
# process that revokes it, at once. The cached token carries its event (read-only for callers).
TOKEN_CACHE_SECONDS = 5.0
_TOKEN_CACHE_MAX = 1000
_token_cache: dict[str, tuple[float, ApiToken]] = {}


def _forget_token(*, token_hash: str | None = None, token_id: int | None = None) -> None:
    if token_hash is not None:
        _token_cache.pop(token_hash, None)
    if token_id is not None:
        for key in [k for k, (_t, token) in _token_cache.items() if token.id == token_id]:
            _token_cache.pop(key, None)


async def token_for_bearer(raw: str, *, cached: bool = True) -> ApiToken | None:
    """The live token (with its event loaded) for an Authorization header value, or None.
    `cached=False` reads the database and refreshes the process cache."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token_hash = _token_hash(raw)
    hit = _token_cache.get(token_hash) if cached else None
    if hit is not None and hit[0] > time.monotonic():
        token = hit[1]
    else:
        found = await ApiToken.get_or_none(
            token_hash=token_hash, revoked_at__isnull=True
        ).select_related("event")
        if found is None:
            _token_cache.pop(token_hash, None)
            return None
        token = found
        if len(_token_cache) >= _TOKEN_CACHE_MAX:
            _token_cache.clear()
        _token_cache[token_hash] = (time.monotonic() + TOKEN_CACHE_SECONDS, token)
    now = clock.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        await ApiToken.filter(id=token.id).update(last_used_at=now)
        token.last_used_at = now
    return token


def _scope_allows(scope: TokenScope, wanted: tuple[TokenScope, ...]) -> bool:
    if scope in wanted:
        return True
    return scope == TokenScope.ADMIN and TokenScope.READ in wanted  # admin may read


async def authenticate_bearer(
    authorization_header: str | None, *, event_id: int | None, scopes: tuple[TokenScope, ...]
) -> ApiToken:
    """The API token in an `Authorization: Bearer ...` header, if it may act on `event_id`
    (None: any event) with one of `scopes` (admin implies read). Raises Unauthorized (missing,
    unknown or revoked token) or PermissionDenied (other event, wrong scope)."""
    kind, _sep, raw = (authorization_header or "").strip().partition(" ")
    if kind.lower() != "bearer" or not raw.strip():
        raise Unauthorized(
            "missing_token", _("Stuur een API-token mee: Authorization: Bearer <token>.")
        )
    token = await token_for_bearer(raw.strip())
    if token is None:
        raise Unauthorized("invalid_token", _("Dit API-token is onbekend of ingetrokken."))
    if event_id is not None and token.event_id != event_id:
        raise PermissionDenied("wrong_event", _("Dit API-token hoort bij een ander evenement."))
    if not _scope_allows(TokenScope(token.scope), scopes):
        raise PermissionDenied("insufficient_scope", _("Dit API-token mag dit niet doen."))
    return token
