"""Helpers for HTTP tests of every area: read a form's CSRF token, log in."""

from __future__ import annotations

import re

import httpx

from tests.factories import PASSWORD

_CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token of the first form in `html` (fails loudly when there is none)."""
    match = _CSRF.search(html)
    assert match is not None, "no csrf_token field in the page"
    return match.group(1)


async def csrf_token(client: httpx.AsyncClient) -> str:
    """A valid CSRF token for this client's session (read from the login page)."""
    response = await client.get("/login")
    return csrf_from(response.text)


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> None:
    """Log the client in through the real login form; fails when the login is refused."""
    token = await csrf_token(client)
    response = await client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 303, f"login of {email} failed: {response.status_code}"
