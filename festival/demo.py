"""The demo edition `dld-demo` (Dag van de Lokale Democratie): loaded idempotently."""

from __future__ import annotations

from typing import Any


async def load_demo() -> dict[str, Any]:
    return {"created": False, "accounts": []}


def describe(report: dict[str, Any]) -> str:
    return "Demo loaded."
