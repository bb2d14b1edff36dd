"""Repeating a session in another edition: "Herhalen in volgende editie" copies it into that
event's programme as an unplaced draft that keeps `repeat_of`, so results can be compared."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from festival import audit, errors
from festival.accounts import services as accounts
from festival.accounts.models import ORGANISER_ROLES, User
from festival.audit import Actor
from festival.events.models import Event, Track
from festival.i18n import _
from festival.programme.models import Session, SessionState, Speaker
from festival.programme.services.codes import new_code
from festival.schemas import Id, Input


class RepeatInEditionData(Input):
    event_id: Id


async def next_editions(event: Event) -> list[Event]:
    """Events of the same organisation that start later: where a session can be repeated."""
    return await Event.filter(
        organisation_id=event.organisation_id, starts_at__gt=event.starts_at
    ).order_by("starts_at")


async def _may_organise(user: User, event: Event) -> bool:
    if user.is_admin:
        return True
    return await accounts.role_in_organisation(user, event.organisation_id) in ORGANISER_ROLES


async def _speakers_in(target: Event, speakers: list[Speaker]) -> list[Speaker]:
    """The target event's speakers of the same name, created where the event has none yet."""
    existing = {s.name.casefold(): s for s in await Speaker.filter(event_id=target.id)}
    out = []
    for speaker in speakers:
        found = existing.get(speaker.name.casefold())
        if found is None:
            found = await Speaker.create(
                event_id=target.id,
                code=new_code(),
                name=speaker.name,
                organisation=speaker.organisation,
                role=speaker.role,
                role_en=speaker.role_en,
                bio=speaker.bio,
                bio_en=speaker.bio_en,
                photo=speaker.photo,
                email=speaker.email,
            )
            existing[found.name.casefold()] = found
        out.append(found)
    return out


async def repeat_in_edition(
    session: Session, target_id: int, *, user: User, actor: Actor
) -> Session:
    """Copy the session into another event as an unplaced draft with the same speakers (as
    that event's speakers), format, track (by name) and partner (which follows `repeat_of`).
    Audits session.repeated_in_edition. Raises NotFound (no such event), PermissionDenied (the
    user does not organise both events) and ValidationError (the same event)."""
    target = await Event.get_or_none(id=target_id)
    source = await Event.get(id=session.event_id)
    if target is None:
        raise errors.NotFound("event_not_found", _("Dit evenement bestaat niet."))
    if not (await _may_organise(user, source) and await _may_organise(user, target)):
        raise errors.PermissionDenied(
            "not_an_organiser", _("U organiseert niet allebei de evenementen.")
        )
    if target.id == session.event_id:
        raise errors.ValidationError(
            "same_event",
            _("Kies een ander evenement; herhalen in dit evenement kan hierboven."),
            {"event_id": _("Kies een ander evenement.")},
        )
    async with in_transaction():
        track_name = (await Track.get(id=session.track_id)).name if session.track_id else None
        track = await Track.get_or_none(event_id=target.id, name=track_name) if track_name else None
        copy = await Session.create(
            event_id=target.id,
            code=new_code(),
            title=session.title,
            title_en=session.title_en,
            abstract=session.abstract,
            abstract_en=session.abstract_en,
            format=session.format,
            track_id=track.id if track else None,
            capacity=session.capacity,
            requires_registration=session.requires_registration,
            language=session.language,
            audiences=list(session.audiences),
            accessibility=list(session.accessibility),
            state=SessionState.DRAFT,
            repeat_of_id=session.repeat_of_id or session.id,
        )
        speakers = await _speakers_in(target, list(await session.speakers.all()))
        if speakers:
            await copy.speakers.add(*speakers)
        await audit.record(
            actor,
            "session.repeated_in_edition",
            copy,
            repeat_of=copy.repeat_of_id,
            from_event=session.event_id,
        )
    return copy
