"""A new partner finds the way in: public pages and the login page link the open call and the
partner sign-up; the partner portal sends a stranger to a login that offers the sign-up."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from festival import clock
from festival.accounts.models import Role
from tests.factories import make_event, make_user
from tests.helpers import login
from tests.submissions.support import make_call, make_partner

CALL_LINK = 'href="/partners/calls/dld"'
SIGNUP_LINK = 'href="/partners/signup"'
PUBLIC_PAGES = ["/", "/events/dld", "/events/dld/programme", "/login"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
async def test_public_page_links_the_open_call_and_the_signup(
    client: httpx.AsyncClient, path: str
) -> None:
    await make_call(await make_event(slug="dld", name="Dag van de Lokale Democratie"))
    clock.set_now(datetime(2027, 1, 15, 10, 0, tzinfo=UTC))
    page = await client.get(path)
    assert page.status_code == 200
    assert (page.text.count(CALL_LINK), page.text.count(SIGNUP_LINK)) == (1, 1)
    assert "Oproep voor voorstellen: Dag van de Lokale Democratie" in page.text
    assert "insturen kan tot en met 31 januari 2027" in page.text


@pytest.mark.parametrize("path", PUBLIC_PAGES)
async def test_closed_call_is_not_linked(client: httpx.AsyncClient, path: str) -> None:
    await make_call(await make_event(slug="dld"))
    clock.set_now(datetime(2027, 2, 1, 10, 0, tzinfo=UTC))  # the call closed on 31 January
    page = await client.get(path)
    assert page.status_code == 200
    assert CALL_LINK not in page.text
    # The login page still shows a new partner where to sign up.
    assert page.text.count(SIGNUP_LINK) == (1 if path == "/login" else 0)


async def test_partner_portal_sends_a_stranger_to_a_login_with_the_signup(
    client: httpx.AsyncClient,
) -> None:
    portal = await client.get("/partners")
    assert (portal.status_code, portal.headers["location"]) == (303, "/login?next=/partners")
    login = await client.get(portal.headers["location"])
    assert login.status_code == 200
    assert login.text.count(SIGNUP_LINK) == 1
    assert 'name="next" value="/partners"' in login.text
    assert (await client.get("/partners/signup")).status_code == 200


async def test_anyone_reads_the_call_and_finds_the_way_in(client: httpx.AsyncClient) -> None:
    call = await make_call(await make_event(slug="dld"))
    clock.set_now(datetime(2027, 1, 15, 10, 0, tzinfo=UTC))
    page = await client.get("/partners/calls/dld")
    assert page.status_code == 200
    assert 'href="/login?next=/partners/calls/dld"' in page.text
    assert page.text.count(SIGNUP_LINK) == 1
    assert 'href="/partners/calls/dld/new"' not in page.text
    # Logged in without a partner role (an organiser following the public link): no 403.
    organiser_org = await call.event.organisation
    await make_user(role=Role.ORGANISER, organisation=organiser_org, email="org@example.nl")
    await login(client, "org@example.nl")
    page = await client.get("/partners/calls/dld")
    assert page.status_code == 200
    assert "niet als contactpersoon van een partnerorganisatie" in page.text


async def test_partner_on_the_call_page_may_start_a_proposal(client: httpx.AsyncClient) -> None:
    await make_call(await make_event(slug="dld"))
    clock.set_now(datetime(2027, 1, 15, 10, 0, tzinfo=UTC))
    await make_partner(email="p@example.nl")
    await login(client, "p@example.nl")
    page = await client.get("/partners/calls/dld")
    assert page.status_code == 200
    assert 'href="/partners/calls/dld/new"' in page.text
    assert SIGNUP_LINK not in page.text
