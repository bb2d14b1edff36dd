"""Organiser pages for outgoing mail (an event's outbox, one message, send again) and for
failed background jobs of every area (/admin/system/jobs, retry)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from festival import web
from festival.accounts.models import ORGANISER_ROLES, Role
from festival.accounts.services import actor_for
from festival.events.models import Event
from festival.i18n import _
from festival.mail import services

organisers = web.require_role(*ORGANISER_ROLES)
owners = web.require_role(Role.OWNER)

# The stored HTML shown inside the message page: no scripts, no requests, no forms, only
# its own inline styles; only our own pages may frame it.
PREVIEW_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


def _event(request: Request) -> Event:
    event: Event = request.state.event
    return event


@organisers
async def outbox(request: Request) -> Response:
    event = _event(request)
    messages = await services.outbox_for_event(event.id)
    return web.render(request, "mail/admin/outbox.html", {"event": event, "messages": messages})


@organisers
async def message(request: Request) -> Response:
    event = _event(request)
    found = await services.message_for_event(request.path_params["id"], event_id=event.id)
    return web.render(request, "mail/admin/message.html", {"event": event, "message": found})


@organisers
async def preview(request: Request) -> Response:
    found = await services.message_for_event(request.path_params["id"], event_id=_event(request).id)
    headers = {"content-security-policy": PREVIEW_CSP, "x-frame-options": "SAMEORIGIN"}
    return HTMLResponse(found.html, headers=headers)


@organisers
async def resend(request: Request) -> Response:
    event = _event(request)
    actor = actor_for(request.state.user)
    sent = await services.resend(request.path_params["id"], event_id=event.id, actor=actor)
    web.flash(request, _("Het bericht wordt opnieuw verstuurd."))
    return web.redirect(f"/admin/events/{event.slug}/mail/{sent.id}")


@owners
async def failed_jobs(request: Request) -> Response:
    failed = await services.failed_jobs_for(request.state.user)
    return web.render(request, "mail/admin/jobs.html", {"failed_jobs": failed})


@owners
async def retry_job(request: Request) -> Response:
    user = request.state.user
    await services.retry_failed_job(request.path_params["id"], user=user, actor=actor_for(user))
    web.flash(request, _("De taak is opnieuw gestart."))
    return web.redirect("/admin/system/jobs")


routes = [
    Route("/admin/events/{slug}/mail", outbox, name="mail:outbox"),
    Route("/admin/events/{slug}/mail/{id:id}", message, name="mail:message"),
    Route("/admin/events/{slug}/mail/{id:id}/preview", preview, name="mail:preview"),
    Route("/admin/events/{slug}/mail/{id:id}/resend", resend, methods=["POST"], name="mail:resend"),
    Route("/admin/system/jobs", failed_jobs, name="mail:jobs"),
    Route("/admin/system/jobs/{id:id}/retry", retry_job, methods=["POST"], name="mail:retry_job"),
]
