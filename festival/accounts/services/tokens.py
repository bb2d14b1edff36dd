"""API tokens for events: creating, revoking, bearer authentication and the token cache."""

from __future__ import annotations

import hashlib
import secrets
import time

from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.accounts.models import ApiToken, TokenScope, User
from festival.audit import Actor
from festival.errors import NotFound, PermissionDenied, Unauthorized, ValidationError
from festival.i18n import _

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
