"""Pay on invoice at registration: the buyer's billing details are checked with the form and
stored in the register transaction, which then issues the open invoice. Registration sits
below invoicing, so these are handed to it when this module loads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from festival import clock, schemas
from festival.audit import Actor
from festival.invoicing.models import BillingDetails, Invoice
from festival.invoicing.schemas import BillingIn
from festival.invoicing.services.issuing import issue_invoice


def check_billing_details(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """The billing details as stored; raises ValidationError with a Dutch message per field."""
    return schemas.parse(BillingIn, dict(data or {})).model_dump()


async def store_billing_details(
    registration_id: int,
    details: dict[str, Any],
    *,
    event_id: int,
    confirmed: bool,
    actor: Actor,
) -> Invoice | None:
    """Inside the register transaction: the billing details, then (a confirmed registration)
    the open invoice with the event's payment term."""
    await BillingDetails.create(
        registration_id=registration_id, event_id=event_id, created_at=clock.now(), **details
    )
    if not confirmed:
        return None
    return await issue_invoice(registration_id, paid=False, actor=actor)


async def invoice_approved_registration(registration_id: int, *, actor: Actor) -> Invoice | None:
    """Inside the approve transaction: the open invoice of a pay-on-invoice registration that
    waited for approval (None when no billing details were given)."""
    if not await BillingDetails.exists(registration_id=registration_id):
        return None
    return await issue_invoice(registration_id, paid=False, actor=actor)
