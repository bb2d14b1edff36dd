"""Events: editions, their public pages, and creating, publishing and archiving them."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum

from tortoise.transactions import in_transaction

from festival import audit, cache, clock
from festival.accounts import services as accounts
from festival.accounts.models import Organisation, User
from festival.audit import Actor
from festival.errors import Conflict, NotFound, ValidationError
from festival.events.forms import EventData
from festival.events.models import PUBLIC_STATUSES, Event, EventStatus, Venue
from festival.events.queries.editions import may_be_slug, public_event
from festival.events.services.changes import changed_fields
from festival.i18n import _

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = {"new", "nieuw"}  # /admin/events/new is a page, not an event
MAX_RETENTION_DAYS = 3650


# ---------------------------------------------------------------- reading


async def get_event(slug: str) -> Event:
    """Any event by slug (organiser side). Raises NotFound."""
    event = await Event.get_or_none(slug=slug) if may_be_slug(slug) else None
    if event is None:
        raise NotFound("event_not_found", _("Dit evenement bestaat niet."))
    return event


async def public_events() -> list[Event]:
    return await Event.filter(status__in=list(PUBLIC_STATUSES)).order_by("starts_at")


async def upcoming_and_past_events() -> tuple[list[Event], list[Event]]:
    """Published events still to come (soonest first) and those that ended (latest first)."""
    now = clock.now()
    events = await Event.filter(status=EventStatus.PUBLISHED).order_by("starts_at")
    archived = await Event.filter(status=EventStatus.ARCHIVED).order_by("-starts_at")
    upcoming = [e for e in events if e.ends_at >= now]
    past = sorted(
        [e for e in events if e.ends_at < now] + archived, key=lambda e: e.starts_at, reverse=True
    )
    return upcoming, past


class RegistrationState(StrEnum):
    NONE = "none"  # no registration window set
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


def registration_state(event: Event, *, now: datetime | None = None) -> RegistrationState:
    now = now or clock.now()
    if event.registration_opens_at is None and event.registration_closes_at is None:
        return RegistrationState.NONE
    if event.status != EventStatus.PUBLISHED or event.ends_at <= now:
        return RegistrationState.CLOSED
    if event.registration_opens_at is not None and now < event.registration_opens_at:
        return RegistrationState.NOT_YET_OPEN
    if event.registration_closes_at is not None and now >= event.registration_closes_at:
        return RegistrationState.CLOSED
    return RegistrationState.OPEN


def is_registration_open(event: Event, *, now: datetime | None = None) -> bool:
    return registration_state(event, now=now) == RegistrationState.OPEN


@dataclass(frozen=True)
class PublicEventPage:
    event: Event
    venues: list[Venue]
    registration: RegistrationState
    same_day: bool


async def public_event_page(slug: str) -> PublicEventPage:
    """Everything the public event page shows. Raises NotFound for drafts and unknown slugs."""
    event = await public_event(slug)
    venues = await Venue.filter(event=event).order_by("id")
    same_day = (
        clock.to_local(event.starts_at, event.timezone).date()
        == clock.to_local(event.ends_at, event.timezone).date()
    )
    return PublicEventPage(event, venues, registration_state(event), same_day)


def privacy_link(event: Event, *, base_url: str = "") -> str:
    """Where the event's privacy statement is: its own external page when the organiser set
    one, else the page festival serves for it (absolute when `base_url` is given)."""
    return event.privacy_url or f"{base_url}/events/{event.slug}/privacy"


@dataclass(frozen=True)
class PrivacyPage:
    event: Event
    organisation: str  # who is responsible for the attendees' data


async def privacy_page(slug: str) -> PrivacyPage:
    """The public event and the organisation behind it. Raises NotFound."""
    event = await public_event(slug)
    organisation = await Organisation.get(id=event.organisation_id)
    return PrivacyPage(event, organisation.name)


# ---------------------------------------------------------------- events


async def _check_event_rules(data: EventData, *, event_id: int | None) -> None:
    fields: dict[str, str] = {}
    if data.slug in RESERVED_SLUGS or not SLUG_RE.match(data.slug):
        fields["slug"] = _(
            "Gebruik alleen kleine letters, cijfers en streepjes (bijvoorbeeld dld-2027)."
        )
    elif await Event.filter(slug=data.slug).exclude(id=event_id or 0).exists():
        fields["slug"] = _("Dit webadres is al in gebruik door een ander evenement.")
    if data.ends_at <= data.starts_at:
        fields["ends_date"] = _("Het einde moet na het begin liggen.")
    opens, closes = data.registration_opens_at, data.registration_closes_at
    if opens is not None and closes is not None and closes <= opens:
        fields["registration_closes_date"] = _("Aanmelden moet sluiten nadat het opengaat.")
    elif closes is not None and closes > data.ends_at:
        fields["registration_closes_date"] = _(
            "Aanmelden moet sluiten voor het einde van het evenement."
        )
    if opens is not None and opens >= data.ends_at:
        fields["registration_opens_date"] = _(
            "Aanmelden moet opengaan voor het einde van het evenement."
        )
    if not 0 <= data.retention_days <= MAX_RETENTION_DAYS:
        fields["retention_days"] = _("Kies een bewaartermijn van 0 tot %(n)s dagen.") % {
            "n": MAX_RETENTION_DAYS
        }
    if fields:
        raise ValidationError(
            "invalid_event", _("Controleer de velden met een foutmelding."), fields
        )


async def create_event(data: EventData, *, organisation_id: int, user: User) -> Event:
    """Create a draft event for an organisation where the user is owner or organiser.
    Audits `event.created`. Raises ValidationError, PermissionDenied."""
    allowed = {o.id for o in await accounts.organisations_for(user)}
    if organisation_id not in allowed:
        raise ValidationError(
            "organisation_not_allowed",
            _("Kies een organisatie waarvoor u evenementen mag maken."),
            {"organisation_id": _("Kies een organisatie uit de lijst.")},
        )
    await _check_event_rules(data, event_id=None)
    async with in_transaction():
        event = await Event.create(
            organisation_id=organisation_id, status=EventStatus.DRAFT, **asdict(data)
        )
        await audit.record(accounts.actor_for(user), "event.created", event, slug=event.slug)
    return event


async def update_event(event: Event, data: EventData, *, actor: Actor) -> Event:
    """Change an event's settings. Audits `event.updated` with the changed fields (old, new).
    Raises ValidationError."""
    await _check_event_rules(data, event_id=event.id)
    values = asdict(data)
    changed = changed_fields(event, values)
    if not changed:
        return event
    async with in_transaction():
        await Event.filter(id=event.id).update(**values)
        await event.refresh_from_db()
        await audit.record(actor, "event.updated", event, changes=changed)
    cache.clear_all()
    return event


_TRANSITIONS = {
    "publish": ({EventStatus.DRAFT}, EventStatus.PUBLISHED, "event.published"),
    "unpublish": ({EventStatus.PUBLISHED}, EventStatus.DRAFT, "event.unpublished"),
    "archive": ({EventStatus.DRAFT, EventStatus.PUBLISHED}, EventStatus.ARCHIVED, "event.archived"),
}


async def _transition(event: Event, name: str, *, actor: Actor) -> Event:
    allowed_from, target, action = _TRANSITIONS[name]
    async with in_transaction():
        # The guarded update decides, so two organisers clicking at once audit it only once.
        rows = await Event.filter(id=event.id, status__in=list(allowed_from)).update(status=target)
        if rows != 1:
            raise Conflict(
                "invalid_status", _("Dat kan niet in de huidige status van het evenement.")
            )
        await audit.record(actor, action, event, status=str(target))
    cache.clear_all()
    event.status = target
    return event


async def publish_event(event: Event, *, actor: Actor) -> Event:
    """Make a draft public. Audits `event.published`. Raises Conflict."""
    return await _transition(event, "publish", actor=actor)


async def unpublish_event(event: Event, *, actor: Actor) -> Event:
    """Back to draft (hidden from the public). Audits `event.unpublished`. Raises Conflict."""
    return await _transition(event, "unpublish", actor=actor)


async def archive_event(event: Event, *, actor: Actor) -> Event:
    """Close an edition for good; it stays readable. Audits `event.archived`. Raises Conflict."""
    return await _transition(event, "archive", actor=actor)
