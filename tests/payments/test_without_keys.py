"""Without Stripe keys a paid ticket type cannot be switched on, and the organiser is told why;
free ticket types and "paid at the desk" keep working."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest

from festival.accounts.models import Role
from festival.registration.models import TicketType
from festival.settings import Settings
from tests.factories import make_event, make_user
from tests.helpers import csrf_from, login

pytestmark = pytest.mark.usefixtures("database")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, stripe_secret_key=None, stripe_webhook_secret=None)


def _ticket(price: str, **extra: str) -> dict[str, str]:
    return {"name": "Diner", "price_cents": price, "max_per_registration": "4", **extra}


async def test_paid_ticket_type_is_refused_without_keys_and_free_one_saved(
    client: httpx.AsyncClient,
) -> None:
    event = await make_event(slug="dld-2027")
    user = await make_user(role=Role.ORGANISER, email="org@festival.nl")
    event.organisation_id = (await user.memberships.all().first()).organisation_id  # type: ignore[union-attr]
    await event.save()
    await login(client, "org@festival.nl")
    base = "/admin/events/dld-2027/registration-settings"
    page = await client.get(base)
    assert "Online betalen is niet ingesteld" in page.text
    token = csrf_from(page.text)
    paid = await client.post(
        f"{base}/ticket-types", data={"csrf_token": token, **_ticket("25,00", is_active="yes")}
    )
    assert paid.status_code == 422
    assert "Een betaald ticket kan pas aan als online betalen is ingesteld" in paid.text
    assert await TicketType.filter(event_id=event.id).count() == 0
    off = await client.post(f"{base}/ticket-types", data={"csrf_token": token, **_ticket("25,00")})
    assert off.status_code == 303  # switched off: it may wait for the keys
    free = await client.post(
        f"{base}/ticket-types", data={"csrf_token": token, **_ticket("0", is_active="yes")}
    )
    assert free.status_code == 303
    saved = (
        await TicketType.filter(event_id=event.id)
        .order_by("id")
        .values_list("price_cents", "is_active")
    )
    assert saved == [(2500, False), (0, True)]
