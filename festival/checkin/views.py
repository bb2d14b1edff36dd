"""The scanner web app at /scan (staff logged in, or a device token kept by the browser), its
web manifest and service worker (served from /scan so they control the scanner's pages)."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from festival import web
from festival.checkin import services as checkin

SCAN_STATIC = web.STATIC_DIR / "scan"


async def scanner(request: Request) -> Response:
    user = getattr(request.state, "user", None)
    events = await checkin.scannable_events(user) if user is not None else []
    choices = [{"slug": e.slug, "name": e.name} for e in events]
    return web.render(
        request,
        "checkin/scan.html",
        {
            "events_json": json.dumps(choices),
            "events": choices,
            "csrf": web.csrf_token(request) if user is not None else "",
        },
    )


async def service_worker(request: Request) -> Response:
    return FileResponse(
        SCAN_STATIC / "sw.js",
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/scan"},
    )


async def manifest(request: Request) -> Response:
    return FileResponse(
        SCAN_STATIC / "manifest.webmanifest", media_type="application/manifest+json"
    )


routes = [
    Route("/scan", scanner, name="checkin:scan"),
    Route("/scan/sw.js", service_worker, name="checkin:service_worker"),
    Route("/scan/manifest.webmanifest", manifest, name="checkin:manifest"),
]
