"""Organiser pages of the archive: the event's outcomes, editing and approving one, and the
session's materials (approve, remove)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from festival import web
from festival.accounts import services as accounts
from festival.accounts.models import ORGANISER_ROLES
from festival.archive import forms, schemas
from festival.archive import services as archive
from festival.i18n import _

organiser = web.require_role(*ORGANISER_ROLES)


def _here(request: Request) -> str:
    slug, code = request.state.event.slug, request.path_params["code"]
    return str(request.app.url_path_for("archive:admin_outcome", slug=slug, code=code))


@organiser
async def outcomes(request: Request) -> Response:
    event = request.state.event
    context = {
        "event": event,
        "rows": await archive.outcomes_of_event(event),
        "summaries_published": await archive.summaries_published(event.id),
        **forms.LABELS,
    }
    return web.render(request, "archive/admin/outcomes.html", context)


@organiser
async def summaries(request: Request) -> Response:
    event = request.state.event
    data = await web.form_input(request, schemas.SummariesIn)
    actor = accounts.actor_for(request.state.user)
    await archive.publish_summaries(event, published=data.publish, actor=actor)
    if data.publish:
        web.flash(request, _("De samenvattingen van de evaluatie staan in de kennisbank."))
    else:
        web.flash(
            request, _("De samenvattingen van de evaluatie staan niet meer in de kennisbank.")
        )
    return web.redirect(str(request.app.url_path_for("archive:admin_outcomes", slug=event.slug)))


@organiser
async def outcome(request: Request) -> Response:
    event = request.state.event
    session = await archive.session_in_event(event, request.path_params["code"])
    here = _here(request)
    if request.method == "POST":
        actor = accounts.actor_for(request.state.user)
        saved = await forms.save_from_form(request, session, actor=actor, again=here, event=event)
        return saved or web.redirect(here)
    return await forms.outcome_form(
        request,
        session,
        action=here,
        material_action=here + "/materials",
        organiser=True,
        event=event,
    )


@organiser
async def approve(request: Request) -> Response:
    event = request.state.event
    session = await archive.session_in_event(event, request.path_params["code"])
    actor = accounts.actor_for(request.state.user)
    if (await web.form(request)).get("action") == "withdraw":
        await archive.withdraw_approval(session, event=event, actor=actor)
        web.flash(request, _("De uitkomst staat niet meer in de kennisbank."))
    else:
        await archive.approve_outcome(session, event=event, actor=actor)
        web.flash(request, _("De uitkomst is goedgekeurd en staat in de kennisbank."))
    return web.redirect(_here(request))


@organiser
async def add_material(request: Request) -> Response:
    session = await archive.session_in_event(request.state.event, request.path_params["code"])
    actor = accounts.actor_for(request.state.user)
    await forms.add_material(request, session, actor=actor, approved=True)
    return web.redirect(_here(request) + "#materials")


@organiser
async def material_action(request: Request) -> Response:
    session = await archive.session_in_event(request.state.event, request.path_params["code"])
    material_id = int(request.path_params["material_id"])
    actor = accounts.actor_for(request.state.user)
    if (await web.form(request)).get("action") == "remove":
        media_dir = request.app.state.settings.media_dir
        await archive.remove_material(session, material_id, media_dir=media_dir, actor=actor)
        web.flash(request, _("Het materiaal en het bestand zijn verwijderd."))
    else:
        await archive.approve_material(session, material_id, actor=actor)
        web.flash(request, _("Het materiaal is goedgekeurd."))
    return web.redirect(_here(request) + "#materials")


P = "/admin/events/{slug}/outcomes"
routes: list[BaseRoute] = [
    Route(P, outcomes, name="archive:admin_outcomes"),
    Route(P + "/summaries", summaries, methods=["POST"], name="archive:admin_summaries"),
    Route(P + "/{code}", outcome, methods=["GET", "POST"], name="archive:admin_outcome"),
    Route(P + "/{code}/approve", approve, methods=["POST"], name="archive:admin_approve"),
    Route(P + "/{code}/materials", add_material, methods=["POST"], name="archive:admin_material"),
    Route(
        P + "/{code}/materials/{material_id:id}",
        material_action,
        methods=["POST"],
        name="archive:admin_material_action",
    ),
]
