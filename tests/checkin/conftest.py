"""Helpers for the check-in tests: an event with a workshop and a plenary, registrations with
tickets, QR payloads and scanning devices."""

from __future__ import annotations

from typing import Any

from festival.checkin.services import Device
from festival.registration import services as registration
from festival.tickets import services as tickets
from tests.factories import make_event, make_room, make_session, make_ticket_type, make_venue

DESK = Device("user", 1, "Bas Balie")
PHONE_A = Device("token", 11, "scanner-a")
PHONE_B = Device("token", 12, "scanner-b")


async def setup_event(slug: str = "dld-2027", **event: Any) -> dict[str, Any]:
    event_obj = await make_event(slug=slug, name="Dag van de Lokale Democratie", **event)
    venue = await make_venue(event_obj, name="Stadhuis Utrecht")
    room = await make_room(event_obj, venue, name="Raadzaal", capacity=2)
    workshop = await make_session(event_obj, title="Raad op Zaterdag", room=room)
    plenary = await make_session(event_obj, title="Opening", room=room, requires_registration=False)
    ticket_type = await make_ticket_type(event_obj)
    return {
        "event": event_obj,
        "room": room,
        "workshop": workshop,
        "plenary": plenary,
        "ticket_type": ticket_type,
    }


async def registered(
    setup: dict[str, Any],
    name: str = "Anna de Vries",
    email: str = "anna@utrecht.nl",
    *,
    sessions: list[int] | None = None,
) -> dict[str, Any]:
    """One attendee registered (booked into `sessions`), with their ticket and QR payload."""
    done = (
        await registration.register(
            setup["event"],
            ticket_type_id=setup["ticket_type"].id,
            attendees=[
                {
                    "name": name,
                    "email": email,
                    "organisation": "Gemeente Utrecht",
                    "role": "griffier",
                }
            ],
            sessions_per_attendee=[sessions or []],
            consent=True,
        )
    ).registration
    [ticket] = await tickets.tickets_of_registration(done.id)
    key = await tickets.active_key(ticket.event_id)
    return {
        "registration": done,
        "ticket": ticket,
        "payload": tickets.qr_payload(ticket, key),
        "attendee_id": ticket.attendee_id,
    }
