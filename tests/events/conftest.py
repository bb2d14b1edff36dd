"""Helpers for the events tests: log in through the real login form, read form errors."""

from __future__ import annotations

import re

import httpx

from festival.accounts.models import User
from tests.helpers import csrf_from, login


async def log_in(client: httpx.AsyncClient, user: User) -> str:
    """Log `user` in and return the CSRF token of the new session."""
    await login(client, user.email)
    return csrf_from((await client.get("/admin")).text)


def field_error(html: str, name: str) -> str:
    match = re.search(rf'<p class="field-error" id="{name}-error">([^<]*)</p>', html)
    return match.group(1) if match else ""
