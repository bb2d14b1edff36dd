"""Check-in back office: the desk (search, check in by hand, walk-ins, badges) and the live
attendance dashboard. Staff, organisers and owners of the event's organisation."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from festival import web
from festival.accounts.models import CHECKIN_ROLES, ORGANISER_ROLES
from festival.accounts.services import actor_for
from festival.checkin import forms
from festival.checkin import services as checkin
from festival.checkin.queries import attendance as attendance_service
from festival.checkin.services import badges
from festival.errors import DomainError
from festival.forms import search_text
from festival.i18n import _


def _device(request: Request) -> checkin.Device:
    user = request.state.user
    return checkin.Device("user", user.id, user.name)


def _desk_url(request: Request, **query: Any) -> str:
    url = f"/admin/events/{request.state.event.slug}/desk"
    pairs = "&".join(f"{k}={v}" for k, v in query.items() if v)
    return url + ("?" + pairs if pairs else "")


async def _desk_context(
    request: Request, *, walk_in: forms.WalkInForm | None = None, **extra: Any
) -> dict[str, Any]:
    event = request.state.event
    query = search_text(request.query_params.get("q"))
    printed = request.query_params.get("printed", "")
    walk_in = walk_in or forms.WalkInForm({})
    return {
        "event": event,
        "q": query,
        "results": await checkin.search(event, query) if query else [],
        "recent": await checkin.recent_checkins(event),
        "conflicts": await checkin.conflicts(event),
        **await checkin.walk_in_choices(event),
        "layouts": badges.layout_choices(),
        "can_configure": request.state.role in ORGANISER_ROLES or request.state.user.is_admin,
        "walk_in": walk_in.values,
        "walk_in_answers": walk_in.answers,
        "walk_in_sessions": walk_in.chosen_sessions(),
        "error": None,
        "errors": {},
        "printed": printed,
        "printed_bookings": await checkin.walk_in_bookings(event, printed),
        **extra,
    }


@web.require_role(*CHECKIN_ROLES)
async def desk(request: Request) -> Response:
    return web.render(request, "checkin/admin/desk.html", await _desk_context(request))


@web.require_role(*CHECKIN_ROLES)
async def desk_checkin(request: Request) -> Response:
    form = await web.form(request)
    attendee_id = str(form.get("attendee_id", ""))
    outcome = await checkin.check_in_attendee(
        forms.form_id(attendee_id),
        event=request.state.event,
        checkpoint="entrance",
        device=_device(request),
        actor=actor_for(request.state.user),
    )
    web.flash(
        request,
        f"{checkin.result_message(outcome.result)} {outcome.attendee.get('name', '')}",
        "success" if outcome.result == "ok" else "error",
    )
    return web.redirect(_desk_url(request, q=str(form.get("q", ""))))


@web.require_role(*CHECKIN_ROLES)
async def desk_undo(request: Request) -> Response:
    form = await web.form(request)
    checkin_id = str(form.get("checkin_id", ""))
    await checkin.undo_checkin(
        forms.form_id(checkin_id),
        event=request.state.event,
        actor=actor_for(request.state.user),
    )
    web.flash(request, _("Check-in ongedaan gemaakt."))
    return web.redirect(_desk_url(request))


async def _walk_in_again(request: Request, *, values: object, error: DomainError) -> Response:
    walk_in = forms.walk_in_form(await web.form(request))
    extra = {"error": error.message, "errors": forms.field_errors(error.fields)}
    context = await _desk_context(request, walk_in=walk_in, **extra)
    return web.render(request, "checkin/admin/desk.html", context, status_code=422)


@web.require_role(*CHECKIN_ROLES)
@web.form_handler(_walk_in_again, refusals=(DomainError,))
async def desk_walk_in(request: Request) -> Response:
    walk_in = forms.walk_in_form(await web.form(request))
    attendee_id, _outcome = await checkin.walk_in(
        request.state.event,
        **walk_in.service_values(),
        device=_device(request),
        actor=actor_for(request.state.user),
    )
    web.flash(request, _("%(name)s is aangemeld en ingecheckt.") % {"name": walk_in.values["name"]})
    return web.redirect(_desk_url(request, printed=attendee_id))


@web.require_role(*ORGANISER_ROLES)
async def desk_settings(request: Request) -> Response:
    form = await web.form(request)
    await checkin.set_admit_unbooked(
        request.state.event, form.get("admit_unbooked") == "on", actor=actor_for(request.state.user)
    )
    web.flash(request, _("De instelling is opgeslagen."))
    return web.redirect(_desk_url(request))


@web.require_role(*CHECKIN_ROLES)
async def badges_create(request: Request) -> Response:
    form = await web.form(request)
    ids = [i for i in map(forms.form_id, form.getlist("attendee_id")) if i]
    batch = await badges.request_badges(
        request.state.event,
        layout=form.get("layout"),
        attendee_ids=ids,
        actor=actor_for(request.state.user),
    )
    return web.redirect(f"/admin/events/{request.state.event.slug}/badges/{batch.id}")


@web.require_role(*CHECKIN_ROLES)
async def badges_progress(request: Request) -> Response:
    batch = await badges.get_batch(request.state.event, request.path_params["batch_id"])
    return web.render(
        request, "checkin/admin/badges.html", {"event": request.state.event, "batch": batch}
    )


@web.require_role(*CHECKIN_ROLES)
async def badges_pdf(request: Request) -> Response:
    batch = await badges.get_batch(request.state.event, request.path_params["batch_id"])
    if batch.pdf is None:
        return web.error_response(request, 404)
    return Response(
        bytes(batch.pdf),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="badges-{batch.id}.pdf"'},
    )


@web.require_role(*CHECKIN_ROLES)
async def attendance(request: Request) -> Response:
    data = await attendance_service.attendance(request.state.event)
    return web.render(
        request, "checkin/admin/attendance.html", {"event": request.state.event, "a": data}
    )


routes = [
    Route("/admin/events/{slug}/desk", desk, name="checkin:desk"),
    Route(
        "/admin/events/{slug}/desk/checkin",
        desk_checkin,
        methods=["POST"],
        name="checkin:desk_checkin",
    ),
    Route("/admin/events/{slug}/desk/undo", desk_undo, methods=["POST"], name="checkin:desk_undo"),
    Route(
        "/admin/events/{slug}/desk/walk-in", desk_walk_in, methods=["POST"], name="checkin:walk_in"
    ),
    Route(
        "/admin/events/{slug}/desk/settings",
        desk_settings,
        methods=["POST"],
        name="checkin:settings",
    ),
    Route(
        "/admin/events/{slug}/badges", badges_create, methods=["POST"], name="checkin:badges_create"
    ),
    Route("/admin/events/{slug}/badges/{batch_id:id}", badges_progress, name="checkin:badges"),
    Route("/admin/events/{slug}/badges/{batch_id:id}.pdf", badges_pdf, name="checkin:badges_pdf"),
    Route("/admin/events/{slug}/attendance", attendance, name="checkin:attendance"),
]
