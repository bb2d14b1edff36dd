"""What is open to book now: a ticket type on sale, a session that takes bookings. Pure
predicates, shared by the queries and the services."""

from __future__ import annotations

from festival import clock
from festival.programme.queries import SessionInfo
from festival.registration.models import TicketType


def is_on_sale(ticket_type: TicketType) -> bool:
    now = clock.now()
    if not ticket_type.is_active:
        return False
    if ticket_type.sales_start and now < ticket_type.sales_start:
        return False
    return not (ticket_type.sales_end and now >= ticket_type.sales_end)


def is_bookable(info: SessionInfo) -> bool:
    return (
        info.is_published
        and info.requires_registration
        and info.starts_at is not None
        and info.ends_at is not None
    )
