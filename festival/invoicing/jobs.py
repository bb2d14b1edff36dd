"""The invoicing area's job: mail an invoice to the buyer's invoice address."""

from __future__ import annotations

from typing import Any

from festival import jobs
from festival.invoicing import services


@jobs.job
async def send_invoice(ctx: dict[str, Any], invoice_id: int) -> None:
    """Mail the invoice PDF to its buyer (skipped when the invoice is gone)."""
    await services.send_invoice_mail(invoice_id, base_url=jobs.settings_of(ctx).base_url)


JOBS: list[jobs.JobFunction] = [send_invoice]
