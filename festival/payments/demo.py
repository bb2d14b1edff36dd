"""The payments part of the demo edition: a paid ticket type, its settings, a few payments."""

from __future__ import annotations

from typing import Any


async def extend_demo(event: Any) -> None:
    """Placeholder until the demo data lands (filled in below when time allows)."""
