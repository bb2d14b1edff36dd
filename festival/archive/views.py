"""Public archive pages (/kennisbank, an archived session, its materials, the Atom feed), the
national agenda (/agenda, /agenda.ics), and the outcome forms of partners (portal) and speakers
(signed link)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from festival import audit, clock, web
from festival.accounts import services as accounts
from festival.accounts.models import PARTNER_ROLES
from festival.archive import forms, queries
from festival.archive import services as archive
from festival.i18n import _

partner = web.require_role(*PARTNER_ROLES)


async def kennisbank(request: Request) -> Response:
    filters = forms.search_filters(request)
    context = {
        "filters": filters,
        "results": await queries.search_archive(filters),
        "options": await queries.search_options(),
        **forms.LABELS,
    }
    return web.render(request, "archive/kennisbank.html", context)


async def archived_session(request: Request) -> Response:
    page = await queries.archive_page(request.path_params["code"])
    summary = await archive.published_summary(page.entry)
    context = {"page": page, "summary": summary, **forms.LABELS}
    return web.render(request, "archive/session.html", context)


async def material_file(request: Request) -> Response:
    material, path = await archive.public_material_file(
        int(request.path_params["material_id"]), media_dir=request.app.state.settings.media_dir
    )
    return FileResponse(
        path,
        media_type=material.content_type,
        filename=material.filename,
        content_disposition_type="attachment",
    )


async def feed(request: Request) -> Response:
    items = await queries.latest_entries()
    updated = items[0].entry.updated_at if items else clock.now()
    body = web.templates.get_template("archive/feed.atom").render(
        {
            "items": items,
            "updated": updated.isoformat(),
            "base_url": request.app.state.settings.base_url,
        }
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")


async def agenda(request: Request) -> Response:
    context = {"upcoming": await archive.agenda(), "past": await archive.agenda(past=True)}
    return web.render(request, "archive/agenda.html", context)


async def agenda_ics(request: Request) -> Response:
    body = await archive.agenda_ics(base_url=request.app.state.settings.base_url)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="agenda.ics"'},
    )


@partner
async def partner_outcomes(request: Request) -> Response:
    sessions = await archive.partner_sessions(request.state.user)
    return web.render(
        request, "archive/partner_outcomes.html", {"sessions": sessions, **forms.LABELS}
    )


@partner
async def partner_outcome(request: Request) -> Response:
    session = await archive.session_for_partner(
        request.path_params["code"], user=request.state.user
    )
    here = str(request.url.path)
    if request.method == "POST":
        actor = accounts.actor_for(request.state.user)
        return await forms.save_from_form(
            request, session, actor=actor, again=here
        ) or web.redirect(here)
    return await forms.outcome_form(
        request, session, action=here, material_action=here + "/materials", partner=True
    )


@partner
async def partner_material(request: Request) -> Response:
    session = await archive.session_for_partner(
        request.path_params["code"], user=request.state.user
    )
    back = request.url.path.rsplit("/materials", 1)[0]
    await forms.add_material(request, session, actor=accounts.actor_for(request.state.user))
    return web.redirect(back + "#materials")


@partner
async def partner_material_remove(request: Request) -> Response:
    """GET asks to confirm; POST removes the material and its file."""
    session = await archive.session_for_partner(
        request.path_params["code"], user=request.state.user
    )
    material = await archive.material_of(session, int(request.path_params["material_id"]))
    back = str(request.app.url_path_for("archive:partner_outcome", code=session.code))
    back += "#materials"
    if request.method == "GET":
        context = {"session": session, "material": material, "back": back, **forms.LABELS}
        return web.render(request, "archive/material_remove.html", context)
    await web.form(request)
    media_dir = request.app.state.settings.media_dir
    actor = accounts.actor_for(request.state.user)
    await archive.remove_material(session, material.id, media_dir=media_dir, actor=actor)
    web.flash(request, _("Het materiaal en het bestand zijn verwijderd."))
    return web.redirect(back)


async def token_outcome(request: Request) -> Response:
    settings = request.app.state.settings
    session, address = await archive.session_for_token(
        request.path_params["token"], secret_key=settings.secret_key
    )
    here = str(request.url.path)
    if request.method == "POST":
        actor = audit.Actor("partner", None, address)
        return await forms.save_from_form(
            request, session, actor=actor, again=here
        ) or web.redirect(here)
    return await forms.outcome_form(request, session, action=here)


routes: list[BaseRoute] = [
    Route("/kennisbank", kennisbank, name="archive:kennisbank"),
    Route("/kennisbank/feed.atom", feed, name="archive:feed"),
    Route("/kennisbank/sessies/{code}", archived_session, name="archive:session"),
    Route("/kennisbank/materialen/{material_id:id}", material_file, name="archive:material"),
    Route(
        "/kennisbank/invullen/{token}",
        token_outcome,
        methods=["GET", "POST"],
        name="archive:token_outcome",
    ),
    Route("/agenda", agenda, name="archive:agenda"),
    Route("/agenda.ics", agenda_ics, name="archive:agenda_ics"),
    Route("/partners/uitkomsten", partner_outcomes, name="archive:partner_outcomes"),
    Route(
        "/partners/uitkomsten/{code}",
        partner_outcome,
        methods=["GET", "POST"],
        name="archive:partner_outcome",
    ),
    Route(
        "/partners/uitkomsten/{code}/materials",
        partner_material,
        methods=["POST"],
        name="archive:partner_material",
    ),
    Route(
        "/partners/uitkomsten/{code}/materials/{material_id:id}/remove",
        partner_material_remove,
        methods=["GET", "POST"],
        name="archive:partner_material_remove",
    ),
]
