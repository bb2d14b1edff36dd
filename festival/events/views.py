"""Public event pages: the list of events and one event's page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from festival import web
from festival.events import services


async def home(request: Request) -> Response:
    upcoming, past = await services.upcoming_and_past_events()
    return web.render(request, "events/home.html", {"upcoming": upcoming, "past": past})


async def event_page(request: Request) -> Response:
    page = await services.public_event_page(request.path_params["slug"])
    return web.render(request, "events/event.html", {"event": page.event, "page": page})


routes = [
    Route("/", home, name="events:home"),
    Route("/events/{slug}", event_page, name="events:event"),
]
