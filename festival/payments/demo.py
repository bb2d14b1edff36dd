"""The payments part of the demo edition: a paid ticket type (lunch and excursion, EUR 25),
the event's payment settings, and three registrations for it: two paid at the desk, one
waiting for payment. `festival serve --demo` pays through the local Stripe double."""

from __future__ import annotations

from typing import Any

from festival import audit
from festival.events.models import Event
from festival.payments.models import PaymentSettings, RefundPolicy
from festival.payments.services import settle
from festival.registration import queries as registration_queries
from festival.registration import services as registration

PAID_TICKET = "Lunch en excursie"
PRICE_CENTS = 2500
BUYERS = (
    ("Marieke Smit", "marieke.smit@gemeente-zeist.nl", True),
    ("Hasan Yilmaz", "hasan.yilmaz@gemeente-utrecht.nl", True),
    ("Iris de Boer", "iris.deboer@gemeente-amersfoort.nl", False),
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
    for name, email, paid in BUYERS:
        done = await registration.register(
            event,
            ticket_type_id=ticket.id,
            attendees=[{"name": name, "email": email}],
            consent=True,
        )
        if paid:
            await settle.mark_paid_by_hand(event, done.registration.code, actor=audit.SYSTEM)
    return {"paid_ticket_types": 1, "paid_registrations": len(BUYERS)}
