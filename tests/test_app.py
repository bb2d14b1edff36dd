"""The web shell: health, public event page, errors, languages, CSRF."""

from __future__ import annotations

import httpx

from festival.accounts.models import User
from festival.events.models import EventStatus
from tests.factories import make_event, make_user
from tests.helpers import csrf_token, login


async def test_healthz_answers_ok_when_database_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_event_page_shows_published_event_in_dutch(client: httpx.AsyncClient) -> None:
    await make_event(slug="dld-2027", name="Dag van de Lokale Democratie 2027")
    response = await client.get("/events/dld-2027")
    assert response.status_code == 200
    assert "Dag van de Lokale Democratie 2027" in response.text
    assert "zaterdag 20 maart 2027" in response.text
    assert '<html lang="nl">' in response.text


async def test_event_page_hides_draft_event(client: httpx.AsyncClient) -> None:
    await make_event(slug="concept", status=EventStatus.DRAFT)
    response = await client.get("/events/concept")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text


async def test_unknown_route_gives_styled_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/nope")
    assert response.status_code == 404
    assert 'class="skip-link"' in response.text


async def test_post_without_csrf_token_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post("/login", data={"email": "a@b.nl", "password": "x"})
    assert response.status_code == 403
    assert "formulier is verlopen" in response.text


async def test_nul_characters_never_reach_a_handler(client: httpx.AsyncClient) -> None:
    user = await make_user(name="Anna")
    await login(client, user.email)
    token = await csrf_token(client)
    for files in (None, {"unused": ("a.txt", b"x", "text/plain")}):  # urlencoded, multipart
        response = await client.post(
            "/account",
            data={"csrf_token": token, "name": "An\x00na de\x00 Vries", "language": "nl"},
            files=files,
        )
        assert response.status_code == 303
        assert (await User.get(id=user.id)).name == "Anna de Vries"


async def test_database_down_gives_503_not_500(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from festival.app import create_app
    from festival.settings import Settings

    settings = Settings(
        env="test",
        database_url="postgres://festival:wrong@127.0.0.1:1/nothing_listens_here",
        secret_key="x" * 40,
        data_dir=tmp_path,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            page = await http.get("/events/dld-demo")
            api = await http.get("/api/events/dld-demo")
            health = await http.get("/healthz")
    assert (page.status_code, page.headers["retry-after"]) == (503, "30")
    assert "Even niet beschikbaar" in page.text
    assert api.status_code == 503
    assert api.json()["error"]["code"] == "unavailable"
    assert health.status_code == 503


async def test_large_answers_are_compressed_when_the_client_accepts_gzip(
    client: httpx.AsyncClient,
) -> None:
    await make_event(slug="dld-2027", description="Lokale democratie. " * 200)
    response = await client.get("/events/dld-2027", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert "Lokale democratie." in response.text
    small = await client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers
