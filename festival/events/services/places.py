"""Events: venues, rooms and tracks of an edition."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from tortoise.transactions import in_transaction

from festival import audit, cache
from festival.audit import Actor
from festival.errors import Conflict, NotFound, ValidationError
from festival.events.forms import RoomData, TrackData
from festival.events.models import Event, Room, Track, Venue
from festival.events.schemas import VenueIn
from festival.events.services.changes import changed_fields
from festival.i18n import _


async def venues_for_event(event: Event) -> list[Venue]:
    return await Venue.filter(event=event).order_by("id")


async def rooms_for_event(event: Event) -> list[Room]:
    return await Room.filter(event=event).prefetch_related("venue").order_by("position", "name")


async def tracks_for_event(event: Event) -> list[Track]:
    return await Track.filter(event=event).order_by("position", "name")


async def venue_of(event: Event, venue_id: int) -> Venue:
    venue = await Venue.get_or_none(id=venue_id, event=event)
    if venue is None:
        raise NotFound("venue_not_found", _("Deze locatie bestaat niet."))
    return venue


async def room_of(event: Event, room_id: int) -> Room:
    room = await Room.get_or_none(id=room_id, event=event)
    if room is None:
        raise NotFound("room_not_found", _("Deze zaal bestaat niet."))
    return room


async def track_of(event: Event, track_id: int) -> Track:
    track = await Track.get_or_none(id=track_id, event=event)
    if track is None:
        raise NotFound("track_not_found", _("Dit thema bestaat niet."))
    return track


async def create_venue(event: Event, data: VenueIn, *, actor: Actor) -> Venue:
    """Audits `venue.created`."""
    async with in_transaction():
        venue = await Venue.create(event=event, **data.model_dump())
        await audit.record(actor, "venue.created", venue, name=venue.name)
    return venue


async def update_venue(venue: Venue, data: VenueIn, *, actor: Actor) -> Venue:
    """Audits `venue.updated` with the changed fields."""
    return await _update(venue, data.model_dump(), "venue.updated", actor=actor)


async def delete_venue(venue: Venue, *, actor: Actor) -> None:
    """Audits `venue.deleted`. Raises Conflict while rooms use the venue."""
    async with in_transaction():
        if await Room.filter(venue_id=venue.id).exists():
            raise Conflict(
                "venue_in_use",
                _("Deze locatie heeft nog zalen. Verwijder of verplaats eerst de zalen."),
            )
        await audit.record(actor, "venue.deleted", venue, name=venue.name)
        await venue.delete()


async def _check_room(event: Event, data: RoomData) -> None:
    if not await Venue.filter(id=data.venue_id, event=event).exists():
        raise ValidationError(
            "venue_not_found",
            _("Controleer de velden met een foutmelding."),
            {"venue_id": _("Kies een locatie van dit evenement.")},
        )


async def create_room(event: Event, data: RoomData, *, actor: Actor) -> Room:
    """Audits `room.created`. Raises ValidationError for a venue of another event."""
    await _check_room(event, data)
    async with in_transaction():
        room = await Room.create(event=event, **asdict(data))
        await audit.record(actor, "room.created", room, name=room.name, capacity=room.capacity)
    return room


async def update_room(room: Room, data: RoomData, *, actor: Actor) -> Room:
    """Audits `room.updated` with the changed fields. Raises ValidationError."""
    event = await Event.get(id=room.event_id)
    await _check_room(event, data)
    return await _update(room, asdict(data), "room.updated", actor=actor)


async def delete_room(room: Room, *, actor: Actor) -> None:
    """Audits `room.deleted`; sessions in the room keep existing without a room."""
    async with in_transaction():
        await audit.record(actor, "room.deleted", room, name=room.name)
        await room.delete()


async def create_track(event: Event, data: TrackData, *, actor: Actor) -> Track:
    """Audits `track.created`."""
    async with in_transaction():
        track = await Track.create(event=event, **asdict(data))
        await audit.record(actor, "track.created", track, name=track.name)
    return track


async def update_track(track: Track, data: TrackData, *, actor: Actor) -> Track:
    """Audits `track.updated` with the changed fields."""
    return await _update(track, asdict(data), "track.updated", actor=actor)


async def delete_track(track: Track, *, actor: Actor) -> None:
    """Audits `track.deleted`; sessions of the track keep existing without a track."""
    async with in_transaction():
        await audit.record(actor, "track.deleted", track, name=track.name)
        await track.delete()


async def _update(
    obj: Venue | Room | Track, values: dict[str, Any], action: str, *, actor: Actor
) -> Any:
    changed = changed_fields(obj, values)
    if not changed:
        return obj
    async with in_transaction():
        await type(obj).filter(id=obj.id).update(**values)
        await obj.refresh_from_db()
        await audit.record(actor, action, obj, changes=changed)
    cache.clear_all()
    return obj
