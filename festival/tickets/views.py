"""Ticket links from the confirmation mail: the PDF and a phone page with the QR code."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from festival import i18n, web
from festival.settings import Settings
from festival.tickets import services as tickets


def _secret(request: Request) -> str:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings.secret_key


async def ticket_pdf(request: Request) -> Response:
    ticket = await tickets.ticket_for_link(
        request.path_params["tid"], request.query_params.get("sig", ""), secret_key=_secret(request)
    )
    content = await tickets.ticket_pdf(ticket)
    headers = {
        "Content-Disposition": f'inline; filename="ticket-{ticket.tid}.pdf"',
        "Cache-Control": "private, no-store",
        "X-Robots-Tag": "noindex",
    }
    return Response(content, media_type="application/pdf", headers=headers)


async def ticket_page(request: Request) -> Response:
    sig = request.query_params.get("sig", "")
    ticket = await tickets.ticket_for_link(
        request.path_params["tid"], sig, secret_key=_secret(request)
    )
    document = await tickets.ticket_document(ticket, language=i18n.get_language())
    response = web.render(request, "tickets/page.html", {"t": document, "sig": sig})
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


routes = [
    Route("/tickets/{tid}.pdf", ticket_pdf, name="tickets:pdf"),
    Route("/tickets/{tid}", ticket_page, name="tickets:page"),
]
