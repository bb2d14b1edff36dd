"""Input of accounts: an organisation's branding (colour and mail sender; the logo is a file)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from festival.i18n import _
from festival.schemas import Input, email_address, limit

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def _colour(value: str) -> str:
    if value and not COLOUR.fullmatch(value):
        raise PydanticCustomError("colour", "not a colour")
    return value.lower()


def _email_or_blank(value: str) -> str:
    if value and email_address(value) is None:
        raise PydanticCustomError("email", "not an e-mail address")
    return value.lower()


class BrandingIn(Input):
    """Colour "#rrggbb" (empty: festival's own) and the mail sender (empty: the instance's)."""

    colour: Annotated[str, limit(7, required=False), AfterValidator(_colour)] = ""
    sender_name: Annotated[str, limit(200, required=False)] = ""
    sender_address: Annotated[str, limit(254, required=False), AfterValidator(_email_or_blank)] = ""

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {
            "colour": (
                "invalid_colour",
                _("Vul een kleur in als #rrggbb, bijvoorbeeld #1a5276."),
            )
        }
