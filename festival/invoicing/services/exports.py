"""The finance department's files of an event's invoices and credit notes: CSV and XLSX, made
by registration's one CSV/XLSX writer (formula-safe cells)."""

from __future__ import annotations

from festival.events.models import Event
from festival.invoicing import queries
from festival.registration import services as registration

FINANCE_HEADERS = [
    "soort",
    "nummer",
    "datum",
    "vervaldatum",
    "status",
    "betaald_op",
    "afnemer",
    "kenmerk",
    "omschrijving",
    "aantal",
    "btw_tarief",
    "netto_cent",
    "btw_cent",
    "totaal_cent",
    "betaalreferentie",
]


async def finance_csv(event: Event) -> bytes:
    return registration.to_csv(FINANCE_HEADERS, await queries.finance_rows(event.id))


async def finance_xlsx(event: Event) -> bytes:
    return registration.to_xlsx(
        f"facturen {event.slug}", FINANCE_HEADERS, await queries.finance_rows(event.id)
    )
