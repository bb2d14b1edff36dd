"""Input of privacy requests: the e-mail address an organiser looks up, and the confirmation
of an erasure."""

from __future__ import annotations

from typing import Literal

from festival.i18n import _
from festival.schemas import Email, Input


class PersonIn(Input):
    """Whose data: one e-mail address."""

    email: Email


class ExportIn(Input):
    """A download of one address's data, as PDF or JSON."""

    email: Email
    format: Literal["pdf", "json"] = "pdf"


class EraseIn(Input):
    """An erasure, confirmed: the address and the "yes" of the confirmation page."""

    email: Email
    confirm: Literal["yes"]

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        message = _("Vink aan dat u begrijpt dat wissen niet ongedaan kan worden.")
        return {"confirm": ("erase_not_confirmed", message)}
