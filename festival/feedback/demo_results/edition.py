"""The 2026 event itself: rooms, tracks, speakers and sessions, the closed call whose confirmed
proposals became the partner sessions, and the sessions of this edition that repeat them."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from festival import clock
from festival.accounts.models import Organisation
from festival.events.models import Event, EventStatus, Room, Track, Venue
from festival.feedback.demo_results.data import (
    LAB_SPEAKER,
    ROOMS,
    SESSIONS,
    SLUG,
    SPEAKERS,
    TRACKS,
    TZ,
)
from festival.programme.models import Session, SessionState, Speaker
from festival.submissions.models import Call, Proposal, ProposalSpeaker, ProposalState


def local_time(day: datetime, hhmm: str) -> datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return clock.from_local(day.replace(hour=hour, minute=minute), TZ)


async def make_edition(event: Event) -> tuple[Event, dict[str, Session]]:
    """The 2026 event, its rooms, tracks, speakers and published sessions."""
    day = datetime(2026, 3, 21)
    old = await Event.create(
        organisation_id=event.organisation_id,
        slug=SLUG,
        name="Dag van de Lokale Democratie 2026",
        name_en="Local Democracy Day 2026",
        description="De editie van 2026 in Utrecht.",
        starts_at=local_time(day, "09:00"),
        ends_at=local_time(day, "17:00"),
        timezone=TZ,
        status=EventStatus.PUBLISHED,
    )
    venue = await Venue.create(
        event=old, name="Stadhuis Utrecht", address="Korte Minrebroederstraat 2", city="Utrecht"
    )
    rooms = {
        name: await Room.create(event=old, venue=venue, name=name, capacity=cap, position=i)
        for i, (name, cap) in enumerate(ROOMS)
    }
    tracks = {
        name: await Track.create(event=old, name=name, position=i) for i, name in enumerate(TRACKS)
    }
    speakers = [
        await Speaker.create(event=old, code=demo_code("sp", name), name=name, role=role)
        for name, role in SPEAKERS
    ]
    sessions = {}
    for i, (title, fmt, room, track, start, end, _p, _q, _t) in enumerate(SESSIONS):
        sessions[title] = await Session.create(
            event=old,
            code=demo_code("s26", title),
            title=title,
            format=fmt,
            room=rooms[room],
            track=tracks.get(track),
            starts_at=local_time(day, start),
            ends_at=local_time(day, end),
            requires_registration=fmt not in ("plenary",),
            state=SessionState.DRAFT,  # published below, as version 1
        )
        if i < 8:  # one speaker each in the morning and the first afternoon slot
            await sessions[title].speakers.add(speakers[i % len(speakers)])
    return old, sessions


def demo_code(prefix: str, text: str) -> str:
    return hashlib.sha256(f"{prefix}:{text}".encode()).hexdigest()[:10].upper()


async def make_partner_sessions(old: Event, sessions: dict[str, Session]) -> int:
    """The closed 2026 call and the confirmed proposals that became partner sessions."""
    slugs = {row[6] for row in SESSIONS if row[6]}
    organisations = {o.slug: o for o in await Organisation.filter(slug__in=list(slugs))}
    if not organisations:
        return 0
    call = await Call.create(
        event=old,
        opens_at=old.starts_at - timedelta(days=150),
        closes_at=old.starts_at - timedelta(days=90),
    )
    proposals = [
        Proposal(
            call_id=call.id,
            event_id=old.id,
            organisation_id=organisations[slug].id,
            title=title,
            summary=title,
            format=fmt,
            state=ProposalState.CONFIRMED,
            session_id=sessions[title].id,
            submitted_at=call.opens_at,
            decided_at=call.closes_at,
            confirmed_at=call.closes_at,
        )
        for title, fmt, _r, _t, _s, _e, slug, _q, _o in SESSIONS
        if slug in organisations
    ]
    await Proposal.bulk_create(proposals)
    # The Testlab's speaker, who may write its outcome by the mailed link too.
    title, email, name = LAB_SPEAKER
    lab = await Proposal.get_or_none(event_id=old.id, session_id=sessions[title].id)
    if lab is not None:
        await ProposalSpeaker.create(
            proposal=lab,
            email=email,
            name=name,
            organisation="Gemeente Zeist",
            role="wijkregisseur",
        )
    return len(proposals)


async def link_repeats(event: Event, sessions: dict[str, Session]) -> int:
    """Sessions of this edition with a 2026 namesake repeat it (when not linked yet)."""
    linked = 0
    for title, old in sessions.items():
        linked += await Session.filter(
            event_id=event.id, title=title, repeat_of_id__isnull=True
        ).update(repeat_of_id=old.id)
    return linked
