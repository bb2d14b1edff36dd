"""Named reads of the payments area: the organiser overview and its exports."""

from festival.payments.queries.overview import (
    EXPORT_HEADERS,
    export_rows,
    payments_overview,
)

__all__ = ["EXPORT_HEADERS", "export_rows", "payments_overview"]
