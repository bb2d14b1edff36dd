"""Organiser pages of survey results: the event overview with breakdowns, one session with its
open answers (marked publishable here), and the CSV/XLSX export."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from festival import schemas, web
from festival.accounts.models import ORGANISER_ROLES
from festival.accounts.services import actor_for
from festival.errors import NotFound
from festival.events.models import Event
from festival.feedback import queries, services
from festival.i18n import _
from festival.programme import queries as programme_queries
from festival.registration import services as registration

organisers = web.require_role(*ORGANISER_ROLES)
BASE = "/admin/events/{slug}/feedback/results"
FORMATS = ("plenary", "workshop", "lab", "debate", "excursion", "break")


def _event(request: Request) -> Event:
    event: Event = request.state.event
    return event


def format_labels() -> dict[str, str]:
    return {f: programme_queries.format_label(f) for f in FORMATS}


def scope_labels() -> dict[str, str]:
    return {
        "track": _("Per thema"),
        "format": _("Per werkvorm"),
        "partner": _("Per partner"),
        "role": _("Per doelgroep"),
    }


def _context(event: Event, **extra: Any) -> dict[str, Any]:
    return {
        "event": event,
        "format_labels": format_labels(),
        "scope_labels": scope_labels(),
        "charts_of": services.charts_of,
        "min_group": queries.MIN_GROUP,
        **extra,
    }


@organisers
async def results(request: Request) -> Response:
    event = _event(request)
    found = await queries.event_results(event.id, format_labels=format_labels())
    return web.render(request, "feedback/results.html", _context(event, results=found))


@organisers
async def results_session(request: Request) -> Response:
    event = _event(request)
    found = await queries.session_results(event.id, request.path_params["session_id"])
    if found is None:
        raise NotFound("not_found", _("Pagina niet gevonden"))
    return web.render(
        request, "feedback/results_session.html", _context(event, session=found, editable=True)
    )


@organisers
async def results_export(request: Request) -> Response:
    event, fmt = _event(request), request.path_params["fmt"]
    if fmt not in services.FORMATS:
        raise NotFound("not_found", _("Pagina niet gevonden"))
    found = await queries.event_results(event.id, format_labels=format_labels())
    body = services.export_results(found, fmt, title=_("Evaluatie"), scope_labels=scope_labels())
    media = registration.XLSX_TYPE if fmt == "xlsx" else "text/csv; charset=utf-8"
    filename = f"evaluatie-{event.slug}.{fmt}"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@organisers
async def results_publish(request: Request) -> Response:
    event = _event(request)
    data = schemas.parse(services.PublishData, await web.form(request))
    answer = await services.set_publishable(
        request.path_params["answer_id"],
        event_id=event.id,
        publishable=data.publishable,
        actor=actor_for(request.state.user),
    )
    web.flash(request, _("Gepubliceerd.") if data.publishable else _("Niet meer gepubliceerd."))
    session_id = answer.response.session_id
    target = f"/admin/events/{event.slug}/feedback/results"
    return web.redirect(f"{target}/sessions/{session_id}" if session_id else target)


@organisers
async def results_suggestions(request: Request) -> Response:
    event = _event(request)
    found = await services.suggestions(event.id)
    return web.render(
        request,
        "feedback/results_suggestions.html",
        _context(event, suggestions=found, role_labels=queries.role_labels()),
    )


routes = [
    Route(BASE, results, name="feedback:results"),
    Route(BASE + ".{fmt:str}", results_export, name="feedback:results_export"),
    Route(BASE + "/suggestions", results_suggestions, name="feedback:results_suggestions"),
    Route(BASE + "/sessions/{session_id:id}", results_session, name="feedback:results_session"),
    Route(
        BASE + "/answers/{answer_id:id}",
        results_publish,
        methods=["POST"],
        name="feedback:results_publish",
    ),
]
