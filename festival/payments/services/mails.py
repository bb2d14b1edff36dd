"""Mails of the payments area, sent by its jobs: the hold ended unpaid, money refunded."""

from __future__ import annotations

import logging
from typing import Any

from festival.events import services as events
from festival.events.models import Event
from festival.i18n import localised_field
from festival.mail import services as mail
from festival.payments.models import Refund
from festival.registration import services as registration

log = logging.getLogger("festival.payments")


async def send_hold_expired(registration_id: int, *, base_url: str, secret_key: str) -> bool:
    """Tell the contact person that the registration was cancelled because nobody paid."""
    found = await registration.get_registration_by_id(registration_id)
    if found is None:
        return False
    await _mail_contact(
        found, "payments/hold_expired", {}, base_url=base_url, secret_key=secret_key
    )
    return True


async def send_refund_notice(refund_id: int, *, base_url: str, secret_key: str) -> bool:
    """Tell the contact person how much comes back, and why."""
    refund = await Refund.get_or_none(id=refund_id)
    if refund is None:
        return False
    payment = await refund.payment
    found = await registration.get_registration_by_id(payment.registration_id)
    if found is None:
        return False
    extra = {
        "amount": f"{refund.amount_cents / 100:.2f}".replace(".", ","),
        "late": refund.reason == "late_payment_no_seats",
    }
    await _mail_contact(found, "payments/refunded", extra, base_url=base_url, secret_key=secret_key)
    return True


async def _mail_contact(
    found: Any, template: str, extra: dict[str, Any], *, base_url: str, secret_key: str
) -> None:
    """Queue `template` to the registration's contact person, in their language, with the
    event, the privacy link and their manage link."""
    event = await Event.get(id=found.event_id)
    await mail.queue_mail(
        found.contact_email,
        template=template,
        context={
            "event": event,
            "event_name": localised_field(event, "name", found.language),
            "contact_email": event.contact_email,
            "privacy_url": events.privacy_link(event, base_url=base_url),
            "name": found.contact_name,
            "code": found.code,
            "manage_url": registration.manage_url(
                base_url, event.slug, found.code, secret_key=secret_key
            ),
            **extra,
        },
        language=found.language,
        event_id=event.id,
    )
