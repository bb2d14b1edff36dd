"""Field checks shared by the session and speaker forms: text limits, times, rooms."""

from __future__ import annotations

from datetime import datetime

from festival import errors
from festival.events.models import Room
from festival.i18n import _

TITLE_MAX = 200
NAME_MAX = 200
TEXT_MAX = 20000


class Problems:
    """Collects every field problem; the first code becomes the error's code."""

    def __init__(self) -> None:
        self.codes: list[str] = []
        self.fields: dict[str, str] = {}

    def add(self, code: str, name: str, message: str) -> None:
        if name not in self.fields:
            self.codes.append(code)
            self.fields[name] = message

    def raise_if_any(self) -> None:
        if self.codes:
            raise errors.ValidationError(
                self.codes[0], _("Controleer de velden met een foutmelding."), self.fields
            )


def check_text(problems: Problems, name: str, value: str, limit: int, *, required: bool) -> None:
    if required and not value.strip():
        problems.add(f"{name}_required", name, _("Vul dit veld in."))
    elif len(value) > limit:
        problems.add(f"{name}_too_long", name, _("Gebruik hoogstens %(n)s tekens.") % {"n": limit})


def check_times(problems: Problems, starts_at: datetime | None, ends_at: datetime | None) -> None:
    if (starts_at is None) != (ends_at is None):
        problems.add(
            "incomplete_times", "ends_at", _("Vul zowel een begintijd als een eindtijd in.")
        )
    elif starts_at is not None and ends_at is not None and ends_at <= starts_at:
        problems.add("end_before_start", "ends_at", _("De eindtijd moet na de begintijd liggen."))


async def check_room(problems: Problems, event_id: int, room_id: int | None) -> None:
    if room_id is not None and not await Room.filter(id=room_id, event_id=event_id).exists():
        problems.add("unknown_room", "room_id", _("Deze zaal bestaat niet bij dit evenement."))
