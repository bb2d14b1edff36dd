"""Public event pages: the list of events and one event's page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from festival import web
from festival.events import services


async def home(request: Request) -> Response:
    return web.render(request, "events/home.html", {"events": await services.public_events()})


async def event_page(request: Request) -> Response:
    event = await services.public_event(request.path_params["slug"])
    return web.render(request, "events/event.html", {"event": event})


routes = [
    Route("/", home, name="events:home"),
    Route("/events/{slug}", event_page, name="events:event"),
]
