"""Who may answer: attendees who checked in to the session at its door, or at the entrance
when they held a confirmed seat in a session that had no door scan at all. The entrance
check-in (or any door) alone invites to the event survey."""

from __future__ import annotations

from festival.checkin import queries as checkin_queries
from festival.registration import queries as registration_queries


def _session_attendees(
    session_id: int, presence: checkin_queries.Presence, booked: set[int]
) -> set[int]:
    at_door = presence.sessions.get(session_id, set())
    if session_id in presence.scanned_sessions:
        return set(at_door)
    return set(at_door) | (booked & presence.entrance)


async def session_attendees(event_id: int) -> dict[int, set[int]]:
    """Session id -> the attendees who may answer its survey (sessions without any: absent)."""
    presence = await checkin_queries.presence(event_id)
    booked = await registration_queries.confirmed_attendees_by_session(event_id)
    out = {}
    for session_id in set(presence.sessions) | set(booked):
        people = _session_attendees(session_id, presence, booked.get(session_id, set()))
        if people:
            out[session_id] = people
    return out


async def event_attendees(event_id: int) -> set[int]:
    """The attendees who may answer the event survey: checked in anywhere."""
    presence = await checkin_queries.presence(event_id)
    return presence.entrance.union(*presence.sessions.values())


async def may_answer_session(event_id: int, attendee_id: int, session_id: int) -> bool:
    presence = await checkin_queries.presence(event_id, attendee_id=attendee_id)
    if attendee_id in presence.sessions.get(session_id, set()):
        return True
    if session_id in presence.scanned_sessions or attendee_id not in presence.entrance:
        return False
    return session_id in await registration_queries.booked_session_ids(attendee_id)


async def may_answer_event(event_id: int, attendee_id: int) -> bool:
    presence = await checkin_queries.presence(event_id, attendee_id=attendee_id)
    return bool(presence.entrance) or any(presence.sessions.values())
