from __future__ import annotations

import pytest

from festival.payments import services as payments
from festival.payments.models import Payment
from festival.registration.models import Registration
from tests.conftest import run_jobs
from tests.payments.conftest import RETURN_URL, paid_event, post_webhook, register

pytestmark = pytest.mark.usefixtures("database")


async def test_smoke(client, stripe_double, config, settings) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    assert reg.status == "pending_payment"
    url = await payments.start_checkout(event, reg.code, return_url=RETURN_URL, config=config)
    session = stripe_double.latest_session()
    assert url == session["url"]
    answer = await post_webhook(client, stripe_double.complete(session["id"]))
    assert answer.status_code == 200, answer.text
    assert answer.json()["result"] == "paid"
    await run_jobs(settings)
    assert (await Registration.get(id=reg.id)).status == "confirmed"
    assert (await Payment.get(registration_id=reg.id)).status == "paid"
