"""Login and logout (password reset and the rest come with the accounts work)."""

from __future__ import annotations

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
