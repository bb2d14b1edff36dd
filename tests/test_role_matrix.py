"""Every organiser/staff route x every role: walks the routes of create_app() generically, so
routes that areas add later are covered without touching this file.

A route is protected when its endpoint has `required_roles` (set by web.require_role and
web.require_login) or `admin_only` (platform administrators, accounts.admin.admin_only).
Expected: anonymous -> 303 to /login; a role outside required_roles, or a member of another
organisation on a route of this organisation's event or organisation -> 403; an allowed role ->
neither 403 nor 5xx (404 or 422 on made-up ids and an empty form are fine). Login-only routes
(`required_roles == ()`) may still refuse in their service (the partner portal refuses
non-partners), so there any logged-in user just must not be sent to /login or get a 5xx."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from starlette.routing import BaseRoute, Mount, Route

from festival.accounts.models import Membership, Organisation, Role, User
from festival.app import create_app
from festival.events.models import Event
from festival.settings import Settings
from tests.factories import make_event, make_organisation, make_ticket_type, make_user
from tests.helpers import csrf_from, login
from tests.registration.conftest import person, register

ROLES = [Role.OWNER, Role.ORGANISER, Role.REVIEWER, Role.STAFF, Role.PARTNER]
CASES = ["anonymous", *[str(r) for r in ROLES], "other_organisation", "admin"]
PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
SCOPING_PARAMS = {"slug", "org_slug"}


@dataclass(frozen=True)
class ProtectedRoute:
    path: str
    method: str
    roles: tuple[str, ...]
    login_only: bool
    admin_only: bool

    @property
    def params(self) -> list[str]:
        return PARAM.findall(self.path)

    @property
    def scoped(self) -> bool:
        return bool(SCOPING_PARAMS & set(self.params))

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _walk(routes: list[BaseRoute], prefix: str = "") -> Iterator[ProtectedRoute]:
    for route in routes:
        if isinstance(route, Mount):
            yield from _walk(list(route.routes), prefix + route.path)
        elif isinstance(route, Route):
            endpoint = route.endpoint
            if not hasattr(endpoint, "required_roles"):
                continue
            methods = route.methods or {"GET"}
            method = "GET" if "GET" in methods else sorted(methods - {"HEAD"})[0]
            roles = tuple(str(r) for r in endpoint.required_roles)
            yield ProtectedRoute(
                prefix + route.path,
                method,
                roles,
                login_only=not roles,
                admin_only=bool(getattr(endpoint, "admin_only", False)),
            )


def protected_routes(app: Any) -> list[ProtectedRoute]:
    found = list(_walk(app.routes))
    return sorted(found, key=lambda r: (r.method != "GET", r.path))  # pages first, then actions


def expected(case: str, route: ProtectedRoute) -> str:
    """login | forbidden | allowed | logged_in (any answer but the login page or a 5xx)."""
    if case == "anonymous":
        return "login"
    if case == "admin":  # require_role lets platform admins in; partner pages need a partner
        if route.admin_only or (route.roles and route.roles != (str(Role.PARTNER),)):
            return "allowed"
        return "logged_in"
    if route.admin_only:
        return "forbidden"
    if case == "other_organisation":
        if route.scoped:
            return "forbidden"
        case = str(
            Role.OWNER
        )  # elsewhere the outsider is simply an owner (of their own organisation)
    if route.login_only:
        return "logged_in"
    return "allowed" if case in route.roles else "forbidden"


def test_route_walk_finds_protected_routes_of_several_areas() -> None:
    routes = {str(r) for r in protected_routes(create_app(Settings(secret_key="k" * 40)))}
    assert "GET /admin/events/{slug}/tokens" in routes
    assert "POST /admin/events/{slug}/tokens/{token_id:id}/revoke" in routes
    assert "GET /admin/organisations/{org_slug}/members" in routes
    assert "GET /account" in routes


@dataclass
class World:
    organisation: Organisation
    event: Event


async def _world(case: str) -> tuple[World, str | None]:
    """The organisation with its event and one member per role, an outsider, and an admin.
    Only the user who logs in gets a password (argon2 hashing is slow on purpose)."""
    organisation = await make_organisation(slug="matrix-org")
    event = await make_event(organisation, slug="matrix-event")
    elsewhere = await make_organisation(slug="elsewhere-org")
    await make_event(elsewhere, slug="elsewhere-event")
    people = [(str(role), organisation, role) for role in ROLES]
    people += [("other_organisation", elsewhere, Role.OWNER), ("admin", None, None)]
    login_email = None
    for name, org, role in people:
        email = f"{name}@matrix.example.nl"
        if name == case:
            await make_user(role=role, organisation=org, email=email, is_admin=name == "admin")
            login_email = email
        else:
            user = await User.create(email=email, name=name, is_admin=name == "admin")
            if org is not None and role is not None:
                await Membership.create(user=user, organisation=org, role=role)
    return World(organisation, event), login_email


async def _keep_world(world: World) -> None:
    """An allowed POST may have archived or deleted the event; put it back for the next route."""
    if not await Event.filter(slug=world.event.slug).exists():
        world.event = await make_event(world.organisation, slug=world.event.slug)


def _fill(route: ProtectedRoute, world: World) -> str:
    values = {"slug": world.event.slug, "org_slug": world.organisation.slug}
    return PARAM.sub(lambda m: values.get(m.group(1), "1"), route.path)


@pytest.mark.parametrize("case", CASES)
async def test_every_protected_route_checks_the_role(case: str, app: Any) -> None:
    world, email = await _world(case)
    routes = protected_routes(app)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    failures: list[str] = []
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        if email is not None:
            await login(client, email)
        token = csrf_from((await client.get("/login")).text)
        for route in routes:
            await _keep_world(world)
            url = _fill(route, world)
            if route.method == "GET":
                response = await client.get(url)
            else:
                response = await client.request(
                    route.method, url, data={"csrf_token": token}, headers={"x-csrf-token": token}
                )
            want = expected(case, route)
            status, location = response.status_code, response.headers.get("location", "")
            if want == "login":
                ok = status == 303 and location.startswith("/login")
            elif want == "forbidden":
                ok = status == 403
            elif want == "allowed":
                ok = status != 403 and status < 500
            else:
                ok = status < 500 and not location.startswith("/login")
            if not ok:
                failures.append(
                    f"{route} as {case}: expected {want}, got {status} {location}".strip()
                )
    assert failures == [], "\n" + "\n".join(failures)


async def test_second_organisation_sees_none_of_the_first_ones_data(app: Any) -> None:
    """Two organisations on one instance, each with an event and a registration: an owner of
    the second finds nothing of the first on the dashboard, in a privacy search or behind the
    first one's registration pages (403), nor its branding form."""
    first = await make_organisation(name="Gemeente Eerst", slug="eerst")
    first_event = await make_event(first, slug="eerst-2027", name="Raadsdag Eerst")
    ticket = await make_ticket_type(first_event)
    found = await register(first_event, ticket, person(1, email="anna@eerst.nl"))
    second = await make_organisation(name="Gemeente Tweede", slug="tweede")
    await make_event(second, slug="tweede-2027", name="Raadsdag Tweede")
    await make_user(role=Role.OWNER, organisation=second, email="eigenaar@tweede.nl")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await login(client, "eigenaar@tweede.nl")
        dashboard = (await client.get("/admin")).text
        assert "Raadsdag Tweede" in dashboard and "Raadsdag Eerst" not in dashboard
        page = await client.get("/admin/organisations/tweede/privacy")
        search = await client.post(
            "/admin/organisations/tweede/privacy/search",
            data={"csrf_token": csrf_from(page.text), "email": "anna@eerst.nl"},
        )
        assert "Over dit e-mailadres hebben we niets opgeslagen." in search.text
        for url in (
            "/admin/events/eerst-2027/registrations",
            f"/admin/events/eerst-2027/registrations/{found.code}",
            "/admin/organisations/eerst/privacy",
            "/admin/organisations/eerst/branding",
            "/admin/organisations/eerst/members",
        ):
            assert (await client.get(url)).status_code == 403, url
