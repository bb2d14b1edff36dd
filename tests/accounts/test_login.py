"""Login and logout through the real forms: sessions, next=, errors, rate limits, audit."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest

from festival import clock
from festival.accounts.models import Role, User
from festival.app import create_app
from festival.audit import AuditEntry
from festival.settings import Settings
from tests.factories import PASSWORD, make_user
from tests.helpers import csrf_from, csrf_token, login

WRONG = "Het e-mailadres of het wachtwoord klopt niet."


@pytest.fixture(autouse=True)
def _early_in_a_window() -> None:
    """Rate limits count in fixed 15-minute windows: a test that ran across a window's end
    (real time 15:00:00) saw its count start again. Every test here starts just after one."""
    clock.set_now(datetime(2026, 12, 1, 9, 0, 30, tzinfo=UTC))


async def _post_login(
    client: httpx.AsyncClient, email: str, password: str, **extra: str
) -> httpx.Response:
    token = await csrf_token(client)
    return await client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token, **extra}
    )


async def test_login_page_has_form_with_csrf_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/login")
    assert response.status_code == 200
    assert "<h1>Inloggen</h1>" in response.text
    assert len(csrf_from(response.text)) > 20
    assert 'autocomplete="current-password"' in response.text


async def test_login_with_right_password_starts_session(client: httpx.AsyncClient) -> None:
    user = await make_user(role=Role.ORGANISER, email="Anna@Example.nl")
    response = await _post_login(client, " anna@example.NL ", PASSWORD)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin"
    account = await client.get("/account")
    assert account.status_code == 200
    assert "anna@example.nl" in account.text
    user = await User.get(id=user.id)
    assert user.last_login_at is not None
    actions = await AuditEntry.filter(subject_id=str(user.id)).values_list("action", flat=True)
    assert "user.login" in actions


async def test_login_with_wrong_password_rerenders_form_with_email(
    client: httpx.AsyncClient,
) -> None:
    user = await make_user(email="bert@example.nl")
    response = await _post_login(client, "bert@example.nl", "not the password")
    assert response.status_code == 422
    assert WRONG in response.text
    assert 'value="bert@example.nl"' in response.text
    assert (await client.get("/account")).status_code == 303
    entry = await AuditEntry.get(action="user.login_failed")
    assert (entry.actor_id, entry.data["reason"]) == (user.id, "wrong_password")


async def test_login_with_unknown_email_gives_the_same_answer(client: httpx.AsyncClient) -> None:
    await make_user(email="bert@example.nl")
    wrong_password = await _post_login(client, "bert@example.nl", "not the password")
    unknown = await _post_login(client, "nobody@example.nl", "not the password")
    assert unknown.status_code == 422
    assert WRONG in unknown.text
    normalised = unknown.text.replace("nobody@example.nl", "bert@example.nl")
    assert csrf_from(normalised) == csrf_from(wrong_password.text)  # same session token
    assert normalised == wrong_password.text


async def test_login_and_reset_with_an_overlong_address_answer_like_an_unknown_one(
    client: httpx.AsyncClient,
) -> None:
    overlong = "a" * 300 + "@example.nl"  # longer than any address (Tortoise refused the look-up)
    response = await _post_login(client, overlong, "not the password")
    assert response.status_code == 422
    assert WRONG in response.text
    page = await client.get("/password/forgot")
    forgot = await client.post(
        "/password/forgot", data={"email": overlong, "csrf_token": csrf_from(page.text)}
    )
    assert forgot.status_code == 200
    assert "Kijk in uw e-mail" in forgot.text


async def test_login_without_csrf_token_is_refused(client: httpx.AsyncClient) -> None:
    await make_user(email="carla@example.nl")
    await client.get("/login")
    response = await client.post("/login", data={"email": "carla@example.nl", "password": PASSWORD})
    assert response.status_code == 403
    assert (await client.get("/account")).status_code == 303


async def test_login_follows_local_next(client: httpx.AsyncClient) -> None:
    await make_user(email="dirk@example.nl")
    page = await client.get("/login?next=/account%3Ftab%3D2")
    assert 'name="next" value="/account?tab=2"' in page.text
    response = await client.post(
        "/login",
        data={
            "email": "dirk@example.nl",
            "password": PASSWORD,
            "csrf_token": csrf_from(page.text),
            "next": "/account?tab=2",
        },
    )
    assert response.headers["location"] == "/account?tab=2"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "/\t/evil.example",
    ],
    ids=[
        "absolute",
        "scheme-relative",
        "backslash",
        "double-backslash",
        "javascript",
        "http-single-slash",
        "tab",
    ],
)
async def test_login_ignores_next_to_another_site(client: httpx.AsyncClient, target: str) -> None:
    await make_user(email="eva@example.nl")
    response = await _post_login(client, "eva@example.nl", PASSWORD, next=target)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin"


async def test_login_regenerates_session(client: httpx.AsyncClient) -> None:
    await make_user(email="fleur@example.nl")
    before = await csrf_token(client)
    await client.post(
        "/login", data={"email": "fleur@example.nl", "password": PASSWORD, "csrf_token": before}
    )
    # The token of the anonymous session does not work any more.
    response = await client.post("/logout", data={"csrf_token": before})
    assert response.status_code == 403
    assert (await client.get("/account")).status_code == 200


async def test_login_remembers_the_users_language(client: httpx.AsyncClient) -> None:
    user = await make_user(email="gijs@example.nl")
    await User.filter(id=user.id).update(language="en")
    response = await _post_login(client, "gijs@example.nl", PASSWORD)
    assert "lang=en" in response.headers["set-cookie"]
    assert "My account" in (await client.get("/account")).text


async def test_logout_ends_session(client: httpx.AsyncClient) -> None:
    await make_user(email="hans@example.nl")
    await login(client, "hans@example.nl")
    account = await client.get("/account")
    response = await client.post("/logout", data={"csrf_token": csrf_from(account.text)})
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    again = await client.get("/account")
    assert again.status_code == 303
    assert again.headers["location"] == "/login?next=/account"
    assert await AuditEntry.filter(action="user.logout").count() == 1


async def test_session_of_inactive_user_ends(client: httpx.AsyncClient) -> None:
    user = await make_user(email="ilse@example.nl")
    await login(client, "ilse@example.nl")
    await User.filter(id=user.id).update(is_active=False)
    assert (await client.get("/account")).status_code == 303


async def test_login_of_user_without_password_is_refused(client: httpx.AsyncClient) -> None:
    await User.create(email="invited@example.nl", name="Invited")
    response = await _post_login(client, "invited@example.nl", "")
    assert response.status_code == 422
    assert WRONG in response.text


# ---------------------------------------- rate limits (settings.login_rate_limit == 5)


@pytest.fixture
async def proxied_client(settings: Settings, database: None) -> AsyncIterator[httpx.AsyncClient]:
    """A client behind a trusted proxy, so each request can come from another address."""
    app = create_app(dataclasses.replace(settings, trusted_proxies=("127.0.0.1",)))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


async def _attempt(client: httpx.AsyncClient, email: str, password: str, ip: str) -> httpx.Response:
    headers = {"x-forwarded-for": ip}
    page = await client.get("/login", headers=headers)
    data = {"email": email, "password": password, "csrf_token": csrf_from(page.text)}
    return await client.post("/login", data=data, headers=headers)


async def test_login_after_too_many_failures_from_one_address_gives_429(
    client: httpx.AsyncClient,
) -> None:
    await make_user(email="jan@example.nl")
    statuses = [
        (await _post_login(client, f"guess{n}@example.nl", "wrong password")).status_code
        for n in range(5)
    ]
    assert statuses == [422] * 5
    response = await _post_login(
        client, "jan@example.nl", PASSWORD
    )  # even the right password waits
    assert response.status_code == 429
    assert "Te veel mislukte pogingen om in te loggen." in response.text
    assert 1 <= int(response.headers["retry-after"]) <= 900
    assert 'value="jan@example.nl"' in response.text
    entry = await AuditEntry.filter(action="user.login_failed").order_by("-id").first()
    assert entry is not None and entry.data["reason"] == "rate_limited"


async def test_login_after_too_many_failures_on_one_account_gives_429(
    proxied_client: httpx.AsyncClient,
) -> None:
    await make_user(email="kim@example.nl")
    statuses = [
        (await _attempt(proxied_client, "kim@example.nl", "wrong", f"10.0.0.{n}")).status_code
        for n in range(6)
    ]
    assert statuses == [422] * 5 + [429]
    other = await _attempt(proxied_client, "other@example.nl", "wrong", "10.0.0.99")
    assert other.status_code == 422


async def test_login_rate_limit_is_per_address(proxied_client: httpx.AsyncClient) -> None:
    await make_user(email="lot@example.nl")
    for n in range(5):
        await _attempt(proxied_client, f"guess{n}@example.nl", "wrong", "192.0.2.1")
    assert (
        await _attempt(proxied_client, "lot@example.nl", PASSWORD, "192.0.2.1")
    ).status_code == 429
    assert (
        await _attempt(proxied_client, "lot@example.nl", PASSWORD, "192.0.2.2")
    ).status_code == 303


async def test_successful_logins_do_not_use_up_the_limit(client: httpx.AsyncClient) -> None:
    await make_user(email="max@example.nl")
    statuses = [
        (await _post_login(client, "max@example.nl", PASSWORD)).status_code for _ in range(8)
    ]
    assert statuses == [303] * 8
