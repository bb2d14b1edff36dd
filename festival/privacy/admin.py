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
from festival.privacy.schemas import EraseIn, PersonIn

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
async def export_json(request: Request) -> Response:
    organisation, found = await _person(request)
    return _download(services.to_json(found), "application/json", organisation, "json")


@owners
@web.form_handler(_page)
async def export_pdf(request: Request) -> Response:
    organisation, found = await _person(request)
    return _download(await services.to_pdf(found), "application/pdf", organisation, "pdf")


def _download(body: bytes, media_type: str, organisation: Organisation, ext: str) -> Response:
    name = f"persoonsgegevens-{organisation.slug}.{ext}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(body, media_type=media_type, headers=headers)


@owners
@web.form_handler(_page)
async def erase_confirm(request: Request) -> Response:
    _org, found = await _person(request)
    template = "privacy/admin/erase.html"
    return await _page(request, values={"email": found.email}, found=found, template=template)


@owners
@web.form_handler(_page, refusals=(ValidationError, NotFound))
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
    Route(_BASE + "/export.json", export_json, methods=["POST"], name="privacy:export_json"),
    Route(_BASE + "/export.pdf", export_pdf, methods=["POST"], name="privacy:export_pdf"),
    Route(_BASE + "/erase/confirm", erase_confirm, methods=["POST"], name="privacy:erase_confirm"),
    Route(_BASE + "/erase", erase, methods=["POST"], name="privacy:erase"),
]
