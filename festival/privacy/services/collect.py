"""What every area holds about one person, gathered through the areas' own faces: by e-mail
address across an organisation's events, or for one registration (the attendee's export)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from festival import clock
from festival.checkin import queries as checkin
from festival.events import queries as events
from festival.feedback import services as feedback
from festival.invoicing import services as invoicing
from festival.mail import services as mail
from festival.payments import services as payments
from festival.programme import services as programme
from festival.registration import services as registration
from festival.submissions import services as submissions
from festival.tickets import services as tickets

# Section name -> Dutch title, in the order the export shows them.
SECTIONS = (
    "registrations",
    "attendees",
    "bookings",
    "waitlist_entries",
    "tickets",
    "checkins",
    "feedback_invitations",
    "feedback_unsubscribes",
    "speakers",
    "proposal_speakers",
    "partner_contacts",
    "payments",
    "refunds",
    "invoices",
    "credit_notes",
    "billing_details",
    "mails",
)


@dataclass
class PersonData:
    """One person's data: `sections` maps a section name (SECTIONS) to its rows."""

    email: str
    organisation: str
    events: dict[int, str]
    made_at: Any = field(default_factory=clock.now)
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return any(self.sections.values())

    def counts(self) -> dict[str, int]:
        return {name: len(self.sections.get(name, [])) for name in SECTIONS}

    def as_json(self) -> dict[str, Any]:
        return {
            "email": self.email,
            "organisation": self.organisation,
            "made_at": self.made_at,
            "events": [{"id": i, "name": n} for i, n in self.events.items()],
            **{name: self.sections.get(name, []) for name in SECTIONS},
        }


def normalised(email: str) -> str:
    return email.strip().lower()


async def person_data(organisation_id: int, organisation: str, email: str) -> PersonData:
    """Everything about `email` in the organisation's events, section by section."""
    email = normalised(email)
    names = await events.event_names_of_organisation(organisation_id)
    event_ids = list(names)
    registration_ids, attendee_ids = await registration.people_with_email(event_ids, email)
    data = PersonData(email=email, organisation=organisation, events=names)
    await _gather(data, registration_ids, attendee_ids, event_ids, email)
    return data


async def registration_data(
    registration_id: int, *, event_id: int, event_name: str, organisation: str, email: str
) -> PersonData:
    """One registration's data, for its contact person (the manage page's download)."""
    attendee_ids = await registration.attendees_of_registration(registration_id)
    data = PersonData(email=email, organisation=organisation, events={event_id: event_name})
    await _gather(data, [registration_id], attendee_ids, [event_id], normalised(email))
    return data


async def _gather(
    data: PersonData,
    registration_ids: list[int],
    attendee_ids: list[int],
    event_ids: list[int],
    email: str,
) -> None:
    parts = [
        await registration.personal_data(registration_ids, attendee_ids),
        await tickets.personal_data(attendee_ids),
        await checkin.personal_data(attendee_ids),
        await feedback.personal_data(attendee_ids),
        await programme.personal_data(event_ids, email),
        await submissions.personal_data(event_ids, email),
        await payments.personal_data(registration_ids),
        await invoicing.personal_data(registration_ids),
        await mail.personal_data(event_ids, email),
    ]
    for part in parts:
        data.sections.update(part)


async def own_registration_data(event_slug: str, token: str, *, secret_key: str) -> PersonData:
    """The data of the registration behind a manage link (signed token), for its contact
    person. Raises NotFound for an unknown event, link or registration."""
    event = await events.public_event(event_slug)
    code = registration.code_from_manage_token(token, secret_key=secret_key)
    found = await registration.get_registration(code, event_id=event.id)
    return await registration_data(
        found.id,
        event_id=event.id,
        event_name=event.name,
        organisation="",
        email=found.contact_email,
    )
