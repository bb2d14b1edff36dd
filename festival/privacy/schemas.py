"""Input of privacy requests: the e-mail address an organiser looks up, and the confirmation
of an erasure."""

from __future__ import annotations

from typing import Literal

from festival.schemas import Email, Input


class PersonIn(Input):
    """Whose data: one e-mail address."""

    email: Email


class EraseIn(Input):
    """An erasure, confirmed: the address and the "yes" of the confirmation page."""

    email: Email
    confirm: Literal["yes"]
