"""API tokens: bearer authentication for the API areas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from festival import clock
from festival.accounts import services
from festival.accounts.models import ApiToken, TokenScope
from festival.errors import PermissionDenied, Unauthorized, ValidationError
from tests.factories import make_event

CHECKIN = (TokenScope.CHECKIN,)
READ = (TokenScope.READ,)


async def test_authenticate_bearer_accepts_live_token_of_the_event(database: None) -> None:
    event = await make_event()
    token, raw = await services.create_token(event.id, scope=TokenScope.CHECKIN, name="deur")
    assert raw.startswith("fst_") and token.prefix == raw[:12]
    found = await services.authenticate_bearer(f"Bearer {raw}", event_id=event.id, scopes=CHECKIN)
    assert found.id == token.id
    assert (await ApiToken.get(id=token.id)).last_used_at is not None
    assert (
        await services.authenticate_bearer(f"bearer  {raw} ", event_id=None, scopes=CHECKIN)
    ).id == token.id


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Basic dXNlcjpwdw==", "Bearer ", "Token fst_x"],
    ids=["none", "empty", "no-token", "basic", "blank-token", "other-kind"],
)
async def test_authenticate_bearer_without_token_is_unauthorized(
    database: None, header: str | None
) -> None:
    with pytest.raises(Unauthorized) as error:
        await services.authenticate_bearer(header, event_id=None, scopes=READ)
    assert (error.value.code, error.value.status_code) == ("missing_token", 401)


async def test_authenticate_bearer_with_unknown_token_is_unauthorized(database: None) -> None:
    for raw in ("fst_nope", "something-else"):
        with pytest.raises(Unauthorized) as error:
            await services.authenticate_bearer(f"Bearer {raw}", event_id=None, scopes=READ)
        assert error.value.code == "invalid_token"


async def test_authenticate_bearer_with_revoked_token_is_unauthorized(database: None) -> None:
    event = await make_event()
    token, raw = await services.create_token(event.id, scope=TokenScope.READ)
    await services.revoke_token(event.id, token.id, actor=services.audit.SYSTEM)
    with pytest.raises(Unauthorized) as error:
        await services.authenticate_bearer(f"Bearer {raw}", event_id=event.id, scopes=READ)
    assert error.value.code == "invalid_token"


async def test_authenticate_bearer_refuses_token_of_another_event(database: None) -> None:
    event, other = await make_event(), await make_event()
    _token, raw = await services.create_token(other.id, scope=TokenScope.ADMIN)
    with pytest.raises(PermissionDenied) as error:
        await services.authenticate_bearer(f"Bearer {raw}", event_id=event.id, scopes=READ)
    assert (error.value.code, error.value.status_code) == ("wrong_event", 403)


@pytest.mark.parametrize(
    ("scope", "wanted", "allowed"),
    [
        (TokenScope.ADMIN, READ, True),
        (TokenScope.ADMIN, (TokenScope.ADMIN,), True),
        (TokenScope.ADMIN, CHECKIN, False),
        (TokenScope.READ, (TokenScope.ADMIN,), False),
        (TokenScope.READ, CHECKIN, False),
        (TokenScope.CHECKIN, READ, False),
        (TokenScope.CHECKIN, (TokenScope.CHECKIN, TokenScope.ADMIN), True),
    ],
    ids=[
        "admin-reads",
        "admin-admins",
        "admin-no-checkin",
        "read-no-admin",
        "read-no-checkin",
        "checkin-no-read",
        "checkin-either",
    ],
)
async def test_authenticate_bearer_checks_scope(
    database: None, scope: TokenScope, wanted: tuple[TokenScope, ...], allowed: bool
) -> None:
    event = await make_event()
    _token, raw = await services.create_token(event.id, scope=scope)
    if allowed:
        await services.authenticate_bearer(f"Bearer {raw}", event_id=event.id, scopes=wanted)
    else:
        with pytest.raises(PermissionDenied) as error:
            await services.authenticate_bearer(f"Bearer {raw}", event_id=event.id, scopes=wanted)
        assert error.value.code == "insufficient_scope"


async def test_token_last_used_is_written_at_most_once_a_minute(database: None) -> None:
    clock.set_now(datetime(2027, 3, 20, 9, 0, tzinfo=UTC))
    event = await make_event()
    token, raw = await services.create_token(event.id, scope=TokenScope.READ)
    await services.authenticate_bearer(f"Bearer {raw}", event_id=event.id, scopes=READ)
    first = (await ApiToken.get(id=token.id)).last_used_at
    clock.advance(timedelta(seconds=30))
    await services.authenticate_bearer(f"Bearer {raw}", event_id=event.id, scopes=READ)
    assert (await ApiToken.get(id=token.id)).last_used_at == first
    clock.advance(timedelta(seconds=60))
    await services.authenticate_bearer(f"Bearer {raw}", event_id=event.id, scopes=READ)
    assert (await ApiToken.get(id=token.id)).last_used_at == clock.now()


async def test_create_token_with_unknown_scope_is_refused(database: None) -> None:
    event = await make_event()
    with pytest.raises(ValidationError):
        await services.create_token(event.id, scope="root")
    assert await ApiToken.all().count() == 0


async def test_revoke_token_is_idempotent(database: None) -> None:
    event = await make_event()
    token, _raw = await services.create_token(event.id, scope=TokenScope.READ)
    first = await services.revoke_token(event.id, token.id, actor=services.audit.SYSTEM)
    second = await services.revoke_token(event.id, token.id, actor=services.audit.SYSTEM)
    assert first.revoked_at == second.revoked_at
