"""Partner portal: the feedback results of the partner's own sessions (the small-group rule
holds here as everywhere: the results queries never return a small group's figures)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from festival import web
from festival.accounts.models import PARTNER_ROLES
from festival.errors import NotFound
from festival.feedback import queries as feedback_queries
from festival.feedback import services as feedback
from festival.i18n import _
from festival.programme import queries as programme_queries
from festival.submissions import services as submissions

partner = web.require_role(*PARTNER_ROLES)
FORMATS = ("plenary", "workshop", "lab", "debate", "excursion", "break")


@partner
async def results(request: Request) -> Response:
    access = await submissions.partner_access(request.state.user)
    sessions = await feedback_queries.partner_results(access.session_ids)
    context = {"organisation": access.organisation, "sessions": sessions}
    return web.render(request, "feedback/results_partner.html", context)


@partner
async def session_results(request: Request) -> Response:
    access = await submissions.partner_access(request.state.user)
    session_id = access.require_session(request.path_params["session_id"])
    found = await feedback_queries.results_of_session(session_id)
    if found is None:
        raise NotFound("not_found", _("Pagina niet gevonden"))
    return web.render(
        request,
        "feedback/results_partner_session.html",
        {
            "organisation": access.organisation,
            "session": found,
            "editable": False,
            "event": None,
            "format_labels": {f: programme_queries.format_label(f) for f in FORMATS},
            "charts_of": feedback.charts_of,
        },
    )


routes: list[BaseRoute] = [
    Route("/partners/results", results, name="submissions:results"),
    Route("/partners/results/{session_id:id}", session_results, name="submissions:results_session"),
]
