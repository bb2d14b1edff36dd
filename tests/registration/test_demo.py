"""The registration part of the demo: realistic, full workshops with waiting lists, idempotent."""

from __future__ import annotations

import pytest

from festival import demo
from festival.registration.models import (
    Booking,
    Registration,
    SessionSeats,
    TicketType,
    WaitlistEntry,
)


@pytest.mark.usefixtures("database")
async def test_demo_registrations_fill_workshops_and_load_once() -> None:
    await demo.load_demo()
    counts = (
        # not the 2026 edition's, nor the payments demo's paid ticket type's
        await Registration.filter(event__slug="dld-demo", ticket_type__price_cents=0).count(),
        await Booking.all().count(),
        await WaitlistEntry.all().count(),
    )
    # registration's demo (payments' and invoicing's demos add paid and pay-on-invoice ones)
    assert counts[0] == 320
    assert counts[2] > 0
    types = await TicketType.filter(event__slug="dld-demo", price_cents=0).order_by("position")
    assert [(t.name, t.requires_code) for t in types] == [
        ("Algemene toegang", False),
        ("Raadsleden", True),
        ("Jongeren (16 tot 27 jaar)", False),
    ]
    full = [s for s in await SessionSeats.all() if s.taken == s.capacity]
    assert full
    assert all(s.taken <= s.capacity for s in await SessionSeats.all())
    for seat in await SessionSeats.all():
        assert (
            await Booking.filter(session_id=seat.session_id, status="confirmed").count()
            == seat.taken
        )
    await demo.load_demo()
    assert (
        await Registration.filter(event__slug="dld-demo", ticket_type__price_cents=0).count(),
        await Booking.all().count(),
        await WaitlistEntry.all().count(),
    ) == counts
