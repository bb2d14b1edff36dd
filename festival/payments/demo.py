"""The payments part of the demo edition: a paid ticket type (lunch and excursion, EUR 25),
the payment settings, and two registrations waiting for payment (an organiser can mark them
paid at the desk). `festival serve --demo` pays online through the local Stripe double."""

from __future__ import annotations

from typing import Any

from festival import audit, jobs
from festival.events.models import Event
from festival.payments.models import PaymentSettings, RefundPolicy
from festival.registration import queries as registration_queries
from festival.registration import services as registration

PAID_TICKET = "Lunch en excursie"
PRICE_CENTS = 2500
BUYERS = (
    ("Marieke Smit", "marieke.smit@gemeente-zeist.nl"),
    ("Hasan Yilmaz", "hasan.yilmaz@gemeente-utrecht.nl"),
)


async def extend_demo(event: Event) -> dict[str, Any]:
    """The paid ticket type and settings, then its registrations (only the first time)."""
    types = await registration_queries.ticket_types_for_event(event.id)
    if any(t["name"] == PAID_TICKET for t in types):
        return {"paid_ticket_types": 0, "paid_registrations": 0}
    ticket = await registration.create_ticket_type(
        event,
        values={
            "name": PAID_TICKET,
            "name_en": "Lunch and excursion",
            "description": "Lunch in de Stadsschouwburg en een rondleiding door het stadhuis.",
            "description_en": "Lunch at the theatre and a guided tour of the town hall.",
            "price_cents": PRICE_CENTS,
            "quota": 60,
            "max_per_registration": 4,
        },
        actor=audit.SYSTEM,
    )
    await PaymentSettings.get_or_create(
        event_id=event.id, defaults={"refund_policy": RefundPolicy.FULL_UNTIL}
    )
    for name, email in BUYERS:
        await registration.register(
            event,
            ticket_type_id=ticket.id,
            attendees=[{"name": name, "email": email}],
            consent=True,
        )
    await jobs.runner().drain()  # their "received" mails, so a second load finds all done
    return {"paid_ticket_types": 1, "paid_registrations": len(BUYERS)}
