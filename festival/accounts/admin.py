"""Back office of this area: organisations (platform admins), members and roles (owners),
and per-event API tokens (owners and organisers)."""

from __future__ import annotations

import functools

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from festival import web
from festival.accounts import services
from festival.accounts.models import (
    ORGANISER_ROLES,
    Organisation,
    OrganisationKind,
    Role,
    TokenScope,
)
from festival.accounts.schemas import BrandingIn
from festival.errors import Conflict, ValidationError
from festival.forms import FormReader
from festival.i18n import _, lazy_gettext


def admin_only(handler: web.Handler) -> web.Handler:
    """Platform administrators only. Logged-in users pass here; the service refuses the rest
    with PermissionDenied. `admin_only` tells the route x role test what to expect."""
    wrapped = web.require_login(handler)
    wrapped.admin_only = True  # type: ignore[attr-defined]
    return wrapped


ROLE_LABELS = {
    Role.OWNER: lazy_gettext("Eigenaar"),
    Role.ORGANISER: lazy_gettext("Organisator"),
    Role.REVIEWER: lazy_gettext("Beoordelaar"),
    Role.STAFF: lazy_gettext("Medewerker op locatie"),
    Role.PARTNER: lazy_gettext("Partner"),
}
KIND_LABELS = {
    OrganisationKind.ORGANISER: lazy_gettext("Organisator"),
    OrganisationKind.MUNICIPALITY: lazy_gettext("Gemeente"),
    OrganisationKind.ASSOCIATION: lazy_gettext("Vereniging"),
    OrganisationKind.KNOWLEDGE_INSTITUTE: lazy_gettext("Kennisinstituut"),
    OrganisationKind.YOUTH: lazy_gettext("Jongerenorganisatie"),
    OrganisationKind.OTHER: lazy_gettext("Anders"),
}
SCOPE_LABELS = {
    TokenScope.CHECKIN: lazy_gettext("Inchecken (scanners)"),
    TokenScope.READ: lazy_gettext("Alleen lezen"),
    TokenScope.ADMIN: lazy_gettext("Beheer (lezen en schrijven)"),
}


# ---------------------------------------------------------------- organisations


