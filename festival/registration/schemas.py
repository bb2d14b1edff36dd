"""Input of registration: a new registration with its attendees (`NewRegistration`, `AttendeeIn`),
and the API's answer (`Registration`, a typed dict from which the document is generated).

The shape (an object, at least one attendee, session ids that can be ids) is refused here. The
attendees' details are judged by the registration rules (`checks.check_people`, with the
event's own questions, every problem coded after the first), so `AttendeeIn` passes them on as
sent and describes them for the document, with the choices taken from the models.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, JsonValue, WithJsonSchema
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

from festival.db import MAX_INT
from festival.i18n import _
from festival.registration.models import (
    AGE_GROUPS,
    AccessNeed,
    AgeQuestion,
    AttendeeRole,
    AttendeeStatus,
    BookingStatus,
    RegistrationStatus,
)
from festival.schemas import Input, Uri, as_id, choice

IDEMPOTENCY_KEY_MAX = 64


def _session_ids(value: object) -> list[int]:
    """A list of session ids (empty for nothing); anything else is refused before the rules
    look the sessions up."""
    if value is None:
        return []
    ids = [as_id(i) for i in value] if isinstance(value, list) else [None]
    if None in ids:
        raise PydanticCustomError("unknown_session", "not a list of session ids")
    return [i for i in ids if i is not None]


_SESSION_IDS_SCHEMA = {
    "type": "array",
    "items": {"type": "integer", "minimum": 1, "maximum": MAX_INT},
}
SessionIds = Annotated[
    list[int], BeforeValidator(_session_ids), WithJsonSchema(_SESSION_IDS_SCHEMA)
]
_Text = Annotated[JsonValue, WithJsonSchema({"type": "string"})]


def _objects(value: object) -> object:
    """Each attendee as an object: anything else is an attendee without details (the rules
    then ask for a name and an address)."""
    if isinstance(value, list):
        return [item if isinstance(item, dict) else {} for item in value]
    return value


class AttendeeIn(Input):
    """One person to register."""

    name: _Text = None
    email: Annotated[JsonValue, WithJsonSchema({"type": "string", "format": "email"})] = None
    organisation: _Text = None
    role: Annotated[
        JsonValue, WithJsonSchema({"type": "string", "enum": [role.value for role in AttendeeRole]})
    ] = None
    access_needs: Annotated[
        JsonValue,
        WithJsonSchema(
            {"type": "array", "items": {"type": "string", "enum": [n.value for n in AccessNeed]}}
        ),
    ] = None
    access_other: _Text = None
    access_discreet: Annotated[
        JsonValue,
        WithJsonSchema(
            {
                "type": "boolean",
                "description": "Door rosters show this person's needs without their name.",
            }
        ),
    ] = None
    diet: _Text = None
    answers: Annotated[
        JsonValue,
        WithJsonSchema(
            {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": 'Question id -> answer (yes/no questions: "yes" or "no").',
            }
        ),
    ] = None
    age_group: Annotated[
        JsonValue,
        WithJsonSchema(
            {
                "type": "string",
                "enum": list(AGE_GROUPS),
                "description": "Where the event asks an age group (the age reached that year).",
            }
        ),
    ] = None
    birth_year: Annotated[
        JsonValue,
        WithJsonSchema(
            {
                "type": "string",
                "pattern": "^[0-9]{4}$",
                "description": "Where the event asks a birth year (only its age group is kept).",
            }
        ),
    ] = None
    guardian_name: Annotated[
        JsonValue,
        WithJsonSchema(
            {
                "type": "string",
                "description": "Under the event's own-consent age: a parent's or school's name.",
            }
        ),
    ] = None
    guardian_email: Annotated[JsonValue, WithJsonSchema({"type": "string", "format": "email"})] = (
        None
    )
    sessions: Annotated[
        SessionIds, Field(description="This attendee's sessions; overrides the shared `sessions`.")
    ] = []

    def details(self) -> dict[str, Any]:
        """The details as sent, for the registration rules (without the sessions)."""
        return self.model_dump(exclude_unset=True, exclude={"sessions"})


class NewRegistration(Input):
    """One or more attendees registering with one ticket type."""

    ticket_type: Annotated[
        int | None,
        # Not an id (or too large for one): None, which the rules refuse as an unknown type.
        BeforeValidator(as_id),
        WithJsonSchema({"type": "integer"}),
    ] = None
    attendees: Annotated[list[AttendeeIn], BeforeValidator(_objects), Field(min_length=1)]
    sessions: Annotated[
        SessionIds,
        BeforeValidator(lambda v: v or None),
        Field(description="Sessions for every attendee."),
    ] = []
    consent: Annotated[
        JsonValue,
        WithJsonSchema(
            {
                "type": "boolean",
                "default": True,
                "description": "The attendees agreed to the event's privacy statement.",
            }
        ),
    ] = True
    invitation_code: _Text = None
    billing: Annotated[
        JsonValue,
        WithJsonSchema(
            {
                "type": "object",
                "properties": {
                    name: {"type": "string"}
                    for name in (
                        "organisation_name",
                        "address",
                        "postcode",
                        "city",
                        "reference",
                        "invoice_email",
                    )
                },
                "description": "Who pays, for a ticket type paid on invoice (required there).",
            }
        ),
    ] = None
    idempotency_key: Annotated[
        JsonValue,
        WithJsonSchema(
            {
                "type": "string",
                "maxLength": IDEMPOTENCY_KEY_MAX,
                "description": "Repeat a request safely: the same key returns the same "
                "registration. Also accepted as the Idempotency-Key header.",
            }
        ),
    ] = None

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        sessions = ("unknown_session", _("Onbekende sessie gekozen."))
        return {
            "attendees": ("no_attendees", _("Geef minstens één deelnemer op.")),
            "sessions": sessions,
            "attendees.*.sessions": sessions,
        }

    def register_values(self) -> dict[str, Any]:
        """Keyword arguments for registration.register_group; per-attendee `sessions`
        override the shared list."""
        return {
            "ticket_type_id": self.ticket_type,
            "attendees": [attendee.details() for attendee in self.attendees],
            "sessions_per_attendee": [
                a.sessions if "sessions" in a.model_fields_set else self.sessions
                for a in self.attendees
            ],
            "consent": self.consent is True,
            "invitation_code": str(self.invitation_code or ""),
            "idempotency_key": str(self.idempotency_key or "") or None,
            "billing": self.billing if isinstance(self.billing, dict) else None,
        }


# ---------------------------------------------------------------- the API's answer

# A booking as the answer shows it: a cancelled booking is not shown.
SHOWN_BOOKING_STATUSES = tuple(s for s in BookingStatus if s != BookingStatus.CANCELLED)


class BookingOut(TypedDict):
    session: int
    status: Annotated[str, choice(SHOWN_BOOKING_STATUSES)]
    waitlist_position: int | None


class AttendeeOut(TypedDict):
    id: int
    name: str
    email: str
    status: Annotated[str, choice(AttendeeStatus)]
    bookings: list[BookingOut]


class TicketOut(TypedDict):
    attendee: Annotated[str, Field(description="The attendee's name.")]
    qr_payload: str
    pdf_url: Annotated[Uri, Field(description="A signed link to the ticket's PDF.")]


class Registration(TypedDict):
    """A registration just made (or the one an idempotency key made before)."""

    code: str
    status: Annotated[str, choice(RegistrationStatus)]
    manage_url: Uri
    ticket_type: int
    attendees: list[AttendeeOut]
    tickets: Annotated[list[TicketOut], Field(description="One per attendee.")]


def _age_question(value: str) -> str:
    if value not in AgeQuestion._value2member_map_:
        raise PydanticCustomError("age_question", "not an age question")
    return value


class AgeRuleIn(Input):
    """An event's age rule: what to ask, the minimum age, the age of own consent."""

    ask: Annotated[str, choice(AgeQuestion), AfterValidator(_age_question)] = AgeQuestion.NONE
    minimum_age: Annotated[int, Field(ge=0, le=99)] = 16
    own_consent_age: Annotated[int, Field(ge=0, le=99)] = 16

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {
            "ask": ("invalid_age_rule", _("Kies wat u vraagt over de leeftijd.")),
            "minimum_age": ("invalid_age_rule", _("Vul een minimumleeftijd in van 0 tot 99.")),
            "own_consent_age": (
                "invalid_age_rule",
                _("Vul een leeftijd in van 0 tot 99 vanaf wanneer mensen zelf toestemming geven."),
            ),
        }
