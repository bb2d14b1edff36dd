"""Typed input of the payments pages: the event's payment settings and an organiser's refund."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import pydantic
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from festival.i18n import _
from festival.payments.models import RefundPolicy
from festival.schemas import Cents, Checkbox, Input, choice, limit


def _minutes(value: object) -> object:
    text = str(value or "").strip()
    return int(text) if text.isdecimal() and len(text) < 6 else value


class PaymentSettingsIn(Input):
    """How the event takes payments."""

    ideal: Checkbox = False
    card: Checkbox = False
    hold_minutes: Annotated[int, BeforeValidator(_minutes), pydantic.Field(ge=5, le=1440)] = 30
    refund_policy: Annotated[str, choice(RefundPolicy)] = RefundPolicy.FULL_UNTIL.value
    refund_until: date | None = None
    refund_percent: Annotated[int, BeforeValidator(_minutes), pydantic.Field(ge=0, le=100)] = 100

    @pydantic.field_validator("refund_until", mode="before")
    @classmethod
    def _empty_date(cls, value: object) -> object:
        return None if value in ("", None) else value

    @pydantic.field_validator("refund_policy")
    @classmethod
    def _policy(cls, value: str) -> str:
        if value not in {p.value for p in RefundPolicy}:
            raise PydanticCustomError("policy", "not a policy")
        return value

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {
            "hold_minutes": ("invalid_hold", _("Kies een tijd tussen 5 en 1440 minuten.")),
            "refund_percent": ("invalid_percent", _("Kies een percentage van 0 tot en met 100.")),
            "refund_until": ("invalid_date", _("Vul een datum in, zoals 2027-03-01.")),
            "refund_policy": ("invalid_policy", _("Kies een regel voor terugbetalen.")),
        }


class RefundIn(Input):
    """An organiser sends (part of) a payment back."""

    amount: Cents
    reason: Annotated[str, limit(300, required=False)] = ""

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {
            "amount": ("invalid_amount", _("Vul een bedrag in euro in, zoals 12,50.")),
            "reason": ("invalid_reason", _("De reden is te lang (hoogstens 300 tekens).")),
        }
