"""Invoicing over HTTP: pay on invoice through the registration form (billing step, the invoice
PDF in the confirmation mail and behind the manage link), the organiser's invoices page (mark
paid, bank file, exports, payment term), the seller form, the ticket type form."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import httpx

from festival import clock
from festival.accounts.models import Role
from festival.audit import SYSTEM, AuditEntry
from festival.invoicing import services as invoicing
from festival.invoicing.models import Invoice, SellerDetails
from festival.invoicing.schemas import SellerIn
from festival.mail.models import MailAttachment, OutboxMessage
from festival.registration import services as registration
from festival.registration.models import Registration, TicketType
from festival.settings import Settings
from tests.conftest import TEST_SECRET, run_jobs
from tests.evaluation.test_report_pages import pdf_info
from tests.factories import make_event, make_organisation, make_ticket_type, make_user
from tests.helpers import csrf_from, login
from tests.registration.conftest import person, register
from tests.tickets.conftest import pdf_text

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SELLER = SellerIn(
    legal_name="Stichting Lokale Democratie",
    address="Stadsplateau 1",
    postcode="3521 AZ",
    city="Utrecht",
    kvk_number="12345678",
    vat_number="NL001234567B01",
    iban="NL91ABNA0417164300",
)
BILLING = {
    "billing.organisation_name": "Gemeente Zeist",
    "billing.address": "Het Rond 1",
    "billing.postcode": "3701 HS",
    "billing.city": "Zeist",
    "billing.reference": "PO-2026-77",
    "billing.invoice_email": "facturen@zeist.nl",
}


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


async def _step(
    client: httpx.AsyncClient, page: str, step: str, data: dict[str, object]
) -> httpx.Response:
    form = {"csrf_token": _hidden(page, "csrf_token"), "state": _hidden(page, "state")}
    return await client.post("/events/dld-2026/register", data={**form, "step": step, **data})


async def _invoice_event() -> tuple[Any, TicketType]:
    clock.set_now(NOW)
    organisation = await make_organisation(name="Stichting Lokale Democratie")
    event = await make_event(organisation, slug="dld-2026", name="Dag van de Democratie")
    await invoicing.save_seller_details(organisation.id, values=SELLER, actor=SYSTEM)
    ticket = await make_ticket_type(
        event, name="Gemeenten", price_cents=12500, vat_rate=21, pay_on_invoice=True
    )
    return event, ticket


async def _people_page(client: httpx.AsyncClient, ticket: TicketType) -> str:
    page = (await client.get("/events/dld-2026/register")).text
    assert "betalen op factuur" in page
    response = await _step(client, page, "ticket", {"ticket_type": ticket.id, "count": "2"})
    assert "Factuurgegevens" in response.text
    return response.text


PEOPLE = {
    "attendees.0.name": "Griet Griffier",
    "attendees.0.email": "griet@zeist.nl",
    "attendees.1.name": "Rob Raadslid",
    "attendees.1.email": "rob@zeist.nl",
}


async def test_pay_on_invoice_form_confirms_and_mails_the_invoice(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    _event, ticket = await _invoice_event()
    page = await _people_page(client, ticket)
    summary = (await _step(client, page, "people", {**PEOPLE, **BILLING})).text
    assert "Klopt alles?" in summary and "PO-2026-77" in summary
    done = await _step(client, summary, "summary", {"consent": "yes"})
    assert done.status_code == 303
    found = await Registration.get()
    assert found.status == "confirmed"
    invoice = await Invoice.get(registration_id=found.id)
    assert (invoice.number, invoice.status, invoice.due_on) == (
        "2026-00001",
        "open",
        date(2026, 4, 1),
    )
    await run_jobs(settings)
    mail = await OutboxMessage.get(template="registration/confirmation", to="griet@zeist.nl")
    files = {a.filename: a for a in await MailAttachment.filter(message_id=mail.id)}
    assert "factuur-2026-00001.pdf" in files
    text = pdf_text(bytes(files["factuur-2026-00001.pdf"].content))
    for expected in [
        "Factuur 2026-00001",
        "Stichting Lokale Democratie",
        "KvK-nummer: 12345678",
        "Btw-nummer: NL001234567B01",
        "Gemeente Zeist",
        "t.a.v. Griet Griffier",
        "3701 HS Zeist",
        "PO-2026-77",
        "Dag van de Democratie: Gemeenten",
        "€ 125,00",  # price per person incl. VAT
        "€ 43,39",  # VAT of the line: 25000 x 21 / 121 = 4338.8
        "€ 206,61",  # net
        "€ 250,00",
        "1 april 2026",
        "NL91ABNA0417164300",
        "Vermeld bij de betaling: 2026-00001",
    ]:
        assert expected in text, expected


async def test_pay_on_invoice_form_bad_billing_is_refused_in_dutch(
    client: httpx.AsyncClient,
) -> None:
    _event, ticket = await _invoice_event()
    page = await _people_page(client, ticket)
    bad = {**BILLING, "billing.postcode": "37O1", "billing.invoice_email": "geen-adres"}
    response = await _step(client, page, "people", {**PEOPLE, **bad})
    assert response.status_code == 422
    assert "Vul een postcode in zoals 1234 AB." in response.text
    assert "Vul een geldig e-mailadres in voor de factuur." in response.text
    assert 'value="Het Rond 1"' in response.text  # what was typed stays
    assert await Registration.all().count() == 0


async def test_manage_page_downloads_invoice_only_with_the_right_link(
    client: httpx.AsyncClient,
) -> None:
    event, ticket = await _invoice_event()
    billing = {k.removeprefix("billing."): v for k, v in BILLING.items()}
    mine = await register(event, ticket, person(1), billing=billing)
    other = await register(event, ticket, person(2), billing=billing)
    await invoicing.issue_credit_note(
        mine.id, amount_cents=5000, reason="Korting", reference="re_9", actor=SYSTEM
    )
    token = registration.manage_token(mine.code, secret_key=TEST_SECRET)
    manage = await client.get(f"/events/dld-2026/registration/{token}")
    assert "Factuur 2026-00001 (PDF)" in manage.text
    assert "Creditnota C2026-00001 (PDF)" in manage.text
    pdf = await client.get(f"/events/dld-2026/registration/{token}/invoice.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert "Factuur 2026-00001" in pdf_text(pdf.content)
    info = pdf_info(pdf.content)  # accessible: tagged PDF/UA-1, titled after the invoice
    assert (info["Tagged"], info["Title"]) == ("yes", "Factuur 2026-00001")
    note_id = (await invoicing.manage_documents(mine.id))[1]["params"]["note_id"]
    note = await client.get(f"/events/dld-2026/registration/{token}/credit-notes/{note_id}.pdf")
    text = pdf_text(note.content)
    assert "Creditnota C2026-00001" in text and "Bij factuur" in text
    # 5000 at 21 %: VAT 5000 x 21 / 121 = 867.8, net 4132
    assert "Totaal € -41,32 € -8,68 € -50,00" in text
    wrong = await client.get(f"/events/dld-2026/registration/{token}x/invoice.pdf")
    assert wrong.status_code == 404
    other_token = registration.manage_token(other.code, secret_key=TEST_SECRET)
    theirs = await client.get(
        f"/events/dld-2026/registration/{other_token}/credit-notes/{note_id}.pdf"
    )
    assert theirs.status_code == 404
    elsewhere = await make_event(slug="ander-event")
    assert elsewhere.id
    moved = await client.get(f"/events/ander-event/registration/{token}/invoice.pdf")
    assert moved.status_code == 404


async def _organiser(client: httpx.AsyncClient, event: Any, role: Role = Role.ORGANISER) -> None:
    user = await make_user(role=role, organisation=await event.organisation)
    await login(client, user.email)


async def _three_invoices(event: Any, ticket: TicketType) -> None:
    billing = {k.removeprefix("billing."): v for k, v in BILLING.items()}
    for n in range(3):
        await register(event, ticket, person(n), billing=billing)


async def test_invoices_page_marks_overdue_and_paid(client: httpx.AsyncClient) -> None:
    event, ticket = await _invoice_event()
    await _three_invoices(event, ticket)
    await _organiser(client, event)
    clock.set_now(datetime(2026, 4, 3, 9, 0, tzinfo=UTC))
    page = await client.get("/admin/events/dld-2026/invoices")
    assert page.status_code == 200
    assert page.text.count("Te laat</strong>") == 3
    invoice = await Invoice.get(number="2026-00002")
    paid = await client.post(
        f"/admin/events/dld-2026/invoices/{invoice.id}/paid",
        data={"csrf_token": csrf_from(page.text), "paid_on": "2026-04-02"},
    )
    assert paid.status_code == 303
    assert (await Invoice.get(id=invoice.id)).paid_on == date(2026, 4, 2)
    overdue = await client.get("/admin/events/dld-2026/invoices?status=overdue")
    assert "Factuur 2026-00002 is betaald." in overdue.text  # the flash
    assert "2026-00002<span" not in overdue.text and "2026-00003<span" in overdue.text
    again = await client.post(
        f"/admin/events/dld-2026/invoices/{invoice.id}/paid",
        data={"csrf_token": csrf_from(page.text), "paid_on": "morgen"},
    )
    assert again.status_code == 422
    assert "Vul een datum in zoals 2026-03-31." in again.text
    entry = await AuditEntry.get(action="invoice.paid")
    assert entry.actor_kind == "user" and entry.data["source"] == "manual"


async def test_invoices_page_bank_file_preview_then_apply(client: httpx.AsyncClient) -> None:
    event, ticket = await _invoice_event()
    await _three_invoices(event, ticket)
    await _organiser(client, event)
    page = await client.get("/admin/events/dld-2026/invoices")
    csv = (
        "datum;bedrag;omschrijving\n"
        "2026-03-05;125,00;Factuur 2026-00001 Gemeente Zeist\n"
        "2026-03-05;99,00;Factuur 2026-00002\n"
    )
    preview = await client.post(
        "/admin/events/dld-2026/invoices/bank",
        data={"csrf_token": csrf_from(page.text)},
        files={"file": ("bank.csv", csv.encode(), "text/csv")},
    )
    assert preview.status_code == 200
    assert "Betaalt 2026-00001" in preview.text and "Geen match" in preview.text
    assert await Invoice.filter(status="paid").count() == 0
    applied = await client.post(
        "/admin/events/dld-2026/invoices/bank",
        data={
            "csrf_token": csrf_from(page.text),
            "content": _hidden(preview.text, "content"),
            "apply": "yes",
        },
    )
    assert applied.status_code == 303
    assert await Invoice.filter(status="paid").values_list("number", flat=True) == ["2026-00001"]
    bad = await client.post(
        "/admin/events/dld-2026/invoices/bank",
        data={"csrf_token": csrf_from(page.text)},
        files={"file": ("bank.csv", b"datum;bedrag;omschrijving\nx;1;y\n", "text/csv")},
    )
    assert bad.status_code == 422
    assert "Regel 2: de datum is niet te lezen." in bad.text


async def test_invoices_export_csv_for_finance(client: httpx.AsyncClient) -> None:
    event, ticket = await _invoice_event()
    await _three_invoices(event, ticket)
    await _organiser(client, event)
    response = await client.get("/admin/events/dld-2026/invoices/export.csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("soort;nummer;datum;vervaldatum;status")
    assert lines[1] == (
        "factuur;2026-00001;2026-03-02;2026-04-01;open;;Gemeente Zeist;PO-2026-77;"
        "Dag van de Democratie: Gemeenten;1;21;10331;2169;12500;"
    )  # 12500 x 21 / 121 = 2169.4
    xlsx = await client.get("/admin/events/dld-2026/invoices/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    page = await client.get("/admin/events/dld-2026/invoices")
    assert "Dag van de Democratie: Gemeenten" in page.text and "€\xa0375,00" in page.text


async def test_seller_form_for_owners_only(client: httpx.AsyncClient) -> None:
    event, _ticket = await _invoice_event()
    await _organiser(client, event)
    assert (await client.get("/admin/events/dld-2026/invoices/seller")).status_code == 403
    client.cookies.clear()
    await _organiser(client, event, Role.OWNER)
    page = await client.get("/admin/events/dld-2026/invoices/seller")
    assert page.status_code == 200 and 'value="NL91ABNA0417164300"' in page.text
    bad = await client.post(
        "/admin/events/dld-2026/invoices/seller",
        data={
            "csrf_token": csrf_from(page.text),
            "legal_name": "Stichting",
            "address": "Straat 1",
            "postcode": "3521 AZ",
            "city": "Utrecht",
            "iban": "NL91ABNA0417164301",
        },
    )
    assert bad.status_code == 422
    assert "Dit IBAN klopt niet. Controleer het nummer." in bad.text
    good = await client.post(
        "/admin/events/dld-2026/invoices/seller",
        data={
            "csrf_token": csrf_from(page.text),
            "legal_name": "Stichting Nieuw",
            "address": "Straat 1",
            "postcode": "3521az",
            "city": "Utrecht",
            "iban": "nl91 abna 0417 1643 00",
        },
    )
    assert good.status_code == 303
    seller = await SellerDetails.get()
    assert (seller.legal_name, seller.postcode, seller.iban) == (
        "Stichting Nieuw",
        "3521 AZ",
        "NL91ABNA0417164300",
    )


async def test_ticket_type_form_sets_vat_rate_and_pay_on_invoice(
    client: httpx.AsyncClient,
) -> None:
    event, _ticket = await _invoice_event()
    await _organiser(client, event)
    page = await client.get("/admin/events/dld-2026/registration-settings")
    assert 'name="vat_rate"' in page.text and 'name="pay_on_invoice"' in page.text
    response = await client.post(
        "/admin/events/dld-2026/registration-settings/ticket-types",
        data={
            "csrf_token": csrf_from(page.text),
            "name": "Diner",
            "price_cents": "27,50",
            "vat_rate": "9",
            "pay_on_invoice": "yes",
            "max_per_registration": "4",
            "is_active": "yes",
        },
    )
    assert response.status_code == 303
    made = await TicketType.get(name="Diner")
    assert (made.price_cents, made.vat_rate, made.pay_on_invoice) == (2750, 9, True)
    wrong = await client.post(
        "/admin/events/dld-2026/registration-settings/ticket-types",
        data={"csrf_token": csrf_from(page.text), "name": "Lunch", "vat_rate": "6"},
    )
    assert wrong.status_code == 422
    assert "Kies een btw-tarief: 0, 9 of 21 procent." in wrong.text


async def test_api_registration_on_invoice_needs_billing(client: httpx.AsyncClient) -> None:
    _event, ticket = await _invoice_event()
    body: dict[str, Any] = {
        "ticket_type": ticket.id,
        "attendees": [{"name": "Griet Griffier", "email": "griet@zeist.nl"}],
    }
    refused = await client.post("/api/events/dld-2026/registrations", json=body)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "invalid_billing"
    assert error["fields"]["billing.postcode"] == "Vul een postcode in zoals 1234 AB."
    billing = {k.removeprefix("billing."): v for k, v in BILLING.items()}
    made = await client.post(
        "/api/events/dld-2026/registrations", json={**body, "billing": billing}
    )
    assert made.status_code == 201 and made.json()["status"] == "confirmed"
    invoice = await Invoice.get()
    assert (invoice.buyer["name"], invoice.total_cents) == ("Gemeente Zeist", 12500)


async def test_organiser_credits_an_invoice_by_hand_once_per_form(
    client: httpx.AsyncClient,
) -> None:
    event, ticket = await _invoice_event()
    await _three_invoices(event, ticket)
    await _organiser(client, event)
    url = f"/admin/events/{event.slug}/invoices"
    page = (await client.get(url)).text
    invoice = await Invoice.filter(event_id=event.id).order_by("id").first()
    assert invoice is not None
    form = {
        "csrf_token": csrf_from(page),
        "reference": _hidden(page, "reference"),
        "invoice_id": str(invoice.id),
        "amount": "25,00",
        "reason": "Korting voor de tweede deelnemer",
    }
    for _click in range(2):  # a second click of the same form makes no second credit note
        answer = await client.post(f"{url}/credit", data=form)
        assert answer.status_code == 303
    invoice = await Invoice.get(id=invoice.id)
    assert (invoice.credited_cents, invoice.open_cents, invoice.status) == (2500, 10000, "open")
    page = (await client.get(url)).text
    assert "Korting voor de tweede deelnemer" in page
    assert "nog € 100,00" in page.replace("\xa0", " ")

    wrong = await client.post(
        f"{url}/credit",
        data={**form, "reference": _hidden(page, "reference"), "amount": "twaalf"},
    )
    assert wrong.status_code == 422
    assert "Vul een bedrag in euro in, zoals 12,50." in wrong.text
    assert 'value="Korting voor de tweede deelnemer"' in wrong.text  # what was typed stays
    too_much = await client.post(
        f"{url}/credit",
        data={**form, "reference": _hidden(page, "reference"), "amount": "100,01"},
    )
    assert too_much.status_code == 409
    assert (await Invoice.get(id=invoice.id)).credited_cents == 2500
