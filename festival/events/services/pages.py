"""Events: the organiser's dashboard, an event's overview and its audit log pages."""

from __future__ import annotations

from dataclasses import dataclass

from festival import audit
from festival.accounts import services as accounts
from festival.accounts.models import Membership, Organisation, User
from festival.audit import AuditEntry
from festival.events.models import Event, Room, Track, Venue
from festival.events.services.editions import RegistrationState, registration_state
from festival.events.services.places import rooms_for_event, tracks_for_event


@dataclass(frozen=True)
class DashboardRow:
    event: Event
    organisation: Organisation
    role: str  # the user's role in the event's organisation, or "admin"


async def dashboard_for(user: User) -> list[DashboardRow]:
    """Events of the user's organisations (all events for a platform admin), newest first."""
    if user.is_admin:
        events = await Event.all().prefetch_related("organisation").order_by("-starts_at")
        return [DashboardRow(e, e.organisation, "admin") for e in events]
    roles = {m.organisation_id: str(m.role) for m in await Membership.filter(user_id=user.id)}
    events = (
        await Event.filter(organisation_id__in=list(roles))
        .prefetch_related("organisation")
        .order_by("-starts_at")
    )
    return [DashboardRow(e, e.organisation, roles[e.organisation_id]) for e in events]


async def organisations_for_new_event(user: User) -> list[Organisation]:
    return await accounts.organisations_for(user)


@dataclass(frozen=True)
class EventOverview:
    event: Event
    organisation: Organisation
    venues: list[Venue]
    rooms: list[Room]
    tracks: list[Track]
    registration: RegistrationState
    total_capacity: int


async def event_overview(event: Event) -> EventOverview:
    await event.fetch_related("organisation")
    venues = await Venue.filter(event=event).order_by("id")
    rooms = await rooms_for_event(event)
    tracks = await tracks_for_event(event)
    return EventOverview(
        event,
        event.organisation,
        venues,
        rooms,
        tracks,
        registration_state(event),
        sum(r.capacity for r in rooms),
    )


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    page: int
    has_next: bool
    action_prefix: str


AUDIT_PAGE_SIZE = 50


async def audit_page(event: Event, *, action_prefix: str = "", page: int = 1) -> AuditPage:
    page = max(1, page)
    prefix = action_prefix.strip()[:80]
    rows = await audit.entries_for_event(
        event.id,
        action_prefix=prefix or None,
        limit=AUDIT_PAGE_SIZE + 1,
        offset=(page - 1) * AUDIT_PAGE_SIZE,
    )
    return AuditPage(rows[:AUDIT_PAGE_SIZE], page, len(rows) > AUDIT_PAGE_SIZE, prefix)
