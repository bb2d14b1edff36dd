"""Payments tests: the real `stripe` library against the local Stripe double, served by
uvicorn on 127.0.0.1 (a random port) and reached through STRIPE_API_BASE."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
import uvicorn

from festival.events.models import Event
from festival.payments import services as payments
from festival.payments.models import Payment
from festival.payments.stripe_double import StripeDouble
from festival.registration import services as registration
from festival.registration.models import Registration
from festival.settings import Settings
from tests.factories import make_event, make_session, make_ticket_type
from tests.servers import free_port

SECRET_KEY = "sk_test_payments_suite"
WEBHOOK_SECRET = "whsec_payments_suite"
PRICE = 2500


@pytest.fixture
def stripe_double() -> Iterator[StripeDouble]:
    port = free_port()
    double = StripeDouble(
        secret_key=SECRET_KEY,
        webhook_secret=WEBHOOK_SECRET,
        public_url=f"http://127.0.0.1:{port}",
    )
    server = uvicorn.Server(
        uvicorn.Config(double.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield double
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def settings(settings: Settings, stripe_double: StripeDouble) -> Settings:
    return replace(
        settings,
        stripe_secret_key=SECRET_KEY,
        stripe_webhook_secret=WEBHOOK_SECRET,
        stripe_api_base=stripe_double.public_url,
    )


@pytest.fixture
def config(settings: Settings) -> payments.StripeConfig:
    return payments.StripeConfig(
        settings.stripe_secret_key, settings.stripe_webhook_secret, settings.stripe_api_base
    )


RETURN_URL = "http://testserver/return"


def person(n: int = 1) -> dict[str, Any]:
    return {"name": f"Deelnemer {n}", "email": f"deelnemer{n}@gemeente.nl"}


async def paid_event(*, capacity: int = 20, price: int = PRICE) -> tuple[Event, Any, Any]:
    """An event with a paid ticket type and one workshop of `capacity` seats."""
    event = await make_event()
    ticket = await make_ticket_type(event, name="Dagkaart", price_cents=price)
    workshop = await make_session(event, capacity=capacity, title="Raad op Zaterdag")
    return event, ticket, workshop


async def register(
    event: Event, ticket: Any, workshop: Any, *people: dict[str, Any]
) -> Registration:
    attendees = list(people) or [person()]
    done = await registration.register(
        event,
        ticket_type_id=ticket.id,
        attendees=attendees,
        sessions_per_attendee=[[workshop.id] for _p in attendees],
        consent=True,
    )
    return done.registration


async def post_webhook(client: httpx.AsyncClient, signed: tuple[bytes, dict[str, str]]) -> Any:
    body, headers = signed
    return await client.post("/payments/webhook", content=body, headers=headers)


async def pay(
    client: httpx.AsyncClient,
    double: StripeDouble,
    config: payments.StripeConfig,
    reg: Registration,
) -> Payment:
    """Check out at the Stripe double and complete it through a signed webhook."""
    event = await Event.get(id=reg.event_id)
    await payments.start_checkout(event, reg.code, return_url=RETURN_URL, config=config)
    await post_webhook(client, double.complete(double.latest_session()["id"]))
    return await Payment.get(registration_id=reg.id)
