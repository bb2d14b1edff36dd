"""The outermost layer of every HTTP request: its id (X-Request-ID, kept when sane, else new;
sent back in the response and shown on error pages), its counters and latency per route
template, and one access line in the log, without the query string."""

from __future__ import annotations

import logging
import time

from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from festival import logs, metrics

access_log = logging.getLogger("festival.access")
# Methods outside this set count as OTHER: a method name from outside never becomes a label.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_template(scope: Scope) -> str:
    """The path template of the route that answered ("/events/{slug}"), never the raw path."""
    route = scope.get("route")
    if route is None:
        return metrics.UNMATCHED
    if isinstance(route, Mount):
        return route.path + "/{path}"
    return str(getattr(route, "path", metrics.UNMATCHED))


class RequestMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = logs.request_id_from(_header(scope, b"x-request-id"))
        scope.setdefault("state", {})["request_id"] = request_id
        reset = logs.REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            method = scope["method"] if scope["method"] in METHODS else "OTHER"
            route = route_template(scope)
            metrics.observe_request(method, route, status, seconds)
            if access_log.isEnabledFor(logging.INFO):  # no formatting when the level is off
                access_log.info(
                    "%s %s %s",
                    method,
                    route,
                    status,
                    extra={
                        "route": route,
                        "status": status,
                        "duration_ms": round(seconds * 1000, 1),
                    },
                )
            logs.REQUEST_ID.reset(reset)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None
