"""Demo check-in for `dld-demo`: a published device token for the scanner (printed at start,
like the demo passwords) and a few attendees already checked in at the entrance."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from festival import clock
from festival.accounts import services as accounts
from festival.accounts.models import TokenScope
from festival.checkin import services as checkin
from festival.checkin.models import Checkin
from festival.events.models import Event
from festival.registration import queries as registration_queries
from festival.tickets import services as tickets

TOKEN_NAME = "demo-scanner"  # noqa: S105 - a label, not a secret
# Published in the README like the demo passwords; only the demo edition has it.
DEMO_TOKEN = "fst_demo-scanner-dld-demo-2027"  # noqa: S105
CHECKED_IN = 12


async def extend_demo(event: Event) -> dict[str, Any]:
    token = await accounts.token_for_bearer(DEMO_TOKEN, cached=False)
    if token is None:
        token, _raw = await accounts.create_token(
            event.id, scope=TokenScope.CHECKIN, name=TOKEN_NAME, secret=DEMO_TOKEN
        )
    device = checkin.Device("token", token.id, TOKEN_NAME)
    done = 0
    if not await Checkin.filter(event_id=event.id).exists():
        holders = await registration_queries.ticket_holders(event_id=event.id)
        registration_ids = sorted(
            {h["registration_id"] for h in holders if h["status"] == "active"}
        )
        start = clock.now() - timedelta(minutes=CHECKED_IN * 2)
        for registration_id in registration_ids:
            for ticket in await tickets.issue_tickets(registration_id):
                if done >= CHECKED_IN:
                    break
                payload = tickets.qr_payload(ticket, await tickets.active_key(event.id))
                outcome = await checkin.scan_ticket(
                    payload,
                    event=event,
                    checkpoint="entrance",
                    device=device,
                    scanned_at=start + timedelta(minutes=2 * done),
                )
                done += outcome.result == "ok"
            if done >= CHECKED_IN:
                break
    return {"scanner": "/scan", "device_token": DEMO_TOKEN, "checked_in": done}
