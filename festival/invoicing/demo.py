"""The invoicing area's part of the demo: seller details for the demo organisation, a
pay-on-invoice ticket for councils and municipalities, and four such registrations, each with
its invoice (one paid, one overdue, two open, one of those partly credited)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from festival import clock
from festival.audit import SYSTEM
from festival.events.models import Event
from festival.invoicing import queries, services
from festival.invoicing.models import Invoice
from festival.invoicing.schemas import SellerIn
from festival.registration import queries as registrations
from festival.registration import services as registration

TICKET = "Gemeenten en raden (betalen op factuur)"
SELLER = SellerIn(
    legal_name="Stichting Dag van de Lokale Democratie",
    address="Stadsplateau 1",
    postcode="3521 AZ",
    city="Utrecht",
    kvk_number="12345678",
    vat_number="NL001234567B01",
    iban="NL91ABNA0417164300",
    email="facturen@demo.festival.nl",
)
# (municipality, contact, purchase order, people)
BUYERS = [
    ("Gemeente Zeist", "Griet Griffier", "PO-2027-0113", 3),
    ("Gemeente Houten", "Willem Wethouder", "INK-88412", 2),
    ("Gemeenteraad Utrecht", "Rana Raadslid", "", 4),
    ("Gemeente Bunnik", "Bram Burgemeester", "2027/031", 1),
]


async def extend_demo(event: Event) -> dict[str, Any]:
    """Idempotent: the ticket type and registrations only when the ticket type is absent."""
    if await queries.seller_of(event.organisation_id) is None:
        await services.save_seller_details(event.organisation_id, values=SELLER, actor=SYSTEM)
    offered = await registrations.ticket_types_for_event(event.id)
    if any(t["name"] == TICKET for t in offered):
        return {"invoices": 0, "tickets": 0}
    ticket = await registration.create_ticket_type(
        event,
        values={
            "name": TICKET,
            "name_en": "Municipalities and councils (pay on invoice)",
            "description": "Voor gemeenten, raden en verenigingen: u krijgt een factuur.",
            "description_en": "For municipalities, councils and associations: you get an invoice.",
            "price_cents": 12500,
            "vat_rate": 21,
            "pay_on_invoice": True,
            "max_per_registration": 10,
        },
        actor=SYSTEM,
    )
    invoices = [await _register(event, ticket.id, *buyer) for buyer in BUYERS]
    today = clock.to_local(clock.now(), event.timezone).date()
    await services.mark_invoice_paid(invoices[0], paid_on=today - timedelta(days=3), actor=SYSTEM)
    await _make_overdue(invoices[1], today)
    # One of the council's four could not come: a credit note for one ticket.
    await services.issue_credit_note(
        invoices[2].registration_id,
        amount_cents=12500,
        reason="Een deelnemer afgemeld",
        reference="demo-afmelding-1",
        actor=SYSTEM,
    )
    return {"invoices": len(invoices), "tickets": sum(people for *_rest, people in BUYERS)}


async def _register(
    event: Event, ticket_type_id: int, buyer: str, contact: str, order: str, people: int
) -> Invoice:
    slug = buyer.lower().replace(" ", "-")
    done = await registration.register(
        event,
        ticket_type_id=ticket_type_id,
        attendees=[
            {
                "name": contact if n == 0 else f"Collega {n} van {contact.split()[0]}",
                "email": f"{'griffie' if n == 0 else f'collega{n}'}@{slug}.demo.festival.nl",
                "organisation": buyer,
                "role": "griffier" if n == 0 else "raadslid",
            }
            for n in range(people)
        ],
        consent=True,
        billing={
            "organisation_name": buyer,
            "address": "Raadhuisplein 1",
            "postcode": "3700 AA",
            "city": buyer.split()[-1],
            "reference": order,
            "invoice_email": f"facturen@{slug}.demo.festival.nl",
        },
        actor=SYSTEM,
    )
    invoice = await queries.invoice_of_registration(done.registration.id)
    assert invoice is not None
    return invoice


async def _make_overdue(invoice: Invoice, today: date) -> None:
    """The demo's overdue invoice: issued 45 days ago with the 30-day term."""
    await Invoice.filter(id=invoice.id).update(
        issued_at=clock.now() - timedelta(days=45), due_on=today - timedelta(days=15)
    )
