"""Public event pages: the list of events and one event's page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from festival import web
from festival.events import services
from festival.submissions import services as submissions


async def home(request: Request) -> Response:
    upcoming, past = await services.upcoming_and_past_events()
    context = {"upcoming": upcoming, "past": past, "open_calls": await submissions.open_calls()}
    return web.render(request, "events/home.html", context)


async def event_page(request: Request) -> Response:
    page = await services.public_event_page(request.path_params["slug"])
    calls = await submissions.open_calls(event=page.event)
    context = {"event": page.event, "page": page, "open_calls": calls}
    return web.render(request, "events/event.html", context)


routes = [
    Route("/", home, name="events:home"),
    Route("/events/{slug}", event_page, name="events:event"),
]
