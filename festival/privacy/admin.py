"""Organiser pages for privacy requests (owners of the organisation only): look up one e-mail
address across the organisation's events, download what is held (JSON, PDF), erase it after a
confirmation. The address travels in POST bodies, never in a URL (URLs end up in logs)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from festival import web
from festival.accounts import services as accounts
from festival.accounts.models import Organisation, Role
from festival.errors import NotFound, ValidationError
from festival.i18n import _
from festival.privacy import services
from festival.privacy.schemas import EraseIn, ExportIn, PersonIn

owners = web.require_role(Role.OWNER)


async def _organisation(request: Request) -> Organisation:
    return await accounts.organisation_for_owner(
        request.path_params["org_slug"], viewer=request.state.user
    )


async def _page(
    request: Request,
    *,
    values: dict[str, Any] | None = None,
    error: ValidationError | NotFound | None = None,
    status_code: int = 200,
    found: services.PersonData | None = None,
    template: str = "privacy/admin/requests.html",
) -> Response:
    context = {
        "organisation": await _organisation(request),
        "values": values or {"email": ""},
        "error": error,
        "found": found,
        "titles": services.TITLES,
    }
    status = 422 if error is not None and status_code == 200 else status_code
    return web.render(request, template, context, status_code=status)


async def _person(request: Request) -> tuple[Organisation, services.PersonData]:
    organisation = await _organisation(request)
    person = await web.form_input(request, PersonIn)
    found = await services.person_data(organisation.id, organisation.name, person.email)
    return organisation, found


@owners
async def requests(request: Request) -> Response:
    return await _page(request)


@owners
@web.form_handler(_page)
async def search(request: Request) -> Response:
    _org, found = await _person(request)
    return await _page(request, values={"email": found.email}, found=found)


@owners
@web.form_handler(_page)
async def export(request: Request) -> Response:
    organisation, data = await _organisation(request), await web.form_input(request, ExportIn)
    found = await services.person_data(organisation.id, organisation.name, data.email)
    if data.format == "json":
        return _download(services.to_json(found), "application/json", organisation, "json")
    return _download(await services.to_pdf(found), "application/pdf", organisation, "pdf")


def _download(body: bytes, media_type: str, organisation: Organisation, ext: str) -> Response:
    name = f"persoonsgegevens-{organisation.slug}.{ext}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(body, media_type=media_type, headers=headers)


@owners
async def erase_confirm(request: Request) -> Response:
    return await _page(request, template="privacy/admin/erase.html")


async def _erase_again(
    request: Request, *, values: dict[str, Any], error: ValidationError | NotFound
) -> Response:
    return await _page(request, values=values, error=error, template="privacy/admin/erase.html")


@owners
@web.form_handler(_erase_again, refusals=(ValidationError, NotFound))
async def erase(request: Request) -> Response:
    organisation, data = await _organisation(request), await web.form_input(request, EraseIn)
    settings = request.app.state.settings
    await services.erase_person(
        organisation.id,
        data.email,
        actor=accounts.actor_for(request.state.user),
        secret_key=settings.secret_key,
        media_dir=settings.media_dir,
        outbox_dir=settings.outbox_dir,
    )
    web.flash(request, _("De gegevens van %(email)s zijn gewist.") % {"email": data.email})
    return web.redirect(request.url_for("privacy:requests", org_slug=organisation.slug).path)


_BASE = "/admin/organisations/{org_slug}/privacy"
routes = [
    Route(_BASE, requests, methods=["GET"], name="privacy:requests"),
    Route(_BASE + "/search", search, methods=["POST"], name="privacy:search"),
    Route(_BASE + "/export", export, methods=["POST"], name="privacy:export"),
    Route(_BASE + "/erase", erase_confirm, methods=["GET"], name="privacy:erase_confirm"),
    Route(_BASE + "/erase", erase, methods=["POST"], name="privacy:erase"),
]
