"""Named read queries of the registration area, for its pages and for other areas.

Split by sub-concept: registrations (detail, list), rosters (seats and people per session,
export), holders (attendees for tickets and check-in), bookings (shared by them)."""

from festival.registration.models import AccessNeed
from festival.registration.queries.bookings import bookings_for, waiting_positions
from festival.registration.queries.holders import (
    attendee_card,
    attendee_cards,
    attendee_counts,
    booked_session_ids,
    confirmed_attendees_by_session,
    search_attendees,
    ticket_holders,
)
from festival.registration.queries.reach import Reach, age_rule, reach
from festival.registration.queries.recipients import (
    Recipient,
    agendas_for_reminder,
    recipients,
)
from festival.registration.queries.registrations import (
    attendee_agenda,
    invoice_basis,
    offer_details,
    priced_registrations,
    registration_counts,
    registration_details,
    registrations_awaiting_payment,
    registrations_of_address,
    registrations_page,
    ticket_types_for_event,
)
from festival.registration.queries.rosters import (
    attendee_export_rows,
    booked_people,
    expire_offers_on_read,
    seat_overview,
    seats_left,
    session_roster,
    session_slots,
)

__all__ = [
    "AccessNeed",
    "Reach",
    "Recipient",
    "age_rule",
    "agendas_for_reminder",
    "attendee_agenda",
    "attendee_card",
    "attendee_cards",
    "attendee_counts",
    "attendee_export_rows",
    "booked_people",
    "booked_session_ids",
    "bookings_for",
    "confirmed_attendees_by_session",
    "expire_offers_on_read",
    "invoice_basis",
    "offer_details",
    "priced_registrations",
    "reach",
    "recipients",
    "registration_counts",
    "registration_details",
    "registrations_awaiting_payment",
    "registrations_of_address",
    "registrations_page",
    "search_attendees",
    "seat_overview",
    "seats_left",
    "session_roster",
    "session_slots",
    "ticket_holders",
    "ticket_types_for_event",
    "waiting_positions",
]
