"""Public event pages: the list of events, one event's page and its privacy statement."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from festival import web
from festival.accounts import services as accounts
from festival.events import services
from festival.registration import services as retention  # its retention rules, through the face
from festival.submissions import services as submissions

# Templates link to an event's privacy statement through this (the organiser's own page wins).
web.templates.globals["privacy_link"] = services.privacy_link


async def home(request: Request) -> Response:
    upcoming, past = await services.upcoming_and_past_events()
    context = {"upcoming": upcoming, "past": past, "open_calls": await submissions.open_calls()}
    return web.render(request, "events/home.html", context)


async def event_page(request: Request) -> Response:
    page = await services.public_event_page(request.path_params["slug"])
    calls = await submissions.open_calls(event=page.event)
    branding = await accounts.branding_for(page.event.organisation_id)
    context = {"event": page.event, "page": page, "open_calls": calls, "branding": branding}
    return web.render(request, "events/event.html", context)


async def privacy(request: Request) -> Response:
    page = await services.privacy_page(request.path_params["slug"])
    if page.event.privacy_url:  # the organiser keeps their own statement
        return RedirectResponse(page.event.privacy_url, status_code=302)
    keep_until = retention.retention_due_at(page.event)
    context = {"event": page.event, "page": page, "keep_until": keep_until}
    return web.render(request, "events/privacy.html", context)


routes = [
    Route("/", home, name="events:home"),
    Route("/events/{slug}", event_page, name="events:event"),
    Route("/events/{slug}/privacy", privacy, name="events:privacy"),
]
