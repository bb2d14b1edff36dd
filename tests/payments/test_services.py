"""Payments through the real `stripe` library and the local double: pay, abandon, holds that
end, late payments, webhook replay and order, bad signatures, Stripe away, refunds."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from festival import clock
from festival.audit import Actor, AuditEntry
from festival.errors import Conflict
from festival.mail.models import OutboxMessage
from festival.payments import services as payments
from festival.payments.models import Payment, PaymentSettings, Refund, RefundPolicy, WebhookEvent
from festival.payments.stripe_double import StripeDouble
from festival.registration import services as registration
from festival.registration.models import Attendee, Booking, Registration
from festival.settings import Settings
from festival.tickets.models import Ticket
from tests.conftest import run_jobs
from tests.factories import make_ticket_type
from tests.payments.conftest import (
    PRICE,
    RETURN_URL,
    paid_event,
    pay,
    person,
    post_webhook,
    register,
)
from tests.servers import free_port

pytestmark = pytest.mark.usefixtures("database")
ATTENDEE = Actor("attendee", None, "deelnemer1@gemeente.nl")


async def _status(registration_id: int) -> str:
    return str((await Registration.get(id=registration_id)).status)


async def _booking(registration_id: int) -> str:
    booking = await Booking.get(attendee__registration_id=registration_id)
    return str(booking.status)


async def test_pay_confirms_issues_tickets_and_mails_once(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    settings: Settings,
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop, person(1), person(2))
    await run_jobs(settings)
    assert reg.status == "pending_payment"
    assert await Ticket.filter(registration_id=reg.id).count() == 0
    url = await payments.start_checkout(event, reg.code, return_url=RETURN_URL, config=config)
    session = stripe_double.latest_session()
    assert url == session["url"]
    assert session["amount_total"] == 2 * PRICE
    assert session["line_items"][0]["quantity"] == "2"
    assert session["payment_method_types"] == ["ideal", "card"]
    assert session["metadata"]["registration"] == reg.code
    signed = stripe_double.complete(session["id"])
    assert (await post_webhook(client, signed)).json()["result"] == "paid"
    assert (await post_webhook(client, signed)).json()["result"] == "duplicate"
    await run_jobs(settings)
    assert await _status(reg.id) == "confirmed"
    assert await Ticket.filter(registration_id=reg.id).count() == 2
    payment = await Payment.get(registration_id=reg.id)
    assert (payment.status, payment.amount_cents, payment.quantity) == ("paid", 5000, 2)
    contact = await OutboxMessage.filter(template="registration/confirmation").order_by("id")
    # the first says "received, ready once paid", the second comes with the tickets, once
    assert [m.subject.startswith("Uw aanmelding") for m in contact] == [False, True]
    assert await WebhookEvent.all().count() == 1


async def test_checkout_reuses_the_open_session(
    stripe_double: StripeDouble, config: payments.StripeConfig
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    first = await payments.start_checkout(event, reg.code, return_url=RETURN_URL, config=config)
    again = await payments.start_checkout(event, reg.code, return_url=RETURN_URL, config=config)
    assert first == again
    assert stripe_double.calls == ["POST /v1/checkout/sessions"]


async def test_free_registration_never_touches_stripe(stripe_double: StripeDouble) -> None:
    event, _ticket, workshop = await paid_event()
    gratis = await make_ticket_type(event, name="Gratis", price_cents=0)
    reg = await register(event, gratis, workshop)
    assert reg.status == "confirmed"
    assert stripe_double.calls == []
    assert await Payment.all().count() == 0


async def test_abandoned_hold_ends_frees_the_seat_and_offers_it_on(
    stripe_double: StripeDouble, config: payments.StripeConfig, settings: Settings
) -> None:
    event, ticket, workshop = await paid_event(capacity=1)
    first = await register(event, ticket, workshop, person(1))
    second = await register(event, ticket, workshop, person(2))
    assert (await _booking(first.id), await _booking(second.id)) == ("confirmed", "waitlisted")
    await payments.start_checkout(event, first.code, return_url=RETURN_URL, config=config)
    session_id = stripe_double.latest_session()["id"]
    assert await payments.expire_holds(config=config) == 0  # the hold lasts 30 minutes
    clock.set_now(clock.now() + timedelta(minutes=31))
    assert await payments.expire_holds(config=config) == 2  # the second never started paying
    await run_jobs(settings)
    assert await _status(first.id) == "cancelled"
    assert stripe_double.sessions[session_id]["status"] == "expired"
    assert (await Payment.get(registration_id=first.id)).status == "expired"
    mails = await OutboxMessage.filter(template="payments/hold_expired").order_by("to")
    assert [m.to for m in mails] == ["deelnemer1@gemeente.nl", "deelnemer2@gemeente.nl"]
    actions = set(await AuditEntry.all().values_list("action", flat=True))
    assert {"registration.payment_expired", "payment.expired"} <= actions


async def test_hold_end_offers_the_seat_to_the_waiting_list(
    stripe_double: StripeDouble, config: payments.StripeConfig, settings: Settings
) -> None:
    event, ticket, workshop = await paid_event(capacity=1)
    first = await register(event, ticket, workshop, person(1))
    await payments.start_checkout(event, first.code, return_url=RETURN_URL, config=config)
    clock.set_now(clock.now() + timedelta(minutes=20))
    second = await register(event, ticket, workshop, person(2))
    await payments.start_checkout(event, second.code, return_url=RETURN_URL, config=config)
    clock.set_now(clock.now() + timedelta(minutes=11))  # the first hold ended, not the second
    assert await payments.expire_holds(config=config) == 1
    await run_jobs(settings)
    assert (await _status(first.id), await _booking(second.id)) == ("cancelled", "offered")
    assert await OutboxMessage.filter(template="registration/waitlist_offer").count() == 1


async def test_late_payment_books_again_when_the_seat_is_free(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    settings: Settings,
) -> None:
    event, ticket, workshop = await paid_event(capacity=1)
    reg = await register(event, ticket, workshop)
    await payments.start_checkout(event, reg.code, return_url=RETURN_URL, config=config)
    session_id = stripe_double.latest_session()["id"]
    clock.set_now(clock.now() + timedelta(minutes=31))
    # Stripe had not expired it yet when the money came (the double refuses a paid session)
    stripe_double.fail_next = 2
    assert await payments.expire_holds(config=config) == 1
    assert await _status(reg.id) == "cancelled"
    answer = await post_webhook(client, stripe_double.complete(session_id))
    assert answer.json()["result"] == "paid"
    await run_jobs(settings)
    assert (await _status(reg.id), await _booking(reg.id)) == ("confirmed", "confirmed")
    assert (await Attendee.get(registration_id=reg.id)).status == "active"
    assert await Ticket.filter(registration_id=reg.id).count() == 1
    assert await Refund.all().count() == 0


async def test_late_payment_is_refunded_when_the_seat_is_taken(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    settings: Settings,
) -> None:
    event, ticket, workshop = await paid_event(capacity=1)
    late = await register(event, ticket, workshop, person(1))
    await payments.start_checkout(event, late.code, return_url=RETURN_URL, config=config)
    session_id = stripe_double.latest_session()["id"]
    clock.set_now(clock.now() + timedelta(minutes=31))
    stripe_double.fail_next = 2
    await payments.expire_holds(config=config)
    other = await register(event, ticket, workshop, person(2))  # takes the freed seat
    assert await _booking(other.id) == "confirmed"
    await post_webhook(client, stripe_double.complete(session_id))
    await run_jobs(settings)
    assert await _status(late.id) == "cancelled"
    payment = await Payment.get(registration_id=late.id)
    assert (payment.status, payment.refunded_cents) == ("refunded", PRICE)
    refund = await Refund.get(payment_id=payment.id)
    assert (refund.amount_cents, refund.status, refund.reason) == (
        PRICE,
        "succeeded",
        "late_payment_no_seats",
    )
    assert [r["amount"] for r in stripe_double.refunds.values()] == [PRICE]
    notice = await OutboxMessage.get(template="payments/refunded")
    assert notice.to == "deelnemer1@gemeente.nl"
    assert "25,00" in notice.text and "voorbij" in notice.text


async def test_ideal_processing_then_succeeded_in_any_order(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    settings: Settings,
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    await payments.start_checkout(event, reg.code, return_url=RETURN_URL, config=config)
    session_id = stripe_double.latest_session()["id"]
    processing = stripe_double.complete(session_id, paid=False)
    succeeded = stripe_double.settle_async(session_id, succeeded=True)
    expired = stripe_double.event(
        "checkout.session.expired", {"id": session_id, "status": "expired"}
    )
    # the bank's answer arrives first, then the completion and a stray expiry
    assert (await post_webhook(client, succeeded)).json()["result"] == "paid"
    assert (await post_webhook(client, processing)).json()["result"] == "unchanged"
    assert (await post_webhook(client, expired)).json()["result"] == "unchanged"
    await run_jobs(settings)
    assert await _status(reg.id) == "confirmed"
    assert (await Payment.get(registration_id=reg.id)).status == "paid"


async def test_ideal_processing_keeps_the_hold_until_the_bank_fails_it(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    await payments.start_checkout(event, reg.code, return_url=RETURN_URL, config=config)
    session_id = stripe_double.latest_session()["id"]
    answer = await post_webhook(client, stripe_double.complete(session_id, paid=False))
    assert answer.json()["result"] == "processing"
    clock.set_now(clock.now() + timedelta(minutes=31))
    assert await payments.expire_holds(config=config) == 0
    failed = stripe_double.settle_async(session_id, succeeded=False)
    assert (await post_webhook(client, failed)).json()["result"] == "failed"
    assert await payments.expire_holds(config=config) == 1
    assert await _status(reg.id) == "cancelled"


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="missing"),
        pytest.param({"stripe-signature": "t=1,v1=00"}, id="wrong"),
    ],
)
async def test_webhook_bad_signature_is_400_and_changes_nothing(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    headers: dict[str, str],
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    await payments.start_checkout(event, reg.code, return_url=RETURN_URL, config=config)
    body, _good = stripe_double.complete(stripe_double.latest_session()["id"])
    answer = await client.post("/payments/webhook", content=body, headers=headers)
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "bad_signature"
    assert await WebhookEvent.all().count() == 0
    assert (await Payment.get(registration_id=reg.id)).status == "open"
    assert await _status(reg.id) == "pending_payment"


async def test_webhook_signed_with_another_secret_is_refused(
    client: httpx.AsyncClient, stripe_double: StripeDouble
) -> None:
    other = StripeDouble(webhook_secret="whsec_someone_else")
    body, headers = other.event("checkout.session.completed", {"id": "cs_test_x"})
    answer = await client.post("/payments/webhook", content=body, headers=headers)
    assert answer.status_code == 400
    assert await WebhookEvent.all().count() == 0


async def test_stripe_unreachable_keeps_the_registration_for_a_retry(
    stripe_double: StripeDouble, config: payments.StripeConfig
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    away = payments.StripeConfig(
        config.secret_key, config.webhook_secret, f"http://127.0.0.1:{free_port()}"
    )
    with pytest.raises(payments.StripeUnavailable) as error:
        await payments.start_checkout(event, reg.code, return_url=RETURN_URL, config=away)
    assert error.value.code == "stripe_unavailable"
    assert "niet bereikbaar" in error.value.message
    assert await _status(reg.id) == "pending_payment"
    assert await _booking(reg.id) == "confirmed"
    url = await payments.start_checkout(event, reg.code, return_url=RETURN_URL, config=config)
    assert url == stripe_double.latest_session()["url"]
    # the hold of the retry is the first attempt's: retrying never lengthens it
    holds = await Payment.filter(registration_id=reg.id).values_list("hold_expires_at", flat=True)
    assert len(set(holds)) == 1


@pytest.mark.parametrize(
    ("policy", "percent", "until_days", "refunded"),
    [
        pytest.param(RefundPolicy.FULL_UNTIL, 100, 1, 2 * PRICE, id="full-before-date"),
        pytest.param(RefundPolicy.FULL_UNTIL, 100, -1, 0, id="full-after-date"),
        pytest.param(RefundPolicy.PARTIAL, 50, None, PRICE, id="half"),
        pytest.param(RefundPolicy.NONE, 100, None, 0, id="none"),
    ],
)
async def test_attendee_cancellation_refunds_by_policy(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    settings: Settings,
    policy: RefundPolicy,
    percent: int,
    until_days: int | None,
    refunded: int,
) -> None:
    event, ticket, workshop = await paid_event()
    until = clock.now() + timedelta(days=until_days) if until_days is not None else None
    await PaymentSettings.create(
        event=event, refund_policy=policy, refund_percent=percent, refund_until=until
    )
    reg = await register(event, ticket, workshop, person(1), person(2))
    await pay(client, stripe_double, config, reg)
    await run_jobs(settings)
    await registration.cancel_registration(await Registration.get(id=reg.id), actor=ATTENDEE)
    await run_jobs(settings)
    payment = await Payment.get(registration_id=reg.id)
    assert payment.refunded_cents == refunded
    assert sum(r["amount"] for r in stripe_double.refunds.values()) == refunded
    assert await Refund.filter(payment_id=payment.id).count() == (1 if refunded else 0)


async def test_one_attendee_of_a_group_cancelling_gets_their_share(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    settings: Settings,
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop, person(1), person(2))
    await pay(client, stripe_double, config, reg)
    await run_jobs(settings)
    second = await Attendee.get(registration_id=reg.id, position=1)
    await registration.cancel_attendee(second, actor=ATTENDEE)
    await run_jobs(settings)
    payment = await Payment.get(registration_id=reg.id)
    assert (payment.status, payment.refunded_cents) == ("partly_refunded", PRICE)
    refund = await Refund.get(payment_id=payment.id)
    assert (refund.actor, refund.reason) == ("attendee", "cancelled_by_attendee")
    assert await AuditEntry.filter(action="payment.refunded").count() == 1


async def test_organiser_refunds_part_then_refuses_more_than_is_left(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    settings: Settings,
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    payment = await pay(client, stripe_double, config, reg)
    organiser = Actor("user", 7, "org@festival.nl")
    await payments.refund_payment(
        payment, amount_cents=1000, reason="dubbel betaald", actor=organiser, config=config
    )
    with pytest.raises(Conflict) as error:
        await payments.refund_payment(
            payment, amount_cents=1501, reason="", actor=organiser, config=config
        )
    assert error.value.code == "refund_too_large"
    await payments.refund_payment(
        payment, amount_cents=1500, reason="", actor=organiser, config=config
    )
    payment = await Payment.get(id=payment.id)
    assert (payment.status, payment.refunded_cents) == ("refunded", PRICE)
    assert [r["amount"] for r in stripe_double.refunds.values()] == [1000, 1500]
    entries = await AuditEntry.filter(action="payment.refunded").values_list(
        "actor_label", flat=True
    )
    assert entries == ["org@festival.nl", "org@festival.nl"]
    await run_jobs(settings)
    assert await OutboxMessage.filter(template="payments/refunded").count() == 2


async def test_refund_with_stripe_away_changes_nothing(
    client: httpx.AsyncClient, stripe_double: StripeDouble, config: payments.StripeConfig
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    payment = await pay(client, stripe_double, config, reg)
    stripe_double.fail_next = 5
    with pytest.raises(payments.StripeUnavailable):
        await payments.refund_payment(
            payment, amount_cents=PRICE, reason="", actor=ATTENDEE, config=config
        )
    payment = await Payment.get(id=payment.id)
    assert (payment.status, payment.refunded_cents) == ("paid", 0)
    assert await Refund.filter(status="failed").count() == 1


async def test_marked_paid_by_hand_confirms_and_a_later_online_payment_is_refunded(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    settings: Settings,
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    await payments.start_checkout(event, reg.code, return_url=RETURN_URL, config=config)
    session_id = stripe_double.latest_session()["id"]
    desk = Actor("user", 3, "balie@festival.nl")
    cash = await payments.mark_paid_by_hand(event, reg.code, actor=desk)
    assert (cash.method, cash.status, cash.amount_cents) == ("manual", "paid", PRICE)
    assert await _status(reg.id) == "confirmed"
    with pytest.raises(Conflict):
        await payments.mark_paid_by_hand(event, reg.code, actor=desk)
    await post_webhook(client, stripe_double.complete(session_id))  # paid twice
    await run_jobs(settings)
    online = await Payment.get(checkout_session_id=session_id)
    assert (online.status, online.refunded_cents) == ("refunded", PRICE)
    assert await AuditEntry.filter(action="payment.marked_paid").count() == 1


async def test_refund_made_in_the_stripe_dashboard_is_recorded_once(
    client: httpx.AsyncClient, stripe_double: StripeDouble, config: payments.StripeConfig
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    payment = await pay(client, stripe_double, config, reg)
    charge = {
        "id": "ch_test_1",
        "object": "charge",
        "payment_intent": payment.payment_intent_id,
        "amount": PRICE,
        "amount_refunded": 1000,
        "refunds": {"data": []},
    }
    signed = stripe_double.event("charge.refunded", charge)
    assert (await post_webhook(client, signed)).json()["result"] == "refunded"
    assert (await post_webhook(client, signed)).json()["result"] == "duplicate"
    again = stripe_double.event("charge.refunded", charge)  # a new event with the same total
    assert (await post_webhook(client, again)).json()["result"] == "unchanged"
    payment = await Payment.get(id=payment.id)
    assert (payment.status, payment.refunded_cents) == ("partly_refunded", 1000)
    refund = await Refund.get(payment_id=payment.id)
    assert (refund.amount_cents, refund.actor, refund.reason) == (
        1000,
        "stripe",
        "refunded_at_stripe",
    )


async def test_refund_updated_event_sets_the_refund_status(
    client: httpx.AsyncClient, stripe_double: StripeDouble, config: payments.StripeConfig
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    payment = await pay(client, stripe_double, config, reg)
    refund = await payments.refund_payment(
        payment, amount_cents=500, reason="", actor=ATTENDEE, config=config
    )
    failed = {"id": refund.stripe_refund_id, "object": "refund", "status": "failed"}
    signed = stripe_double.event("refund.updated", failed)
    assert (await post_webhook(client, signed)).json()["result"] == "refund_updated"
    assert (await Refund.get(id=refund.id)).status == "failed"


async def test_session_expired_before_the_payment_arrives_still_confirms(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    settings: Settings,
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    await payments.start_checkout(event, reg.code, return_url=RETURN_URL, config=config)
    session_id = stripe_double.latest_session()["id"]
    paid = stripe_double.complete(session_id)
    expired = stripe_double.event(
        "checkout.session.expired", {"id": session_id, "status": "expired"}
    )
    assert (await post_webhook(client, expired)).json()["result"] == "expired"
    assert (await post_webhook(client, paid)).json()["result"] == "paid"
    await run_jobs(settings)
    assert (await _status(reg.id), await _booking(reg.id)) == ("confirmed", "confirmed")
    assert await Refund.all().count() == 0
