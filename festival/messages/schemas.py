"""Input of the messages area: a message to a group of attendees, the reminder setting."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from festival.i18n import _
from festival.schemas import Input, limit

# everyone | session:ID | ticket_type:ID | waitlist:ID | access_need:NEED
GROUP = re.compile(
    r"^(everyone|(session|ticket_type|waitlist):[1-9][0-9]{0,9}|access_need:[a-z_]{1,30})$"
)
SUBJECT_MAX = 200
TEXT_MAX = 10_000


def _group(value: str) -> str:
    if GROUP.match(value) is None:
        raise PydanticCustomError("group", "not a group")
    return value


class MessageIn(Input):
    """A message to one group, in Dutch and (optionally) English."""

    group: Annotated[str, limit(60), AfterValidator(_group)]
    subject: Annotated[str, limit(SUBJECT_MAX)]
    text: Annotated[str, limit(TEXT_MAX)]
    subject_en: Annotated[str, limit(SUBJECT_MAX, required=False)] = ""
    text_en: Annotated[str, limit(TEXT_MAX, required=False)] = ""

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {
            "group": ("invalid_group", _("Kies aan wie u het bericht stuurt.")),
            "subject": ("invalid_subject", _("Vul een onderwerp in van hoogstens 200 tekens.")),
            "text": ("invalid_text", _("Vul het bericht in (hoogstens 10.000 tekens).")),
            "subject_en": ("invalid_subject", _("Gebruik hoogstens 200 tekens.")),
            "text_en": ("invalid_text", _("Gebruik hoogstens 10.000 tekens.")),
        }


class ReminderIn(Input):
    """Whether registrations get a reminder with their agenda the day before ("yes" or absent)."""

    enabled: Annotated[str, limit(3, required=False)] = ""

    @property
    def is_on(self) -> bool:
        return self.enabled == "yes"