async def _organisations_page(
    request: Request,
    *,
    error: ValidationError | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    organisations = await services.all_organisations(viewer=request.state.user)
    context = {
        "organisations": organisations,
        "kinds": KIND_LABELS,
        "error": error,
        "values": values or {"name": "", "slug": "", "kind": "organiser"},
    }
    return web.render(
        request, "accounts/admin/organisations.html", context, status_code=status_code
    )


@admin_only
async def organisations(request: Request) -> Response:
    return await _organisations_page(request)


@admin_only
@web.form_handler(functools.partial(_organisations_page, status_code=422))
async def create_organisation(request: Request) -> Response:
    data = FormReader(await web.form(request))
    organisation = await services.create_organisation(
        data.raw("name"), slug=data.raw("slug"), kind=data.raw("kind"), actor=request.state.user
    )
    web.flash(request, _("Organisatie %(name)s is aangemaakt.") % {"name": organisation.name})
    return web.redirect(f"/admin/organisations/{organisation.slug}/members")


# ---------------------------------------------------------------- members


MEMBER_REFUSALS = (ValidationError, Conflict)  # a wrong field, a member already, the last owner


async def _members_page(
    request: Request,
    *,
    error: ValidationError | Conflict | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    organisation = await services.organisation_for_owner(
        request.path_params["org_slug"], viewer=request.state.user
    )
    context = {
        "organisation": organisation,
        "members": await services.members_of(organisation),
        "roles": ROLE_LABELS,
        "error": error,
        "values": values or {"email": "", "name": "", "role": "organiser"},
    }
    return web.render(request, "accounts/admin/members.html", context, status_code=status_code)


@web.require_role(Role.OWNER)
async def members(request: Request) -> Response:
    return await _members_page(request)


@web.require_role(Role.OWNER)
@web.form_handler(
    functools.partial(_members_page, status_code=422), refusals=(ValidationError, Conflict)
)
async def add_member(request: Request) -> Response:
    data, settings = FormReader(await web.form(request)), request.app.state.settings
    organisation = await services.organisation_for_owner(
        request.path_params["org_slug"], viewer=request.state.user
    )
    await services.add_member(
        organisation,
        data.raw("email"),
        role=data.raw("role"),
        name=data.raw("name"),
        actor=request.state.user,
        secret_key=settings.secret_key,
        base_url=settings.base_url,
    )
    web.flash(request, _("%(email)s is toegevoegd.") % {"email": data.raw("email").strip().lower()})
    return web.redirect(request.url.path)


async def _member_again(
    request: Request, *, values: object, error: ValidationError | Conflict
) -> Response:
    """The members page with the refusal of a change (the add form stays empty)."""
    return await _members_page(request, error=error, status_code=error.status_code)


async def _organisation(request: Request) -> Organisation:
    return await services.organisation_for_owner(
        request.path_params["org_slug"], viewer=request.state.user
    )


@web.require_role(Role.OWNER)
@web.form_handler(_member_again, refusals=MEMBER_REFUSALS)
async def change_role(request: Request) -> Response:
    organisation, form = await _organisation(request), FormReader(await web.form(request))
    membership_id = request.path_params["membership_id"]
    role = form.raw("role")
    await services.change_role(organisation, membership_id, role=role, actor=request.state.user)
    web.flash(request, _("De rol is gewijzigd."))
    return web.redirect(f"/admin/organisations/{organisation.slug}/members")


@web.require_role(Role.OWNER)
@web.form_handler(_member_again, refusals=MEMBER_REFUSALS)
async def remove_member(request: Request) -> Response:
    organisation, membership_id = await _organisation(request), request.path_params["membership_id"]
    await services.remove_member(organisation, membership_id, actor=request.state.user)
    web.flash(request, _("Het lid is verwijderd uit de organisatie."))
    return web.redirect(f"/admin/organisations/{organisation.slug}/members")


# ---------------------------------------------------------------- API tokens


async def _tokens_page(
    request: Request,
    *,
    new_secret: str | None = None,
    error: ValidationError | None = None,
    status_code: int = 200,
) -> Response:
    event = request.state.event
    context = {
        "event": event,
        "tokens": await services.tokens_for_event(event.id),
        "scopes": SCOPE_LABELS,
        "new_secret": new_secret,
        "error": error,
    }
    return web.render(request, "accounts/admin/tokens.html", context, status_code=status_code)


@web.require_role(*ORGANISER_ROLES)
async def tokens(request: Request) -> Response:
    return await _tokens_page(request)


async def _tokens_again(request: Request, *, values: object, error: ValidationError) -> Response:
    return await _tokens_page(request, error=error, status_code=422)


@web.require_role(*ORGANISER_ROLES)
@web.form_handler(_tokens_again)
async def create_token(request: Request) -> Response:
    data, user = FormReader(await web.form(request)), request.state.user
    _token, secret = await services.create_token(
        request.state.event.id,
        scope=data.raw("scope"),
        name=data.raw("name"),
        actor=services.actor_for(user),
        created_by=user,
    )
    # The secret is shown on this response only; it is stored hashed.
    return await _tokens_page(request, new_secret=secret)


@web.require_role(*ORGANISER_ROLES)
async def revoke_token(request: Request) -> Response:
    await services.revoke_token(
        request.state.event.id,
        request.path_params["token_id"],
        actor=services.actor_for(request.state.user),
    )
    web.flash(request, _("Het token is ingetrokken. Het werkt niet meer."))
    return web.redirect(f"/admin/events/{request.state.event.slug}/tokens")


# ---------------------------------------------------------------- branding (owners)


async def _branding_page(
    request: Request,
    *,
    error: ValidationError | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    organisation = await _organisation(request)
    context = {
        "organisation": organisation,
        "branding": services.branding_of(organisation),
        "error": error,
        "values": values
        or {
            "colour": organisation.colour,
            "sender_name": organisation.mail_sender_name,
            "sender_address": organisation.mail_sender_address,
        },
    }
    status = 422 if error is not None else status_code
    return web.render(request, "accounts/admin/branding.html", context, status_code=status)


@web.require_role(Role.OWNER)
async def branding(request: Request) -> Response:
    return await _branding_page(request)


@web.require_role(Role.OWNER)
@web.form_handler(_branding_page)
async def update_branding(request: Request) -> Response:
    organisation, form = await _organisation(request), await web.form(request)
    upload = form.get("logo")
    logo = None
    if isinstance(upload, UploadFile) and upload.filename:
        logo = await upload.read(services.LOGO_MAX_BYTES + 1) or None
    await services.update_branding(
        organisation,
        values=await web.form_input(request, BrandingIn),
        logo=logo,
        media_dir=request.app.state.settings.media_dir,
        actor=services.actor_for(request.state.user),
    )
    web.flash(request, _("De huisstijl van %(name)s is bewaard.") % {"name": organisation.name})
    return web.redirect(request.url_for("accounts:branding", org_slug=organisation.slug).path)


routes: list[BaseRoute] = [
    Route("/admin/organisations", organisations, methods=["GET"], name="accounts:organisations"),
    Route(
        "/admin/organisations",
        create_organisation,
        methods=["POST"],
        name="accounts:create_organisation",
    ),
    Route(
        "/admin/organisations/{org_slug}/members", members, methods=["GET"], name="accounts:members"
    ),
    Route(
        "/admin/organisations/{org_slug}/members",
        add_member,
        methods=["POST"],
        name="accounts:add_member",
    ),
    Route(
        "/admin/organisations/{org_slug}/members/{membership_id:id}/role",
        change_role,
        methods=["POST"],
        name="accounts:change_role",
    ),
    Route(
        "/admin/organisations/{org_slug}/members/{membership_id:id}/remove",
        remove_member,
        methods=["POST"],
        name="accounts:remove_member",
    ),
    Route(
        "/admin/organisations/{org_slug}/branding",
        branding,
        methods=["GET"],
        name="accounts:branding",
    ),
    Route(
        "/admin/organisations/{org_slug}/branding",
        update_branding,
        methods=["POST"],
        name="accounts:update_branding",
    ),
    Route("/admin/events/{slug}/tokens", tokens, methods=["GET"], name="accounts:tokens"),
    Route(
        "/admin/events/{slug}/tokens", create_token, methods=["POST"], name="accounts:create_token"
    ),
    Route(
        "/admin/events/{slug}/tokens/{token_id:id}/revoke",
        revoke_token,
        methods=["POST"],
        name="accounts:revoke_token",
    ),
]
