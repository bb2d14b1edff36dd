"""Menus and start pages come from the roles the routes carry: what a role is offered is what
its guard lets through, and each role starts on the page it works on."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from festival import navigation, web
from festival.accounts.admin import admin_only
from festival.accounts.models import ORGANISER_ROLES, PARTNER_ROLES, Membership, Role
from festival.app import create_app
from festival.settings import Settings
from tests.factories import PASSWORD, make_event, make_organisation, make_user
from tests.helpers import csrf_token, login
from tests.submissions.support import make_call, make_partner


async def _page(request: Request) -> Response:
    return PlainTextResponse("ok")


def _small_app() -> Starlette:
    return Starlette(
        routes=[
            Route("/public", _page, name="t:public"),
            Route("/mine", web.require_login(_page), name="t:login"),
            Route("/organise", web.require_role(*ORGANISER_ROLES)(_page), name="t:organiser"),
            Route("/propose", web.require_role(*PARTNER_ROLES)(_page), name="t:partner"),
            Route("/platform", admin_only(_page), name="t:admin"),
        ]
    )


def _openable(app: Any, role: str | None, *, is_admin: bool = False) -> list[str]:
    names = ["t:public", "t:login", "t:organiser", "t:partner", "t:admin"]
    return [n for n in names if navigation.can_open(app, n, role, is_admin=is_admin)]


def test_can_open_reads_the_roles_each_route_carries() -> None:
    app = _small_app()
    assert _openable(app, Role.OWNER) == ["t:public", "t:login", "t:organiser"]
    assert _openable(app, Role.ORGANISER) == ["t:public", "t:login", "t:organiser"]
    assert _openable(app, Role.STAFF) == ["t:public", "t:login"]
    assert _openable(app, Role.PARTNER) == ["t:public", "t:login", "t:partner"]
    assert _openable(app, None) == ["t:public", "t:login"]
    # Platform administrators act as organisers, never as partners.
    assert _openable(app, None, is_admin=True) == ["t:public", "t:login", "t:organiser", "t:admin"]


def test_menus_name_only_routes_of_the_app() -> None:
    table = navigation.route_table(create_app(Settings(secret_key="k" * 40)))
    for name, entries in navigation.MENUS.items():
        assert [route for route, _label in entries if route not in table] == [], name


def _labels(role: str | None, menu: str = "event", *, is_admin: bool = False) -> list[str]:
    app = create_app(Settings(secret_key="k" * 40))
    links = navigation.menu_links(app, menu, role=role, is_admin=is_admin, slug="dld")
    return [link.label for link in links]


def test_event_menu_per_role() -> None:
    assert _labels(Role.STAFF) == ["Balie", "Aanwezigheid"]
    assert _labels(Role.REVIEWER) == ["Mijn beoordelingen"]
    assert _labels(Role.PARTNER) == []
    assert _labels(Role.REVIEWER, "cfp") == ["Mijn beoordelingen"]
    assert _labels(Role.STAFF, "checkin") == ["Balie", "Aanwezigheid", "Scanner"]
    assert _labels(Role.ORGANISER) == _labels(None, is_admin=True)
    assert len(_labels(Role.ORGANISER)) == len(navigation.MENUS["event"])


def test_current_menu_entry_is_the_deepest_page_above_the_path() -> None:
    app = create_app(Settings(secret_key="k" * 40))
    links = navigation.menu_links(
        app,
        "event",
        role=Role.OWNER,
        is_admin=False,
        slug="dld",
        here="/admin/events/dld/cfp/reviews/7",
    )
    assert [link.label for link in links if link.current] == ["Mijn beoordelingen"]


# ---------------------------------------------------------------- where each role starts


async def _login_location(client: httpx.AsyncClient, email: str) -> str:
    token = await csrf_token(client)
    response = await client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303
    return response.headers["location"]


@pytest.mark.parametrize(
    ("role", "start"),
    [
        (Role.OWNER, "/admin"),
        (Role.ORGANISER, "/admin"),
        (Role.REVIEWER, "/admin/events/dld/cfp/reviews"),
        (Role.STAFF, "/admin/events/dld/desk"),
        (None, "/admin"),
    ],
    ids=["owner", "organiser", "reviewer", "staff", "no-role"],
)
async def test_login_and_dashboard_lead_each_role_to_its_work(
    client: httpx.AsyncClient, role: Role | None, start: str
) -> None:
    organisation = await make_organisation()
    await make_call(await make_event(organisation, slug="dld"))
    await make_user(role=role, organisation=organisation if role else None, email="u@example.nl")
    assert await _login_location(client, "u@example.nl") == start
    page = await client.get("/admin", follow_redirects=True)
    assert (page.status_code, page.url.path) == (200, start)


async def test_partner_starts_in_the_partner_portal(client: httpx.AsyncClient) -> None:
    await make_partner(email="p@example.nl")
    assert await _login_location(client, "p@example.nl") == "/partners"
    assert (await client.get("/partners")).status_code == 200


async def test_staff_of_two_events_start_on_a_dashboard_linking_each_desk(
    client: httpx.AsyncClient,
) -> None:
    organisation = await make_organisation()
    await make_event(organisation, slug="dag-een")
    await make_event(organisation, slug="dag-twee")
    await make_user(role=Role.STAFF, organisation=organisation, email="s@example.nl")
    assert await _login_location(client, "s@example.nl") == "/admin"
    links = re.findall(r'href="(/admin/events/[^"]+)"', (await client.get("/admin")).text)
    assert sorted(links) == ["/admin/events/dag-een/desk", "/admin/events/dag-twee/desk"]


async def test_partner_who_is_also_staff_sees_portal_and_desk(client: httpx.AsyncClient) -> None:
    _partner_org, user = await make_partner(email="ps@example.nl")
    organiser = await make_organisation()
    await make_event(organiser, slug="dld")
    await Membership.create(user=user, organisation=organiser, role=Role.STAFF)
    await login(client, "ps@example.nl")
    dashboard = await client.get("/admin")
    assert dashboard.status_code == 200
    assert 'href="/partners"' in dashboard.text
    assert 'href="/admin/events/dld/desk"' in dashboard.text
    # The partner pages recognise the partner role though staff ranks higher elsewhere.
    assert (await client.get("/partners")).status_code == 200
