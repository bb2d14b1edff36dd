"""Invoicing services on a real database: figures by hand, numbers, credit notes, billing
details at registration, bank files, overdue."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

from festival import clock
from festival.audit import SYSTEM, AuditEntry
from festival.errors import Conflict, NotFound, ValidationError
from festival.invoicing import queries
from festival.invoicing import services as invoicing
from festival.invoicing.models import BillingDetails, CreditNote, Invoice, InvoiceLine
from festival.invoicing.schemas import InvoiceSettingsIn
from festival.registration import services as registration
from festival.registration.models import Registration
from tests.factories import make_event, make_organisation, make_ticket_type
from tests.registration.conftest import person, register
from tests.tickets.conftest import pdf_text

pytestmark = pytest.mark.usefixtures("database")

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BILLING = {
    "organisation_name": "Gemeente Utrecht",
    "address": "Stadsplateau 1",
    "postcode": "3521az",
    "city": "Utrecht",
    "reference": "PO-4711",
    "invoice_email": "facturen@utrecht.nl",
}


@pytest.mark.parametrize(
    ("total", "rate", "vat"),
    [
        (2500, 21, 434),  # 2500 x 21 / 121 = 433.88
        (2500, 9, 206),  # 2500 x 9 / 109 = 206.42
        (2500, 0, 0),
        (1, 21, 0),  # 0.17
        (3, 21, 1),  # 0.52
        (121, 21, 21),  # exactly 21
        (109, 9, 9),  # exactly 9
        (50, 9, 4),  # 4.128
    ],
    ids=["21", "9", "0", "tiny-21", "half-up", "exact-21", "exact-9", "small-9"],
)
def test_vat_in_rounds_half_up(total: int, rate: int, vat: int) -> None:
    assert invoicing.vat_in(total, rate) == vat


def test_split_credit_partial_spreads_over_rates() -> None:
    invoiced = [invoicing.VatLine(21, 7500, 1302), invoicing.VatLine(9, 2500, 206)]
    parts = invoicing.split_credit(4000, invoiced)
    # 4000 x 7500 / 10000 = 3000 at 21 %, 1000 at 9 %
    assert [(p.rate, p.total_cents, p.vat_cents) for p in parts] == [(21, 3000, 521), (9, 1000, 83)]
    assert invoicing.split_credit(10000, invoiced) == invoiced


async def _invoice_ticket(event, **overrides):  # type: ignore[no-untyped-def]
    values = {"name": "Gemeenten", "price_cents": 12100, "vat_rate": 21, "pay_on_invoice": True}
    return await make_ticket_type(event, **(values | overrides))


async def test_issue_invoice_lines_and_vat_by_hand() -> None:
    clock.set_now(NOW)
    event = await make_event(name="Dag van de Lokale Democratie")
    ticket = await make_ticket_type(event, name="Diner", price_cents=2750, vat_rate=9)
    done = await register(event, ticket, person(1), person(2), person(3))
    invoice = await invoicing.issue_invoice(
        done.id, paid=True, payment_reference="pi_1", actor=SYSTEM
    )
    assert (invoice.number, invoice.status, invoice.paid_on) == (
        "2026-00001",
        "paid",
        date(2026, 3, 2),
    )
    assert (invoice.total_cents, invoice.vat_cents, invoice.net_cents) == (8250, 681, 7569)
    line = await InvoiceLine.get(invoice_id=invoice.id)
    assert (line.description, line.quantity, line.unit_cents, line.vat_rate) == (
        "Dag van de Lokale Democratie: Diner",
        3,
        2750,
        9,
    )
    assert (line.total_cents, line.vat_cents) == (8250, 681)  # 8250 x 9 / 109 = 681.19
    again = await invoicing.issue_invoice(done.id, paid=False, actor=SYSTEM)
    assert again.id == invoice.id and await Invoice.all().count() == 1
    assert await AuditEntry.filter(action="invoice.issued").count() == 1


async def test_issue_invoice_unknown_registration_is_not_found() -> None:
    with pytest.raises(NotFound):
        await invoicing.issue_invoice(999, paid=True, actor=SYSTEM)


async def test_pay_on_invoice_registration_confirmed_with_open_invoice() -> None:
    clock.set_now(NOW)
    event = await make_event()
    ticket = await _invoice_ticket(event)
    done = await register(event, ticket, person(1), person(2), billing=BILLING)
    assert done.status == "confirmed"
    invoice = await Invoice.get(registration_id=done.id)
    assert (invoice.status, invoice.due_on, invoice.total_cents, invoice.vat_cents) == (
        "open",
        date(2026, 4, 1),
        24200,
        4200,
    )
    assert invoice.buyer == {
        "name": "Gemeente Utrecht",
        "attention": "Deelnemer 1",
        "address": "Stadsplateau 1",
        "postcode": "3521 AZ",
        "city": "Utrecht",
        "reference": "PO-4711",
        "email": "facturen@utrecht.nl",
    }
    assert (await BillingDetails.get(registration_id=done.id)).postcode == "3521 AZ"


async def test_pay_on_invoice_without_billing_is_refused_and_writes_nothing() -> None:
    event = await make_event()
    ticket = await _invoice_ticket(event)
    with pytest.raises(ValidationError) as refused:
        await register(event, ticket, person(1), billing={**BILLING, "postcode": "12345"})
    assert refused.value.code == "invalid_billing"
    assert refused.value.fields == {"billing.postcode": "Vul een postcode in zoals 1234 AB."}
    assert await Registration.all().count() == 0
    assert await Invoice.all().count() == 0


async def test_pay_on_invoice_uses_event_payment_term() -> None:
    clock.set_now(NOW)
    event = await make_event()
    await invoicing.save_invoice_settings(event.id, values=invoicing_settings(14), actor=SYSTEM)
    done = await register(event, await _invoice_ticket(event), person(1), billing=BILLING)
    assert (await Invoice.get(registration_id=done.id)).due_on == date(2026, 3, 16)


def invoicing_settings(days: int) -> InvoiceSettingsIn:
    return InvoiceSettingsIn(payment_term_days=days)


async def test_credit_note_partial_then_full() -> None:
    clock.set_now(NOW)
    event = await make_event()
    done = await register(
        event, await _invoice_ticket(event), person(1), person(2), billing=BILLING
    )
    partial = await invoicing.issue_credit_note(
        done.id, amount_cents=12100, reason="Een deelnemer afgemeld", reference="re_1", actor=SYSTEM
    )
    assert (partial.number, partial.amount_cents, partial.vat_cents) == ("C2026-00001", 12100, 2100)
    assert partial.vat_lines == [{"rate": 21, "total_cents": 12100, "vat_cents": 2100}]
    same = await invoicing.issue_credit_note(
        done.id, amount_cents=12100, reason="dubbel", reference="re_1", actor=SYSTEM
    )
    assert same.id == partial.id
    with pytest.raises(Conflict) as too_much:
        await invoicing.issue_credit_note(
            done.id, amount_cents=12101, reason="", reference="re_2", actor=SYSTEM
        )
    assert too_much.value.code == "credit_too_large"
    rest = await invoicing.issue_credit_note(
        done.id, amount_cents=12100, reason="Afgemeld", reference="re_3", actor=SYSTEM
    )
    assert rest.number == "C2026-00002"  # the refused one took no number
    invoice = await Invoice.get(registration_id=done.id)
    assert (invoice.status, invoice.credited_cents) == ("credited", 24200)
    assert await CreditNote.all().count() == 2
    assert await AuditEntry.filter(action="invoice.credited").count() == 2


async def test_100_concurrent_invoices_have_gapless_unique_numbers() -> None:
    clock.set_now(NOW)
    organisation = await make_organisation()
    event = await make_event(organisation)
    other = await make_event(organisation, slug="andere-editie")
    ticket = await make_ticket_type(event, price_cents=2500)
    ticket_other = await make_ticket_type(other, price_cents=2500)
    done = [await register(event, ticket, person(i)) for i in range(60)]
    done += [await register(other, ticket_other, person(i)) for i in range(40)]
    results = await asyncio.gather(
        *[invoicing.issue_invoice(r.id, paid=True, actor=SYSTEM) for r in done],
        *[invoicing.issue_invoice(r.id, paid=True, actor=SYSTEM) for r in done[:10]],
        return_exceptions=True,
    )
    assert [r for r in results if isinstance(r, BaseException)] == []
    numbers = sorted(await Invoice.all().values_list("number", flat=True))
    assert numbers == [f"2026-{n:05d}" for n in range(1, 101)]


async def test_mark_invoice_paid_once_and_audited() -> None:
    clock.set_now(NOW)
    event = await make_event()
    done = await register(event, await _invoice_ticket(event), person(1), billing=BILLING)
    invoice = await Invoice.get(registration_id=done.id)
    paid = await invoicing.mark_invoice_paid(invoice, paid_on=date(2026, 3, 20), actor=SYSTEM)
    assert (paid.status, paid.paid_on) == ("paid", date(2026, 3, 20))
    with pytest.raises(Conflict):
        await invoicing.mark_invoice_paid(invoice, paid_on=date(2026, 3, 21), actor=SYSTEM)
    entry = await AuditEntry.get(action="invoice.paid")
    assert entry.data == {"number": "2026-00001", "paid_on": "2026-03-20", "source": "manual"}


async def test_overdue_after_due_date_only_while_open() -> None:
    clock.set_now(NOW)
    event = await make_event()
    first = await register(event, await _invoice_ticket(event), person(1), billing=BILLING)
    await register(event, await _invoice_ticket(event, name="Raden"), person(2), billing=BILLING)
    assert [
        r["state"] for r in await queries.invoices_of_event(event.id, today=date(2026, 4, 1))
    ] == ["open", "open"]
    paid = await Invoice.get(registration_id=first.id)
    await invoicing.mark_invoice_paid(paid, paid_on=date(2026, 4, 1), actor=SYSTEM)
    rows = await queries.invoices_of_event(event.id, today=date(2026, 4, 2))
    assert [(r["number"], r["state"]) for r in rows] == [
        ("2026-00002", "overdue"),
        ("2026-00001", "paid"),
    ]
    overdue = await queries.invoices_of_event(event.id, today=date(2026, 4, 2), state="overdue")
    assert [r["number"] for r in overdue] == ["2026-00002"]


async def _three_open_invoices():  # type: ignore[no-untyped-def]
    clock.set_now(NOW)
    event = await make_event()
    ticket = await _invoice_ticket(event)
    for i in range(3):
        await register(event, ticket, person(i), billing=BILLING)
    return event


async def test_bank_file_match_no_match_and_ambiguous() -> None:
    event = await _three_open_invoices()
    content = (
        b"datum;bedrag;omschrijving\n"
        b"2026-03-10;121,00;Factuur 2026-00001 Gemeente Utrecht\n"  # matched
        b"10-03-2026;100,00;Factuur 2026-00002\n"  # wrong amount
        b"2026-03-11;121.00;iets anders\n"  # no number
        b"2026-03-12;121,00;2026-00003\n"  # claimed twice
        b"2026-03-12;121,00;nogmaals 2026-00003\n"
    )
    preview = await invoicing.preview_bank_file(event.id, content)
    assert [(m.line.row, m.result, m.invoice_number) for m in preview] == [
        (2, "matched", "2026-00001"),
        (3, "unmatched", "2026-00002"),
        (4, "unmatched", ""),
        (5, "ambiguous", "2026-00003"),
        (6, "ambiguous", "2026-00003"),
    ]
    assert await Invoice.filter(status="paid").count() == 0  # a preview changes nothing
    await invoicing.apply_bank_file(event.id, content, actor=SYSTEM)
    paid = await Invoice.get(status="paid")
    assert (paid.number, paid.paid_on) == ("2026-00001", date(2026, 3, 10))
    assert await AuditEntry.filter(action="invoice.paid").count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Het bestand is leeg. Kies een CSV-bestand met banklijnen."),
        (
            b"datum;bedrag;omschrijving\n2026-03-10;121,00\n",
            "Regel 2 heeft geen drie kolommen (datum, bedrag, omschrijving).",
        ),
        (b"datum;bedrag;omschrijving\ngisteren;121,00;x\n", "Regel 2: de datum is niet te lezen."),
        (
            b"datum;bedrag;omschrijving\n2026-03-10;veel;x\n",
            "Regel 2: het bedrag is niet te lezen.",
        ),
        (b"\xff\xfe\x00", "Het bestand is geen tekst (UTF-8). Sla het op als CSV."),
        (b"datum;bedrag;omschrijving\n", "Het bestand heeft geen banklijnen onder de kopregel."),
    ],
    ids=["empty", "columns", "date", "amount", "binary", "header-only"],
)
async def test_bank_file_bad_is_refused_and_applies_nothing(content: bytes, message: str) -> None:
    event = await _three_open_invoices()
    with pytest.raises(ValidationError) as refused:
        await invoicing.apply_bank_file(event.id, content, actor=SYSTEM)
    assert (refused.value.code, refused.value.message) == ("invalid_bank_file", message)
    assert await Invoice.filter(status="paid").count() == 0


async def test_bank_file_applies_nothing_when_one_invoice_was_paid_meanwhile() -> None:
    event = await _three_open_invoices()
    content = (
        b"datum;bedrag;omschrijving\n2026-03-10;121,00;2026-00001\n2026-03-10;121,00;2026-00002\n"
    )
    assert [m.result for m in await invoicing.preview_bank_file(event.id, content)] == [
        "matched"
    ] * 2
    # apply matches again: an invoice paid by hand in between is simply no longer matched
    await invoicing.mark_invoice_paid(
        await Invoice.get(number="2026-00002"), paid_on=date(2026, 3, 9), actor=SYSTEM
    )
    applied = await invoicing.apply_bank_file(event.id, content, actor=SYSTEM)
    assert [m.result for m in applied] == ["matched", "unmatched"]
    assert (await Invoice.get(number="2026-00002")).paid_on == date(2026, 3, 9)


WIRING = """
import {module}
from festival.registration.services import mails, signup
print(len(signup._billing), [f.__qualname__ for f in mails._confirmation_files])
"""


@pytest.mark.parametrize("module", ["festival.app", "workers.settings"])
def test_registration_wiring_is_handed_in_when_app_or_worker_loads(module: str) -> None:
    """Registration calls up into invoicing through what invoicing hands it when it loads: the
    web app and the worker (which sends the confirmation mail) must both load it, in a fresh
    interpreter, or a pay-on-invoice ticket fails and its mail lacks the invoice."""
    done = subprocess.run(
        [sys.executable, "-c", WIRING.format(module=module)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.split("\n")[0] == "1 ['confirmation_files']"


async def test_paid_invoice_pdf_without_seller_or_billing_details() -> None:
    """An online payment (payments calls issue_invoice(paid=True)): no billing details, no
    seller details entered yet; the PDF names the organisation and the contact person."""
    clock.set_now(NOW)
    event = await make_event(await make_organisation(name="Stichting Democratie"))
    ticket = await make_ticket_type(event, name="Excursie", price_cents=1090, vat_rate=9)
    done = await register(event, ticket, person(1))
    invoice = await invoicing.issue_invoice(
        done.id, paid=True, payment_reference="pi_3Nx", actor=SYSTEM
    )
    text = pdf_text(await invoicing.invoice_pdf(invoice))
    for expected in [
        "Factuur 2026-00001",
        "Stichting Democratie",
        "Deelnemer 1",
        "deelnemer1@gemeente.nl",
        "€ 0,90",  # 1090 x 9 / 109 = 90
        "€ 10,00",
        "Deze factuur is betaald. Betaalreferentie: pi_3Nx",
    ]:
        assert expected in text, expected
    assert "Vermeld bij de betaling" not in text


async def test_concurrent_credit_notes_never_credit_more_than_the_invoice() -> None:
    clock.set_now(NOW)
    event = await make_event()
    done = await register(event, await _invoice_ticket(event), person(1), billing=BILLING)
    results = await asyncio.gather(
        *[
            invoicing.issue_credit_note(
                done.id, amount_cents=5000, reason="", reference=f"re_{n}", actor=SYSTEM
            )
            for n in range(5)
        ],
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, BaseException)]
    assert [type(r) for r in refused] == [Conflict] * 3  # 2 x 5000 fit in 12100, a third not
    numbers = sorted(await CreditNote.all().values_list("number", flat=True))
    assert numbers == ["C2026-00001", "C2026-00002"]
    assert (await Invoice.get(registration_id=done.id)).credited_cents == 10000


async def test_pay_on_invoice_with_approval_invoices_when_approved() -> None:
    clock.set_now(NOW)
    event = await make_event()
    ticket = await _invoice_ticket(event, requires_approval=True)
    done = await register(event, ticket, person(1), person(2), billing=BILLING)
    assert done.status == "pending_approval"
    assert await Invoice.all().count() == 0  # nothing is owed before the organiser says yes
    clock.set_now(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    approved = await registration.approve_registration(done, actor=SYSTEM)
    assert approved.status == "confirmed"
    invoice = await Invoice.get(registration_id=done.id)
    assert (invoice.number, invoice.due_on, invoice.total_cents) == (
        "2026-00001",
        date(2026, 4, 9),
        24200,
    )
