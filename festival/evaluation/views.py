"""Partner portal: the evaluation reports of the editions the partner had a session in."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from festival import web
from festival.accounts.models import PARTNER_ROLES
from festival.evaluation import queries, services
from festival.events.models import Event
from festival.submissions import services as submissions

partner = web.require_role(*PARTNER_ROLES)


async def _edition(request: Request) -> Event:
    access = await submissions.partner_access(request.state.user)
    return await services.edition_for_partner(request.path_params["edition"], access.session_ids)


@partner
async def partner_reports(request: Request) -> Response:
    access = await submissions.partner_access(request.state.user)
    return web.render(
        request,
        "evaluation/partner_reports.html",
        {
            "organisation": access.organisation,
            "editions": await services.partner_editions(access.session_ids),
        },
    )


@partner
async def partner_report(request: Request) -> Response:
    event = await _edition(request)
    return web.render(
        request,
        "evaluation/partner_report.html",
        {
            "event": event,
            "report": await services.build_report(event),
            "has_pdf": await queries.latest_done_run(event.id) is not None,
        },
    )


@partner
async def partner_report_pdf(request: Request) -> Response:
    event = await _edition(request)
    run = await services.latest_report_pdf(event)
    return Response(
        bytes(run.pdf or b""),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="evaluatie-{event.slug}.pdf"'},
    )


routes: list[BaseRoute] = [
    Route("/partners/reports", partner_reports, name="evaluation:partner_reports"),
    Route("/partners/reports/{edition}", partner_report, name="evaluation:partner_report"),
    Route(
        "/partners/reports/{edition}/report.pdf",
        partner_report_pdf,
        name="evaluation:partner_report_pdf",
    ),
]
