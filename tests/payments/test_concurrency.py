"""200 paid registrations at once for 20 seats, half of them never paying: never oversold,
and every seat a lapsed hold frees goes to the waiting list (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest

from festival import clock
from festival.payments import services as payments
from festival.payments.stripe_double import StripeDouble
from festival.registration.models import Booking, Registration, SessionSeats
from festival.settings import Settings
from tests.conftest import run_jobs
from tests.payments.conftest import RETURN_URL, paid_event, person, post_webhook, register

pytestmark = pytest.mark.usefixtures("database")


async def test_200_paid_registrations_for_20_seats_half_abandoning_never_oversell(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    settings: Settings,
) -> None:
    event, ticket, workshop = await paid_event(capacity=20)
    made = await asyncio.gather(
        *(register(event, ticket, workshop, person(n)) for n in range(200)),
        return_exceptions=True,
    )
    done = [r for r in made if isinstance(r, Registration)]
    assert len(done) == 200
    statuses = await Booking.filter(session_id=workshop.id).values_list("status", flat=True)
    assert (statuses.count("confirmed"), statuses.count("waitlisted")) == (20, 180)
    holders = {
        b.attendee.registration_id
        for b in await Booking.filter(session_id=workshop.id, status="confirmed").prefetch_related(
            "attendee"
        )
    }
    # every other registration pays (10 seat holders among them); the rest abandon
    paying = [r for i, r in enumerate(sorted(done, key=lambda r: r.id)) if i % 2 == 0]
    for reg in paying:
        await payments.start_checkout(event, reg.code, return_url=RETURN_URL, config=config)
        signed = stripe_double.complete(stripe_double.latest_session()["id"])
        assert (await post_webhook(client, signed)).status_code == 200
    paid_holders = holders & {r.id for r in paying}
    clock.set_now(clock.now() + timedelta(minutes=31))
    assert await payments.expire_holds(config=config) == 100
    await run_jobs(settings)
    statuses = await Booking.filter(session_id=workshop.id).values_list("status", flat=True)
    freed = 20 - len(paid_holders)
    assert statuses.count("confirmed") == len(paid_holders)
    assert statuses.count("offered") == freed  # each freed seat offered to the next in line
    seats = await SessionSeats.get(session_id=workshop.id)
    assert seats.taken == 20 and seats.capacity == 20
    offered = await Booking.filter(session_id=workshop.id, status="offered").prefetch_related(
        "attendee__registration"
    )
    assert {b.attendee.registration.status for b in offered} == {"confirmed"}
