"""The groups an organiser can write to, and who is in one right now (registration knows who)."""

from __future__ import annotations

from dataclasses import dataclass

from festival.errors import ValidationError
from festival.events.models import Event
from festival.i18n import _
from festival.messages.models import Audience
from festival.programme import queries as programme
from festival.registration import queries as registration
from festival.registration.queries import AccessNeed


@dataclass(frozen=True)
class Group:
    """A chosen group: its kind, the id or need it names ("" for everyone), and its label."""

    audience: Audience
    value: str
    label: str

    @property
    def key(self) -> str:
        return f"{self.audience}:{self.value}" if self.value else str(self.audience)


def access_need_labels() -> dict[str, str]:
    return {
        AccessNeed.STEP_FREE: _("toegang zonder trappen of drempels"),
        AccessNeed.HEARING_LOOP: _("ringleiding"),
        AccessNeed.SIGN_LANGUAGE: _("gebarentolk"),
        AccessNeed.QUIET_SPACE: _("stilteruimte"),
        AccessNeed.OTHER: _("iets anders"),
    }


async def group_choices(event: Event) -> list[Group]:
    """Every group of the event, in the order the form lists them: everyone, each session with
    seats, each waiting list, each ticket type, each access need."""
    groups = [Group(Audience.EVERYONE, "", _("Iedereen die is aangemeld"))]
    sessions = sorted(
        (s for s in (await programme.event_session_infos(event.id)).values()),
        key=lambda s: (s.starts_at is None, s.starts_at or event.starts_at, s.id),
    )
    booked = [s for s in sessions if s.requires_registration]
    for s in booked:
        groups.append(
            Group(Audience.SESSION, str(s.id), _("Deelnemers van: %(t)s") % {"t": s.title})
        )
    for s in booked:
        groups.append(
            Group(Audience.WAITLIST, str(s.id), _("Wachtlijst van: %(t)s") % {"t": s.title})
        )
    for t in await registration.ticket_types_for_event(event.id):
        groups.append(
            Group(Audience.TICKET_TYPE, str(t["id"]), _("Ticket: %(n)s") % {"n": t["name"]})
        )
    for need, label in access_need_labels().items():
        groups.append(
            Group(Audience.ACCESS_NEED, str(need), _("Met behoefte: %(n)s") % {"n": label})
        )
    return groups


async def resolve_group(event: Event, key: str) -> Group:
    """The group `key` names in this event. Raises ValidationError(invalid_group) for a
    session, ticket type or need the event does not have."""
    for group in await group_choices(event):
        if group.key == key:
            return group
    message = _("Kies aan wie u het bericht stuurt.")
    raise ValidationError("invalid_group", message, {"group": message})


async def recipients_of(event_id: int, group: Group) -> list[registration.Recipient]:
    """Who is in the group now: active attendees of active registrations, one per address."""
    number = int(group.value) if group.value.isdigit() else None
    match group.audience:
        case Audience.SESSION:
            return await registration.recipients(event_id, session_id=number)
        case Audience.WAITLIST:
            return await registration.recipients(event_id, waiting_session_id=number)
        case Audience.TICKET_TYPE:
            return await registration.recipients(event_id, ticket_type_id=number)
        case Audience.ACCESS_NEED:
            return await registration.recipients(event_id, access_need=group.value)
    return await registration.recipients(event_id)
