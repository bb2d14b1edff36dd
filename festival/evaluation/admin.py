"""Organiser pages of the evaluation report: the report itself, asking for its PDF, the PDF."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from festival import web
from festival.accounts.models import ORGANISER_ROLES
from festival.accounts.services import actor_for
from festival.evaluation import queries, services
from festival.events.models import Event

organisers = web.require_role(*ORGANISER_ROLES)


def pdf_response(event: Event, content: bytes) -> Response:
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="evaluatie-{event.slug}.pdf"'},
    )


@organisers
async def report(request: Request) -> Response:
    event: Event = request.state.event
    runs = await queries.runs_of(event.id)
    return web.render(
        request,
        "evaluation/report.html",
        {
            "event": event,
            "report": await services.build_report(event),
            "runs": runs,
            "refresh": any(not run.is_finished for run in runs),
        },
    )


@organisers
async def report_create(request: Request) -> Response:
    await web.form(request)
    event: Event = request.state.event
    await services.request_report(event, actor=actor_for(request.state.user))
    return web.redirect(str(request.url_for("evaluation:report", slug=event.slug)))


@organisers
async def report_pdf(request: Request) -> Response:
    event: Event = request.state.event
    run = await services.report_pdf(event, request.path_params["run_id"])
    return pdf_response(event, bytes(run.pdf or b""))


routes: list[BaseRoute] = [
    Route("/admin/events/{slug}/report", report, name="evaluation:report"),
    Route(
        "/admin/events/{slug}/report",
        report_create,
        methods=["POST"],
        name="evaluation:report_create",
    ),
    Route("/admin/events/{slug}/report/{run_id:id}.pdf", report_pdf, name="evaluation:report_pdf"),
]
