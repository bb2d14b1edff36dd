"""Named reads of the invoicing area: an event's invoices and their states, a registration's
invoice and credit notes, totals per ticket type and VAT rate, the finance export rows."""

from festival.invoicing.queries.invoices import (
    credit_notes_of_registration,
    finance_rows,
    invoice_of_registration,
    invoices_of_event,
    is_overdue,
    state_counts,
    state_of,
    totals_per_ticket_type,
)

__all__ = [
    "credit_notes_of_registration",
    "finance_rows",
    "invoice_of_registration",
    "invoices_of_event",
    "is_overdue",
    "state_counts",
    "state_of",
    "totals_per_ticket_type",
]
