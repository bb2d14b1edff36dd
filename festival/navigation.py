"""Who may open which page, read from the roles the routes carry themselves (`required_roles`,
set by web.require_role and web.require_login), and what is built from that one table: the
menus, and the page each user starts on. A menu cannot offer a page its role is refused."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from starlette.routing import BaseRoute, Mount, Route

from festival import clock
from festival.accounts import services as accounts
from festival.accounts.models import ORGANISER_ROLES, PARTNER_ROLES, Organisation, User
from festival.events import services as events
from festival.events.models import Event
from festival.i18n import lazy_gettext


@dataclass(frozen=True)
class Access:
    """What a named route asks of the person opening it."""

    roles: tuple[str, ...] | None  # None: anyone; (): anyone logged in; else one of these
    admin_only: bool
    params: frozenset[str]


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    current: bool = False


def allows(required: Iterable[str], role: str | None, *, is_admin: bool) -> bool:
    """The role rule of web.require_role: the user's role is listed, or a platform administrator
    opens a page organisers may open (administrators act as organisers, never as partners)."""
    required = tuple(required)
    if role is not None and role in required:
        return True
    return is_admin and any(r in ORGANISER_ROLES for r in required)


def route_table(app: Any) -> dict[str, Access]:
    """Access per route name, read once per app from its routes."""
    table: dict[str, Access] | None = getattr(app.state, "route_access", None)
    if table is None:
        table = dict(_walk(app.routes))
        app.state.route_access = table
    return table


def _walk(routes: Iterable[BaseRoute]) -> Iterable[tuple[str, Access]]:
    for route in routes:
        if isinstance(route, Mount):
            yield from _walk(route.routes)
        elif isinstance(route, Route):
            endpoint = route.endpoint
            roles = getattr(endpoint, "required_roles", None)
            yield (
                route.name,
                Access(
                    roles=None if roles is None else tuple(str(r) for r in roles),
                    admin_only=bool(getattr(endpoint, "admin_only", False)),
                    params=frozenset(route.param_convertors),
                ),
            )


def can_open(app: Any, route_name: str, role: str | None, *, is_admin: bool = False) -> bool:
    """Whether a logged-in user with `role` (in the organisation the page belongs to) gets past
    the route's guard. An unknown route name raises KeyError: a menu may not name a missing page."""
    access = route_table(app)[route_name]
    if access.roles is None:
        return True
    if access.admin_only:
        return is_admin
    return not access.roles or allows(access.roles, role, is_admin=is_admin)


# ---------------------------------------------------------------- menus

# (route name, label) in the order shown; each menu shows the entries the role may open.
MENUS: dict[str, tuple[tuple[str, Any], ...]] = {
    "admin": (
        ("events:dashboard", lazy_gettext("Dashboard")),
        ("accounts:account", lazy_gettext("Mijn account")),
        ("accounts:organisations", lazy_gettext("Organisaties")),
        ("events:home", lazy_gettext("Publieke site")),
    ),
    "event": (
        ("events:overview", lazy_gettext("Overzicht")),
        ("events:venues", lazy_gettext("Locaties en zalen")),
        ("events:tracks", lazy_gettext("Thema's")),
        ("programme:admin_editor", lazy_gettext("Programma")),
        ("registration:admin_list", lazy_gettext("Aanmeldingen")),
        ("registration:admin_seats", lazy_gettext("Plaatsen en wachtlijsten")),
        ("registration:admin_access", lazy_gettext("Toegankelijkheid per sessie")),
        ("registration:admin_catalogue", lazy_gettext("Tickets en vragen")),
        ("payments:admin", lazy_gettext("Betalingen")),
        ("invoicing:admin_invoices", lazy_gettext("Facturen")),
        ("submissions:call_settings", lazy_gettext("Oproep voor voorstellen")),
        ("submissions:overview", lazy_gettext("Voorstellen")),
        ("submissions:my_reviews", lazy_gettext("Mijn beoordelingen")),
        ("checkin:desk", lazy_gettext("Balie")),
        ("checkin:attendance", lazy_gettext("Aanwezigheid")),
        ("archive:admin_outcomes", lazy_gettext("Uitkomsten")),
        ("feedback:admin", lazy_gettext("Feedback")),
        ("feedback:results", lazy_gettext("Evaluatie")),
        ("evaluation:report", lazy_gettext("Evaluatierapport")),
        ("events:audit", lazy_gettext("Auditlog")),
        ("accounts:tokens", lazy_gettext("API-tokens")),
        ("mail:outbox", lazy_gettext("Mail")),
        ("messages:admin", lazy_gettext("Berichten")),
    ),
    "cfp": (
        ("submissions:call_settings", lazy_gettext("Instellingen")),
        ("submissions:overview", lazy_gettext("Overzicht voorstellen")),
        ("submissions:my_reviews", lazy_gettext("Mijn beoordelingen")),
        ("submissions:decision_mails", lazy_gettext("Besluitmails")),
    ),
    "checkin": (
        ("checkin:desk", lazy_gettext("Balie")),
        ("checkin:attendance", lazy_gettext("Aanwezigheid")),
        ("checkin:scan", lazy_gettext("Scanner")),
    ),
}


