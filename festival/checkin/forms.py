"""The desk's walk-in form: the submitted fields as the values `walk_in` takes, and back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

PERSON_FIELDS = ("name", "email", "organisation", "role", "ticket_type", "invitation_code")
ANSWER_PREFIX = "answers."
SLOT_PREFIX = "attendees.0.slot."  # the workshop choice macro of the registration pages


@dataclass
class WalkInForm:
    values: dict[str, str]
    answers: dict[str, str] = field(default_factory=dict)
    sessions: list[str] = field(default_factory=list)

    def service_values(self) -> dict[str, Any]:
        """Keyword arguments for checkin.walk_in."""
        values = dict(self.values)
        return {
            "ticket_type_id": values.pop("ticket_type"),
            **values,
            "answers": self.answers,
            "sessions": self.sessions,
        }

    def chosen_sessions(self) -> list[int]:
        return [int(s) for s in self.sessions if form_id(s)]


def walk_in_form(data: FormData) -> WalkInForm:
    values = {key: str(data.get(key) or "").strip() for key in PERSON_FIELDS}
    answers, sessions = {}, []
    for key, value in data.multi_items():
        if not isinstance(value, str):
            continue
        if key.startswith(ANSWER_PREFIX):
            answers[key.removeprefix(ANSWER_PREFIX)] = value
        elif key.startswith(SLOT_PREFIX) and value:
            sessions.append(value)
    return WalkInForm(values, answers, sessions)


def form_id(value: object) -> int:
    """An id sent by a form (hidden field, checkbox), or 0 when it cannot be one."""
    text = value if isinstance(value, str) else ""
    return int(text) if text.isdecimal() and len(text) < 10 else 0


def field_errors(fields: dict[str, str]) -> dict[str, str]:
    """The registration's field names ("attendees.0.email") as the walk-in form's ("email")."""
    return {key.removeprefix("attendees.0."): message for key, message in fields.items()}
