"""Partner portal: sign-up and e-mail verification, the portal home, contacts, and a call for
proposals with its access code."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from festival import web
from festival.accounts import services as accounts
from festival.accounts import views as accounts_views
from festival.accounts.models import PARTNER_ROLES, OrganisationKind
from festival.errors import DomainError
from festival.i18n import _
from festival.submissions import forms, queries
from festival.submissions import services as submissions

partner = web.require_role(*PARTNER_ROLES)  # partner contacts, in any organisation


async def _signup_page(
    request: Request, *, values: dict[str, Any] | None = None, error: DomainError | None = None
) -> Response:
    context = {"values": values or {}, "error": error, "kinds": _kinds()}
    status = error.status_code if error else 200
    return web.render(request, "submissions/signup.html", context, status_code=status)


@web.form_handler(_signup_page, refusals=(DomainError,))
async def signup(request: Request) -> Response:
    if request.method != "POST":
        return await _signup_page(request)
    data, settings = forms.signup_data(await web.form(request)), request.app.state.settings
    _org, user = await submissions.signup_partner(
        data, secret_key=settings.secret_key, base_url=settings.base_url
    )
    accounts_views.start_session(request, user)
    web.flash(
        request,
        _("Uw organisatie is aangemeld. Bevestig het e-mailadres via de link in de e-mail."),
    )
    return web.redirect("/partners")


def _kinds() -> list[OrganisationKind]:
    return [k for k in OrganisationKind if k != OrganisationKind.ORGANISER]


async def verify(request: Request) -> Response:
    organisation = await submissions.verify_partner(
        request.path_params["token"], secret_key=request.app.state.settings.secret_key
    )
    return web.render(request, "submissions/verified.html", {"organisation": organisation})


# ---------------------------------------------------------------- portal


@partner
async def portal(request: Request) -> Response:
    organisation = await submissions.partner_of(request.state.user)
    return web.render(
        request,
        "submissions/portal.html",
        {
            "organisation": organisation,
            "profile": await submissions.profile_of(organisation),
            "proposals": await queries.partner_proposals(organisation),
            "calls": await submissions.visible_calls(),
        },
    )


async def _contacts_page(
    request: Request, *, values: dict[str, Any] | None = None, error: DomainError | None = None
) -> Response:
    organisation = await submissions.partner_of(request.state.user)
    return web.render(
        request,
        "submissions/contacts.html",
        {
            "organisation": organisation,
            "contacts": await submissions.contacts_of(organisation),
            "error": error,
            "values": values or {},
        },
        status_code=error.status_code if error else 200,
    )


@partner
@web.form_handler(_contacts_page, refusals=(DomainError,))
async def contacts(request: Request) -> Response:
    if request.method != "POST":
        return await _contacts_page(request)
    organisation = await submissions.partner_of(request.state.user)
    form, settings = await web.form(request), request.app.state.settings
    await submissions.invite_contact(
        organisation,
        forms.email_field(form),
        name=str(form.get("name", "")),
        actor=request.state.user,
        secret_key=settings.secret_key,
        base_url=settings.base_url,
    )
    web.flash(request, _("De collega is uitgenodigd."))
    return web.redirect("/partners/contacts")


async def call_page(request: Request) -> Response:
    """Anyone may read the call (new partners find it on the public pages); a partner contact
    sees their own deadline and may start a proposal, anyone else the way to log in or sign up."""
    call = await submissions.public_call(request.path_params["event_slug"])
    organisation = await submissions.partner_organisation(request.state.user)
    return web.render(
        request,
        "submissions/call.html",
        {
            "call": call,
            "event": call.event,
            "partner": organisation,
            "window": await submissions.window_for(call, organisation.id if organisation else None),
        },
    )


@partner
async def redeem_code(request: Request) -> Response:
    organisation = await submissions.partner_of(request.state.user)
    call = await submissions.public_call(request.path_params["event_slug"])
    code = str((await web.form(request)).get("code", ""))
    await submissions.redeem_access_code(
        call, organisation, code, actor=accounts.actor_for(request.state.user)
    )
    web.flash(request, _("De toegangscode is toegepast."))
    return web.redirect(f"/partners/calls/{call.event.slug}")


routes: list[BaseRoute] = [
    Route("/partners", portal, name="submissions:portal"),
    Route("/partners/signup", signup, methods=["GET", "POST"], name="submissions:signup"),
    Route("/partners/verify/{token}", verify, name="submissions:verify"),
    Route("/partners/contacts", contacts, methods=["GET", "POST"], name="submissions:contacts"),
    Route("/partners/calls/{event_slug}", call_page, name="submissions:call"),
    Route(
        "/partners/calls/{event_slug}/code",
        redeem_code,
        methods=["POST"],
        name="submissions:redeem_code",
    ),
]
