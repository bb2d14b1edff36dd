"""Cancellations and money: an organiser who cancels a paid registration chooses to refund it
in full (or not); a registration paid on invoice gets a credit note when people cancel, by the
event's refund policy for attendees and in full when the organiser refunds."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from festival import clock
from festival.audit import Actor
from festival.invoicing.models import CreditNote, Invoice
from festival.payments import services as payments
from festival.payments.models import Payment, PaymentSettings, Refund, RefundPolicy
from festival.payments.stripe_double import StripeDouble
from festival.registration import services as registration
from festival.registration.models import Attendee, Registration
from festival.settings import Settings
from tests.conftest import run_jobs
from tests.factories import make_ticket_type
from tests.helpers import csrf_from
from tests.payments.conftest import (
    PRICE,
    paid_event,
    pay,
    person,
    register,
)
from tests.payments.test_views import _organiser
from tests.registration.conftest import register as register_with

pytestmark = pytest.mark.usefixtures("database")

ORGANISER = Actor("user", 7, "org@festival.nl")
ATTENDEE = Actor("attendee", None, "deelnemer1@gemeente.nl")
INVOICE_PRICE = 12100
BILLING = {
    "organisation_name": "Gemeente Utrecht",
    "address": "Stadsplateau 1",
    "postcode": "3521 AZ",
    "city": "Utrecht",
    "reference": "PO-4711",
    "invoice_email": "facturen@utrecht.nl",
}


async def _on_invoice(*people: dict[str, Any]) -> tuple[Any, Registration]:
    event, _ticket, _workshop = await paid_event()
    ticket = await make_ticket_type(
        event, name="Gemeenten", price_cents=INVOICE_PRICE, vat_rate=21, pay_on_invoice=True
    )
    reg = await register_with(event, ticket, *people, billing=BILLING)
    return event, reg


@pytest.mark.parametrize(("refund", "refunded"), [(True, 2 * PRICE), (False, 0)])
async def test_organiser_cancelling_refunds_in_full_only_when_chosen(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    settings: Settings,
    refund: bool,
    refunded: int,
) -> None:
    event, ticket, workshop = await paid_event()
    # the attendees' policy gives nothing back: an organiser's refund is not bound by it
    await PaymentSettings.create(event=event, refund_policy=RefundPolicy.NONE)
    reg = await register(event, ticket, workshop, person(1), person(2))
    payment = await pay(client, stripe_double, config, reg)
    await run_jobs(settings)

    found = await Registration.get(id=reg.id)
    await registration.cancel_registration(found, actor=ORGANISER, refund=refund)
    await run_jobs(settings)

    payment = await Payment.get(id=payment.id)
    assert payment.refunded_cents == refunded
    assert sum(r["amount"] for r in stripe_double.refunds.values()) == refunded
    refunds = await Refund.filter(payment_id=payment.id)
    assert [(r.amount_cents, r.reason, r.actor) for r in refunds] == (
        [(2 * PRICE, "cancelled_by_organiser", "org@festival.nl")] if refund else []
    )
    invoice = await Invoice.get(registration_id=reg.id)
    credited = await CreditNote.filter(invoice_id=invoice.id).values_list("amount_cents", flat=True)
    assert list(credited) == ([2 * PRICE] if refund else [])


async def test_admin_cancel_form_refunds_when_the_box_stays_ticked(
    client: httpx.AsyncClient,
    stripe_double: StripeDouble,
    config: payments.StripeConfig,
    settings: Settings,
) -> None:
    event, ticket, workshop = await paid_event()
    reg = await register(event, ticket, workshop)
    payment = await pay(client, stripe_double, config, reg)
    await run_jobs(settings)
    await _organiser(client, event)
    url = f"/admin/events/{event.slug}/registrations/{reg.code}"
    page = await client.get(url)
    assert 'name="refund" value="yes" checked' in page.text
    answer = await client.post(
        f"{url}/cancel", data={"csrf_token": csrf_from(page.text), "refund": "yes"}
    )
    assert answer.status_code == 303
    await run_jobs(settings)
    assert (await Registration.get(id=reg.id)).status == "cancelled"
    assert (await Payment.get(id=payment.id)).refunded_cents == PRICE


async def test_pay_on_invoice_attendee_cancelling_one_of_two_gets_a_credit_note(
    settings: Settings,
) -> None:
    _event, reg = await _on_invoice(person(1), person(2))
    invoice = await Invoice.get(registration_id=reg.id)
    assert (invoice.total_cents, invoice.status) == (2 * INVOICE_PRICE, "open")

    second = await Attendee.get(registration_id=reg.id, position=1)
    await registration.cancel_attendee(second, actor=ATTENDEE)
    await run_jobs(settings)
    await run_jobs(settings)  # a retried job credits nothing twice

    [note] = await CreditNote.filter(invoice_id=invoice.id)
    assert (note.amount_cents, note.reason) == (INVOICE_PRICE, "Afmelding")
    invoice = await Invoice.get(id=invoice.id)
    assert (invoice.credited_cents, invoice.open_cents, invoice.status) == (
        INVOICE_PRICE,
        INVOICE_PRICE,
        "open",
    )


async def test_pay_on_invoice_cancelled_after_the_policy_date_keeps_its_invoice(
    settings: Settings,
) -> None:
    event, reg = await _on_invoice(person(1))
    await PaymentSettings.create(
        event=event,
        refund_policy=RefundPolicy.FULL_UNTIL,
        refund_until=clock.now() - timedelta(days=1),
    )
    await registration.cancel_registration(await Registration.get(id=reg.id), actor=ATTENDEE)
    await run_jobs(settings)
    assert await CreditNote.filter(registration_id=reg.id).count() == 0
    assert (await Invoice.get(registration_id=reg.id)).open_cents == INVOICE_PRICE


async def test_pay_on_invoice_cancelled_by_organiser_is_credited_in_full(
    settings: Settings,
) -> None:
    event, reg = await _on_invoice(person(1), person(2), person(3))
    await PaymentSettings.create(event=event, refund_policy=RefundPolicy.NONE)
    found = await Registration.get(id=reg.id)
    await registration.cancel_registration(found, actor=ORGANISER, refund=True)
    await run_jobs(settings)
    invoice = await Invoice.get(registration_id=reg.id)
    assert [n.amount_cents for n in await CreditNote.filter(invoice_id=invoice.id)] == [
        3 * INVOICE_PRICE
    ]
    assert (invoice.status, invoice.open_cents) == ("credited", 0)