# Menus whose entries stay current on the pages below them (the event's sub-pages).
PREFIX_MENUS = frozenset({"event", "cfp", "checkin"})


def _entries(
    app: Any, name: str, *, role: str | None, is_admin: bool, slug: str | None
) -> list[tuple[str, str, str]]:
    """(route name, label, URL) of the entries of menu `name` the role may open."""
    table = route_table(app)
    found = []
    for route_name, label in MENUS[name]:
        wanted = table[route_name].params
        if ("slug" in wanted and slug is None) or not wanted <= {"slug"}:
            continue  # an event page in a menu without an event
        if can_open(app, route_name, role, is_admin=is_admin):
            params = {"slug": slug} if "slug" in wanted else {}
            found.append((route_name, str(label), str(app.url_path_for(route_name, **params))))
    return found


def menu_links(
    app: Any,
    name: str,
    *,
    role: str | None,
    is_admin: bool,
    slug: str | None = None,
    here: str = "",
) -> list[MenuLink]:
    """The entries of menu `name` the role may open, with their URLs (for event `slug`). The
    current entry is the one at `here`, or in a prefix menu the longest URL above `here`."""
    found = _entries(app, name, role=role, is_admin=is_admin, slug=slug)
    nested = name in PREFIX_MENUS
    best = max(
        (u for _n, _l, u in found if here == u or (nested and here.startswith(u + "/"))),
        key=len,
        default=None,
    )
    return [MenuLink(label, url, url == best) for _name, label, url in found]


def menu(request: Any, name: str, event: Any = None) -> list[MenuLink]:
    """Menu `name` for this request's user and role (set by web.require_role), for templates."""
    user = getattr(request.state, "user", None)
    return menu_links(
        request.app,
        name,
        role=getattr(request.state, "role", None),
        is_admin=bool(user and user.is_admin),
        slug=getattr(event, "slug", None),
        here=request.url.path,
    )


def event_home(app: Any, slug: str, role: str | None, *, is_admin: bool) -> str | None:
    """The first page of the event's menu the role may open: where that role works on it."""
    table = route_table(app)
    for route_name, _label, url in _entries(app, "event", role=role, is_admin=is_admin, slug=slug):
        if "slug" in table[route_name].params:
            return url
    return None


# ---------------------------------------------------------------- where a user starts


@dataclass(frozen=True)
class EventLink:
    event: Event
    organisation: Organisation
    role: str  # the user's role in the event's organisation, or "admin"
    url: str | None  # the page the role works on for this event; None: none it may open


@dataclass(frozen=True)
class Landing:
    url: str  # where the user starts after logging in and at the dashboard's address
    events: list[EventLink]
    partner_portal: str | None  # the portal's URL when the user is a partner contact


async def landing(app: Any, user: User) -> Landing:
    """Organisers (and platform administrators) start on the dashboard. Anyone else starts on
    the one page they work on (a partner's portal, a reviewer's reviews, a staff member's desk)
    for an edition that has not ended; with several such pages, on the dashboard."""
    rows = await events.dashboard_for(user)
    roles = await accounts.roles_of(user)
    links = [
        EventLink(
            r.event,
            r.organisation,
            r.role,
            event_home(app, r.event.slug, r.role, is_admin=user.is_admin),
        )
        for r in rows
    ]
    portal = None
    if roles & set(PARTNER_ROLES) and can_open(app, "submissions:portal", PARTNER_ROLES[0]):
        portal = str(app.url_path_for("submissions:portal"))
    dashboard = str(app.url_path_for("events:dashboard"))
    # Where they work now: an edition that has ended (a past one kept for its results) is on
    # the dashboard, but does not make a second place to start from.
    now = clock.now()
    places = {link.url for link in links if link.url and link.event.ends_at >= now}
    places |= {portal} if portal else set()
    organiser = user.is_admin or bool(roles & set(ORGANISER_ROLES))
    url = places.pop() if len(places) == 1 and not organiser else dashboard
    return Landing(url, links, portal)
