"""Check-in pages for staff: the scanner web app at /scan."""

from __future__ import annotations

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
