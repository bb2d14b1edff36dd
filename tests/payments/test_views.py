"""The attendee's payment pages and the organiser's payments page, over HTTP."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
import pytest

from festival.accounts.models import Role
from festival.payments.models import Payment, PaymentSettings
from festival.payments.stripe_double import StripeDouble
from festival.registration import services as registration
from festival.registration.models import Registration
from festival.settings import Settings
from tests.conftest import TEST_SECRET, run_jobs
from tests.factories import make_user
from tests.helpers import csrf_from, login
from tests.payments.conftest import PRICE, paid_event, person, post_webhook, register
from tests.servers import free_port

pytestmark = pytest.mark.usefixtures("database")


def _pages(event: Any, reg: Registration) -> tuple[str, str]:
    token = registration.manage_token(reg.code, secret_key=TEST_SECRET)
    base = f"/events/{event.slug}/registration/{token}"
    return base + "/betalen", base + "/betaling"


async def test_checkout_redirects_to_stripe_and_the_return_page_waits_for_confirmation(
    client: httpx.AsyncClient, stripe_double: StripeDouble, settings: Settings
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    pay, back = _pages(event, reg)
    answer = await client.get(pay)
    assert answer.status_code == 303
    session = stripe_double.latest_session()
    assert answer.headers["location"] == session["url"]
    assert session["success_url"] == f"http://testserver{back}?session_id={{CHECKOUT_SESSION_ID}}"
    page = await client.get(back, params={"session_id": session["id"]})
    assert page.status_code == 200
    assert "Nog niet betaald" in page.text and 'http-equiv="refresh"' in page.text
    assert "Betaald" not in page.text
    await post_webhook(client, stripe_double.complete(session["id"]))
    page = await client.get(back, params={"session_id": session["id"]})
    assert "Betaald. U bent aangemeld!" in page.text
    assert 'http-equiv="refresh"' not in page.text


async def test_return_page_confirms_by_reading_the_session_before_the_webhook(
    client: httpx.AsyncClient, stripe_double: StripeDouble, settings: Settings
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    pay, back = _pages(event, reg)
    await client.get(pay)
    stripe_double.complete(stripe_double.latest_session()["id"])  # the webhook is still on its way
    page = await client.get(back)
    assert "Betaald. U bent aangemeld!" in page.text
    await run_jobs(settings)
    assert (await Registration.get(id=reg.id)).status == "confirmed"


async def test_processing_payment_page_refreshes_without_javascript(
    client: httpx.AsyncClient, stripe_double: StripeDouble
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    pay, back = _pages(event, reg)
    await client.get(pay)
    session_id = stripe_double.latest_session()["id"]
    await post_webhook(client, stripe_double.complete(session_id, paid=False))
    page = await client.get(back)
    assert "Uw betaling wordt verwerkt" in page.text
    assert '<meta http-equiv="refresh" content="5">' in page.text
    assert "Opnieuw proberen" not in page.text


async def test_stripe_away_shows_a_dutch_message_and_a_retry_button(
    client: httpx.AsyncClient, app: Any, stripe_double: StripeDouble
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    pay, _back = _pages(event, reg)
    working = app.state.settings
    app.state.settings = replace(working, stripe_api_base=f"http://127.0.0.1:{free_port()}")
    try:
        page = await client.get(pay)
    finally:
        app.state.settings = working
    assert page.status_code == 200
    assert "De betaaldienst is nu niet bereikbaar" in page.text
    assert "Opnieuw proberen te betalen</button>" in page.text
    assert (await Registration.get(id=reg.id)).status == "pending_payment"
    token = csrf_from(page.text)
    again = await client.post(pay, data={"csrf_token": token})
    assert again.status_code == 303
    assert again.headers["location"] == stripe_double.latest_session()["url"]


async def test_manage_page_offers_to_pay(client: httpx.AsyncClient) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    token = registration.manage_token(reg.code, secret_key=TEST_SECRET)
    page = await client.get(f"/events/{event.slug}/registration/{token}")
    assert "Nu betalen" in page.text
    assert f'action="/events/{event.slug}/registration/{token}/betalen"' in page.text


async def _organiser(client: httpx.AsyncClient, event: Any) -> None:
    user = await make_user(role=Role.ORGANISER, email="org@festival.nl")
    event.organisation_id = (await user.memberships.all().first()).organisation_id  # type: ignore[union-attr]
    await event.save()
    await login(client, "org@festival.nl")


async def test_organiser_sees_totals_marks_paid_by_hand_and_exports(
    client: httpx.AsyncClient, stripe_double: StripeDouble, settings: Settings
) -> None:
    event, ticket, workshop = await paid_event()
    first = await register(event, ticket, workshop, person(1), person(2))
    await register(event, ticket, workshop, person(3))
    await _organiser(client, event)
    url = f"/admin/events/{event.slug}/payments"
    page = await client.get(url)
    assert page.status_code == 200
    assert "Betaald aan de balie" in page.text
    answer = await client.post(
        f"{url}/registrations/{first.code}/paid", data={"csrf_token": csrf_from(page.text)}
    )
    assert answer.status_code == 303
    await run_jobs(settings)
    assert (await Registration.get(id=first.id)).status == "confirmed"
    page = await client.get(url)
    assert "€ 50,00" in page.text.replace("\xa0", " ")
    csv = await client.get(f"{url}/export.csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("registration;contact_name;contact_email;ticket_type;attendees")
    assert (
        f"{first.code};Deelnemer 1;deelnemer1@gemeente.nl;Dagkaart;2;"
        "confirmed;paid;manual;50.00;0.00;" in lines[1]
    )
    xlsx = await client.get(f"{url}/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


async def test_organiser_refund_form_refuses_a_wrong_amount_with_a_message(
    client: httpx.AsyncClient, stripe_double: StripeDouble, settings: Settings
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    await _organiser(client, event)
    url = f"/admin/events/{event.slug}/payments"
    page = await client.get(url)
    await client.post(
        f"{url}/registrations/{reg.code}/paid", data={"csrf_token": csrf_from(page.text)}
    )
    payment = await Payment.get(registration_id=reg.id)
    page = await client.get(url)
    token = csrf_from(page.text)
    wrong = await client.post(
        f"{url}/{payment.id}/refund", data={"csrf_token": token, "amount": "abc"}
    )
    assert wrong.status_code == 422
    assert "Vul een bedrag in euro in" in wrong.text
    too_much = await client.post(
        f"{url}/{payment.id}/refund", data={"csrf_token": token, "amount": "25,01"}
    )
    assert too_much.status_code == 409
    done = await client.post(
        f"{url}/{payment.id}/refund",
        data={"csrf_token": token, "amount": "12,50", "reason": "kwart"},
    )
    assert done.status_code == 303
    payment = await Payment.get(id=payment.id)
    assert (payment.status, payment.refunded_cents) == ("partly_refunded", PRICE // 2)


async def test_organiser_saves_payment_settings(client: httpx.AsyncClient) -> None:
    event, _ticket, _workshop = await paid_event()
    await _organiser(client, event)
    url = f"/admin/events/{event.slug}/payments"
    token = csrf_from((await client.get(url)).text)
    wrong = await client.post(
        f"{url}/settings", data={"csrf_token": token, "ideal": "on", "hold_minutes": "2"}
    )
    assert wrong.status_code == 422 and "tussen 5 en 1440" in wrong.text
    none = await client.post(f"{url}/settings", data={"csrf_token": token, "hold_minutes": "45"})
    assert none.status_code == 422 and "minstens een betaalmethode" in none.text
    saved = await client.post(
        f"{url}/settings",
        data={
            "csrf_token": token,
            "ideal": "on",
            "hold_minutes": "45",
            "refund_policy": "partial",
            "refund_percent": "50",
        },
    )
    assert saved.status_code == 303
    options = await PaymentSettings.get(event_id=event.id)
    assert (
        options.methods,
        options.hold_minutes,
        options.refund_policy,
        options.refund_percent,
    ) == (
        ["ideal"],
        45,
        "partial",
        50,
    )
