"""How often one client address may register (counted in the database, so every web process
shares the count)."""

from __future__ import annotations

from festival.accounts import services as accounts
from festival.errors import RateLimited
from festival.i18n import _

RATE_WINDOW_SECONDS = 600


async def check_rate_limit(client: str, *, limit: int) -> None:
    """Count one registration (or lost-link request) from `client` in the ten-minute window.
    Raises RateLimited past `limit`."""
    if not await accounts.hit_rate_limit(
        f"registration:{client}", limit=limit, window_seconds=RATE_WINDOW_SECONDS
    ):
        raise RateLimited(
            "rate_limited",
            _("U hebt te vaak een aanmelding verstuurd. Probeer het over tien minuten opnieuw."),
            retry_after=accounts.seconds_left_in_window(RATE_WINDOW_SECONDS),
        )
