"""Check-in back office: desk, badges, attendance dashboard."""

from __future__ import annotations

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
