"""What an organisation and an event set for their invoices: the seller's details (owners) and
the payment term of pay-on-invoice registrations."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.audit import Actor
from festival.invoicing.models import InvoiceSettings, SellerDetails
from festival.invoicing.schemas import InvoiceSettingsIn, SellerIn


async def save_seller_details(
    organisation_id: int, *, values: SellerIn, actor: Actor, event_id: int | None = None
) -> SellerDetails:
    """Store the seller printed on the organisation's next invoices (issued ones keep theirs).
    Side effects: audit `invoice.seller_updated`."""
    async with in_transaction():
        details, _created = await SellerDetails.update_or_create(
            organisation_id=organisation_id,
            defaults={**values.model_dump(), "updated_at": clock.now()},
        )
        await audit.record(
            actor,
            "invoice.seller_updated",
            details,
            event_id=event_id,
            legal_name=values.legal_name,
        )
    return details


async def save_invoice_settings(
    event_id: int, *, values: InvoiceSettingsIn, actor: Actor
) -> InvoiceSettings:
    """The event payment term for invoices issued from now on. Audit `invoice.settings_updated`."""
    async with in_transaction():
        settings, _created = await InvoiceSettings.update_or_create(
            event_id=event_id, defaults={"payment_term_days": values.payment_term_days}
        )
        await audit.record(
            actor,
            "invoice.settings_updated",
            None,
            event_id=event_id,
            payment_term_days=values.payment_term_days,
        )
    return settings
