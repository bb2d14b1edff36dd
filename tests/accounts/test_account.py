"""The user's own account page: name, language, password."""

from __future__ import annotations

import httpx

from festival.accounts.models import User
from festival.app import create_app
from tests.factories import PASSWORD, make_user
from tests.helpers import csrf_from, login


async def _account_form(client: httpx.AsyncClient) -> str:
    return csrf_from((await client.get("/account")).text)


async def test_account_page_needs_login(client: httpx.AsyncClient) -> None:
    response = await client.get("/account")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/account"


async def test_account_update_saves_name_and_language(client: httpx.AsyncClient) -> None:
    user = await make_user(email="anna@example.nl", name="Anna")
    await login(client, "anna@example.nl")
    token = await _account_form(client)
    response = await client.post(
        "/account", data={"name": "Anna de Vries", "language": "en", "csrf_token": token}
    )
    assert response.status_code == 303
    assert "lang=en" in response.headers["set-cookie"]
    user = await User.get(id=user.id)
    assert (user.name, user.language) == ("Anna de Vries", "en")
    page = await client.get("/account")
    assert "Your details have been saved." in page.text
    assert 'value="Anna de Vries"' in page.text


async def test_account_update_with_empty_name_rerenders_form(client: httpx.AsyncClient) -> None:
    await make_user(email="bert@example.nl", name="Bert")
    await login(client, "bert@example.nl")
    token = await _account_form(client)
    response = await client.post(
        "/account", data={"name": " ", "language": "xx", "csrf_token": token}
    )
    assert response.status_code == 422
    assert "Vul uw naam in." in response.text
    assert "Kies Nederlands of Engels." in response.text
    assert (await User.get(email="bert@example.nl")).name == "Bert"


async def test_change_password_keeps_this_session_and_ends_others(
    client: httpx.AsyncClient, app: object
) -> None:
    await make_user(email="carla@example.nl")
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other_device:
        await login(other_device, "carla@example.nl")
        await login(client, "carla@example.nl")
        token = await _account_form(client)
        response = await client.post(
            "/account/password",
            data={
                "current": PASSWORD,
                "password": "my new password",
                "confirm": "my new password",
                "csrf_token": token,
            },
        )
        assert response.status_code == 303
        assert (await client.get("/account")).status_code == 200
        assert (await other_device.get("/account")).status_code == 303
        await login(other_device, "carla@example.nl", "my new password")


async def test_change_password_with_wrong_current_password_is_refused(
    client: httpx.AsyncClient,
) -> None:
    await make_user(email="dirk@example.nl")
    await login(client, "dirk@example.nl")
    token = await _account_form(client)
    response = await client.post(
        "/account/password",
        data={
            "current": "not it at all",
            "password": "my new password",
            "confirm": "my new password",
            "csrf_token": token,
        },
    )
    assert response.status_code == 422
    assert "Uw huidige wachtwoord klopt niet." in response.text
    assert 'aria-describedby="current-error"' in response.text
    await login(client, "dirk@example.nl", PASSWORD)


async def test_account_post_without_csrf_is_refused(client: httpx.AsyncClient) -> None:
    await make_user(email="eva@example.nl", name="Eva")
    await login(client, "eva@example.nl")
    response = await client.post("/account", data={"name": "Mallory", "language": "nl"})
    assert response.status_code == 403
    assert (await User.get(email="eva@example.nl")).name == "Eva"


def test_app_has_accounts_routes_named_by_the_contract() -> None:
    app = create_app(__import__("festival.settings").settings.Settings(secret_key="x" * 40))
    assert app.url_path_for("accounts:login") == "/login"
    assert app.url_path_for("accounts:logout") == "/logout"
