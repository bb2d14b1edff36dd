"""Payment settings per event (methods, hold time, refund policy) and what the policy gives
back on a cancellation."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from festival import audit
from festival.audit import Actor
from festival.errors import ValidationError
from festival.i18n import _
from festival.payments.models import PaymentMethod, PaymentSettings, RefundPolicy

ONLINE_METHODS = (PaymentMethod.IDEAL.value, PaymentMethod.CARD.value)
MIN_HOLD_MINUTES = 5
MAX_HOLD_MINUTES = 24 * 60


async def payment_settings(event_id: int) -> PaymentSettings:
    """The event's settings; the defaults (iDEAL and card, 30 minutes, full refund until the
    event starts) when the organiser saved none."""
    found = await PaymentSettings.get_or_none(event_id=event_id)
    return found or PaymentSettings(event_id=event_id)


async def update_payment_settings(
    event_id: int, *, values: dict[str, Any], actor: Actor
) -> PaymentSettings:
    """Save the event's payment settings. Raises ValidationError on a wrong value."""
    errors: dict[str, str] = {}
    methods = [m for m in values.get("methods") or [] if m in ONLINE_METHODS]
    if not methods:
        errors["methods"] = _("Kies minstens een betaalmethode.")
    hold = values.get("hold_minutes")
    if not isinstance(hold, int) or not MIN_HOLD_MINUTES <= hold <= MAX_HOLD_MINUTES:
        errors["hold_minutes"] = _("Kies een tijd tussen 5 en 1440 minuten.")
    percent = values.get("refund_percent", 100)
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        errors["refund_percent"] = _("Kies een percentage van 0 tot en met 100.")
    policy = values.get("refund_policy")
    if policy not in {p.value for p in RefundPolicy}:
        errors["refund_policy"] = _("Kies een regel voor terugbetalen.")
    if errors:
        raise ValidationError("invalid_payment_settings", next(iter(errors.values())), errors)
    fields = {
        "methods": methods,
        "hold_minutes": hold,
        "refund_policy": RefundPolicy(str(policy)),
        "refund_until": values.get("refund_until"),
        "refund_percent": percent,
    }
    async with in_transaction():
        found, _created = await PaymentSettings.get_or_create(event_id=event_id, defaults=fields)
        await PaymentSettings.filter(id=found.id).update(**fields)
        await audit.record(
            actor,
            "payments.settings_changed",
            found,
            event_id=event_id,
            methods=methods,
            hold_minutes=hold,
            refund_policy=str(policy),
            refund_percent=percent,
        )
    return await PaymentSettings.get(id=found.id)


def hold_end(options: PaymentSettings, start: datetime) -> datetime:
    return start + timedelta(minutes=options.hold_minutes)


def refund_percent(options: PaymentSettings, *, now: datetime, event_starts_at: datetime) -> int:
    """How much of the price the policy gives back for a cancellation at `now`, in percent."""
    if options.refund_policy == RefundPolicy.NONE:
        return 0
    if options.refund_policy == RefundPolicy.PARTIAL:
        return options.refund_percent
    until = options.refund_until or event_starts_at
    return 100 if now <= until else 0
