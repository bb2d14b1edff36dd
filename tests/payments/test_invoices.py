"""Payments and invoicing together: an online payment gets a paid invoice before its tickets go
out (attached to that mail), each refund a credit note, a late payment refunded for lack of
seats neither; a ticket paid on invoice needs no Stripe keys."""

from __future__ import annotations

import httpx
import pytest

from festival.audit import Actor
from festival.invoicing.models import CreditNote, Invoice
from festival.mail.models import MailAttachment, OutboxMessage
from festival.payments import services as payments
from festival.payments.models import Payment
from festival.payments.stripe_double import StripeDouble
from festival.registration import services as registration
from festival.settings import Settings
from tests.conftest import run_jobs
from tests.factories import make_event
from tests.payments.conftest import PRICE, RETURN_URL, paid_event, person, post_webhook, register

pytestmark = pytest.mark.usefixtures("database")
ORGANISER = Actor("user", 7, "org@festival.nl")


async def _pay(
    client: httpx.AsyncClient, double: StripeDouble, config: payments.StripeConfig, code: str
) -> None:
    reg = await registration.get_registration(code)
    event = await reg.event
    await payments.start_checkout(event, code, return_url=RETURN_URL, config=config)
    assert (await post_webhook(client, double.complete(double.latest_session()["id"]))).json()[
        "result"
    ] == "paid"


async def test_paid_registration_gets_a_paid_invoice_attached_to_its_tickets_mail(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    settings: Settings,
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop, person(1), person(2))
    await _pay(client, stripe_double, config, reg.code)
    await run_jobs(settings)

    [invoice] = await Invoice.filter(registration_id=reg.id)
    payment = await Payment.filter(registration_id=reg.id).order_by("id").first()
    assert payment is not None
    assert (invoice.status, invoice.total_cents, invoice.paid_on is not None) == (
        "paid",
        2 * PRICE,
        True,
    )
    assert invoice.payment_reference == payment.payment_intent_id
    tickets_mail = await OutboxMessage.filter(
        template="registration/confirmation", subject__startswith="Uw aanmelding"
    ).first()
    assert tickets_mail is not None
    names = await MailAttachment.filter(message_id=tickets_mail.id).values_list(
        "filename", flat=True
    )
    assert any(invoice.number in name for name in names), names


async def test_each_refund_gets_its_credit_note(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    settings: Settings,
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    await _pay(client, stripe_double, config, reg.code)
    payment = await Payment.get(registration_id=reg.id)
    await payments.refund_payment(
        payment, amount_cents=1000, reason="dubbel betaald", actor=ORGANISER, config=config
    )
    await payments.refund_payment(
        payment, amount_cents=1500, reason="", actor=ORGANISER, config=config
    )

    invoice = await Invoice.get(registration_id=reg.id)
    notes = await CreditNote.filter(invoice_id=invoice.id).order_by("id")
    assert [n.amount_cents for n in notes] == [1000, 1500]
    assert notes[0].number != notes[1].number
    assert (invoice.status, invoice.credited_cents) == ("credited", PRICE)


async def test_late_payment_refunded_for_lack_of_seats_has_no_invoice(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    settings: Settings,
) -> None:
    event, ticket, workshop = await paid_event(capacity=1)
    late = await register(event, ticket, workshop, person(1))
    await payments.start_checkout(event, late.code, return_url=RETURN_URL, config=config)
    session = stripe_double.latest_session()
    await registration.cancel_unpaid(late.id, actor=ORGANISER)  # the hold ended
    other = await register(event, ticket, workshop, person(2))
    await payments.start_checkout(event, other.code, return_url=RETURN_URL, config=config)
    await post_webhook(client, stripe_double.complete(stripe_double.latest_session()["id"]))
    await post_webhook(client, stripe_double.complete(session["id"]))  # too late: seat gone
    await run_jobs(settings)

    assert await Invoice.filter(registration_id=late.id).count() == 0
    assert await CreditNote.filter(registration_id=late.id).count() == 0
    assert (await Payment.get(registration_id=late.id)).status == "refunded"
    assert await Invoice.filter(registration_id=other.id).count() == 1


async def test_ticket_paid_on_invoice_can_be_offered_without_stripe_keys() -> None:
    event = await make_event()
    values = {"name": "Gemeenten", "price_cents": 12500, "is_active": True}
    with pytest.raises(Exception) as refused:
        await registration.create_ticket_type(
            event, values=values, actor=ORGANISER, online_payments=False
        )
    assert getattr(refused.value, "code", "") == "payments_not_configured"
    ticket = await registration.create_ticket_type(
        event, values=values | {"pay_on_invoice": True}, actor=ORGANISER, online_payments=False
    )
    assert (ticket.price_cents, ticket.pay_on_invoice, ticket.is_active) == (12500, True, True)
