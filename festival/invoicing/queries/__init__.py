"""Named reads of the invoicing area: an event's invoices and their states, a registration's
invoice and credit notes, totals per ticket type and VAT rate, the finance export rows."""

from festival.invoicing.queries.invoices import (
    credit_notes_of_registration,
    finance_rows,
    invoice_of_registration,
    invoices_of_event,
    invoices_page,
    is_overdue,
    local_today,
    seller_of,
    state_counts,
    state_of,
    totals_per_ticket_type,
)

__all__ = [
    "credit_notes_of_registration",
    "finance_rows",
    "invoice_of_registration",
    "invoices_of_event",
    "invoices_page",
    "is_overdue",
    "local_today",
    "seller_of",
    "state_counts",
    "state_of",
    "totals_per_ticket_type",
]
