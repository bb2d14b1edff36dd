"""Plain async factories with obvious defaults: make_<thing>(**overrides)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from festival.accounts import services as accounts
from festival.accounts.models import Organisation, Role, User
from festival.events.models import Event, EventStatus, Room, Track, Venue

_seq = itertools.count(1)
PASSWORD = "correct horse battery staple"


async def make_organisation(**overrides: Any) -> Organisation:
    n = next(_seq)
    values = {"name": f"Organisatie {n}", "slug": f"org-{n}"} | overrides
    return await Organisation.create(**values)


async def make_user(
    *, role: Role | None = None, organisation: Organisation | None = None, **overrides: Any
) -> User:
    n = next(_seq)
    if role is not None and organisation is None:
        organisation = await make_organisation()
    return await accounts.create_user(
        overrides.pop("email", f"user{n}@example.nl"),
        name=overrides.pop("name", f"Gebruiker {n}"),
        password=overrides.pop("password", PASSWORD),
        organisation=organisation,
        role=role,
        is_admin=overrides.pop("is_admin", False),
    )


async def make_event(organisation: Organisation | None = None, **overrides: Any) -> Event:
    n = next(_seq)
    organisation = organisation or await make_organisation()
    values = {
        "slug": f"event-{n}",
        "name": f"Dag van de Lokale Democratie {n}",
        "starts_at": datetime(2027, 3, 20, 8, 0, tzinfo=UTC),
        "ends_at": datetime(2027, 3, 20, 16, 0, tzinfo=UTC),
        "status": EventStatus.PUBLISHED,
    } | overrides
    return await Event.create(organisation=organisation, **values)


async def make_venue(event: Event, **overrides: Any) -> Venue:
    values = {"name": "Stadhuis", "address": "Markt 1", "city": "Utrecht"} | overrides
    return await Venue.create(event=event, **values)


async def make_room(event: Event, venue: Venue | None = None, **overrides: Any) -> Room:
    n = next(_seq)
    venue = venue or await make_venue(event)
    values = {"name": f"Zaal {n}", "capacity": 30} | overrides
    return await Room.create(event=event, venue=venue, **values)


async def make_track(event: Event, **overrides: Any) -> Track:
    n = next(_seq)
    values = {"name": f"Thema {n}"} | overrides
    return await Track.create(event=event, **values)


async def make_speaker(event: Event, **overrides: Any) -> Any:
    """A speaker of `event` (programme area)."""
    import secrets

    from festival.programme.models import Speaker

    n = next(_seq)
    values = {"name": f"Spreker {n}", "code": secrets.token_hex(4).upper()} | overrides
    return await Speaker.create(event=event, **values)


async def make_session(event: Event, *, speakers: tuple[Any, ...] = (), **overrides: Any) -> Any:
    """A published, placed session of `event` (programme area): a room, 10:00-11:00 UTC."""
    import secrets
    from datetime import timedelta

    from festival.programme.models import Session, SessionState

    n = next(_seq)
    if "room" not in overrides and "room_id" not in overrides:
        overrides["room"] = await make_room(event)
    starts_at = overrides.pop("starts_at", datetime(2027, 3, 20, 10, 0, tzinfo=UTC))
    values = {
        "title": f"Sessie {n}",
        "code": secrets.token_hex(4).upper(),
        "state": SessionState.PUBLISHED,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=1),
    } | overrides
    session = await Session.create(event=event, **values)
    if speakers:
        await session.speakers.add(*speakers)
    return session


async def make_ticket_type(event: Event, **overrides: Any) -> Any:
    """A free, open ticket type of `event` (registration area); `invitation_code=` sets a code."""
    from festival.registration.models import TicketType
    from festival.registration.services.checks import hash_invitation_code

    code = overrides.pop("invitation_code", "")
    values = {
        "name": "Algemene toegang",
        "invitation_code_hash": hash_invitation_code(code),
    } | overrides
    return await TicketType.create(event=event, **values)
