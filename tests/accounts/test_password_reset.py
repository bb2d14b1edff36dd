"""Password reset by a signed e-mail link: same answer for every address, one use, 2 hours."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx

from festival import clock
from festival.accounts.models import User
from festival.audit import AuditEntry
from festival.mail.models import OutboxMessage
from tests.factories import PASSWORD, make_user
from tests.helpers import csrf_from, csrf_token, login

EARLY_IN_A_WINDOW = datetime(2026, 12, 1, 9, 0, 30, tzinfo=UTC)
NEW_PASSWORD = "a brand new password"


async def _request_link(client: httpx.AsyncClient, email: str) -> httpx.Response:
    page = await client.get("/password/forgot")
    return await client.post(
        "/password/forgot", data={"email": email, "csrf_token": csrf_from(page.text)}
    )


async def _link_path(email: str) -> str:
    message = await OutboxMessage.filter(to=email).order_by("-id").first()
    assert message is not None
    match = re.search(r"http://testserver(/password/reset/\S+)", message.text)
    assert match is not None
    return match.group(1)


async def _reset(
    client: httpx.AsyncClient, path: str, password: str, confirm: str | None = None
) -> httpx.Response:
    token = await csrf_token(client)
    return await client.post(
        path, data={"password": password, "confirm": confirm or password, "csrf_token": token}
    )


async def test_forgot_password_mails_a_link_to_a_known_address(client: httpx.AsyncClient) -> None:
    user = await make_user(email="anna@example.nl", name="Anna")
    response = await _request_link(client, "Anna@Example.nl")
    assert response.status_code == 200
    assert "Kijk in uw e-mail" in response.text
    message = await OutboxMessage.get(to="anna@example.nl")
    assert message.subject == "Nieuw wachtwoord instellen"
    assert message.template == "accounts/password_reset"
    assert "Beste Anna," in message.text
    assert "De link werkt 2 uur en maar één keer." in message.text
    assert (await _link_path("anna@example.nl")) in message.html
    assert (
        await AuditEntry.filter(
            action="user.password_reset_requested", subject_id=str(user.id)
        ).count()
        == 1
    )


async def test_forgot_password_answers_the_same_for_an_unknown_address(
    client: httpx.AsyncClient,
) -> None:
    await make_user(email="anna@example.nl")
    known = await _request_link(client, "anna@example.nl")
    unknown = await _request_link(client, "nobody@example.nl")
    assert unknown.status_code == known.status_code == 200
    assert unknown.text.replace("nobody@example.nl", "anna@example.nl") == known.text
    assert await OutboxMessage.filter(to="nobody@example.nl").count() == 0


async def test_forgot_password_in_english_mails_in_the_users_language(
    client: httpx.AsyncClient,
) -> None:
    user = await make_user(email="eve@example.nl")
    await User.filter(id=user.id).update(language="en")
    await _request_link(client, "eve@example.nl")
    message = await OutboxMessage.get(to="eve@example.nl")
    assert message.subject == "Set a new password"
    assert message.language == "en"


async def test_forgot_password_without_address_rerenders_form(client: httpx.AsyncClient) -> None:
    response = await _request_link(client, "  ")
    assert response.status_code == 422
    assert "Vul uw e-mailadres in." in response.text


async def test_forgot_password_is_rate_limited(client: httpx.AsyncClient) -> None:
    clock.set_now(EARLY_IN_A_WINDOW)  # fixed-window counts: never across a window's end
    statuses = [(await _request_link(client, f"n{n}@example.nl")).status_code for n in range(6)]
    assert statuses == [200] * 5 + [429]


async def test_reset_link_sets_new_password_and_ends_old_sessions(
    client: httpx.AsyncClient, app: object
) -> None:
    user = await make_user(email="bert@example.nl")
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other_device:
        await login(other_device, "bert@example.nl")
        await _request_link(client, "bert@example.nl")
        path = await _link_path("bert@example.nl")
        page = await client.get(path)
        assert page.status_code == 200
        assert "Voor het account bert@example.nl." in page.text
        response = await _reset(client, path, NEW_PASSWORD)
        assert response.status_code == 303
        assert response.headers["location"] == "/login"
        assert (await other_device.get("/account")).status_code == 303
    await login(client, "bert@example.nl", NEW_PASSWORD)
    user = await User.get(id=user.id)
    assert user.session_version == 2
    assert (
        await AuditEntry.filter(action="user.password_reset", subject_id=str(user.id)).count() == 1
    )


async def test_reset_link_works_only_once(client: httpx.AsyncClient) -> None:
    await make_user(email="carla@example.nl")
    await _request_link(client, "carla@example.nl")
    path = await _link_path("carla@example.nl")
    assert (await _reset(client, path, NEW_PASSWORD)).status_code == 303
    again = await _reset(client, path, "yet another password")
    assert again.status_code == 400
    assert "Deze link is al gebruikt." in again.text
    assert 'href="/password/forgot"' in again.text
    assert (await client.get(path)).status_code == 400
    await login(client, "carla@example.nl", NEW_PASSWORD)


async def test_reset_link_expires_after_two_hours(client: httpx.AsyncClient) -> None:
    await make_user(email="dirk@example.nl")
    await _request_link(client, "dirk@example.nl")
    path = await _link_path("dirk@example.nl")
    clock.advance(timedelta(hours=2, minutes=1))
    response = await client.get(path)
    assert response.status_code == 400
    assert "Deze link is verlopen." in response.text
    assert (await _reset(client, path, NEW_PASSWORD)).status_code == 400
    await login(client, "dirk@example.nl", PASSWORD)


async def test_reset_link_that_was_tampered_with_is_refused(client: httpx.AsyncClient) -> None:
    await make_user(email="eva@example.nl")
    await _request_link(client, "eva@example.nl")
    path = await _link_path("eva@example.nl")
    response = await client.get(path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb"))
    assert response.status_code == 400
    assert "Deze link klopt niet." in response.text
    assert (await client.get("/password/reset/nonsense")).status_code == 400


async def test_reset_with_short_or_different_passwords_rerenders_form(
    client: httpx.AsyncClient,
) -> None:
    await make_user(email="fleur@example.nl")
    await _request_link(client, "fleur@example.nl")
    path = await _link_path("fleur@example.nl")
    short = await _reset(client, path, "short")
    assert short.status_code == 422
    assert "Gebruik minstens 10 tekens." in short.text
    different = await _reset(client, path, NEW_PASSWORD, "something else entirely")
    assert different.status_code == 422
    assert "Typ hetzelfde wachtwoord nog een keer." in different.text
    assert 'aria-describedby="confirm-error"' in different.text
    assert (await _reset(client, path, NEW_PASSWORD)).status_code == 303  # the link still works


async def test_reset_without_csrf_token_is_refused(client: httpx.AsyncClient) -> None:
    await make_user(email="gijs@example.nl")
    await _request_link(client, "gijs@example.nl")
    path = await _link_path("gijs@example.nl")
    response = await client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 403
    await login(client, "gijs@example.nl", PASSWORD)
