"""What the schedule editor shows per session to build the next edition on: booked, checked in,
capacity, waiting list and rating, and the same for the session it repeats (or a similar one)."""

from __future__ import annotations

from dataclasses import dataclass

from festival.checkin import queries as checkin_queries
from festival.feedback.queries.partners import Summary, session_summaries
from festival.programme import queries as programme_queries
from festival.registration import queries as registration_queries


@dataclass(frozen=True)
class Figures:
    session_id: int
    title: str
    booked: int
    checked_in: int
    capacity: int | None  # None: no limit
    waiting: int
    respondents: int  # 0 when suppressed
    suppressed: bool  # fewer than five respondents: no rating
    rating: float | None
    previous: Summary | None = None  # the repeated (or a similar) earlier session
    previous_is_repeat: bool = False


async def programme_figures(event_id: int) -> dict[int, Figures]:
    """Session id -> its figures, for every session of the event (a fixed number of queries:
    seats, bookings, check-ins, the event's results and one results read per earlier event)."""
    profiles = await programme_queries.session_profiles(event_id=event_id)
    seats = {row["id"]: row for row in await registration_queries.seat_overview(event_id)}
    booked = await registration_queries.confirmed_attendees_by_session(event_id)
    attendance = await checkin_queries.session_attendance(event_id)
    similar = await programme_queries.earlier_sessions_by_title(event_id)
    previous_of = {p.id: p.repeat_of_id or similar.get(p.id) for p in profiles.values()}
    summaries = await session_summaries(
        [*profiles, *(s for s in previous_of.values() if s is not None)]
    )
    out = {}
    for p in profiles.values():
        seat = seats.get(p.id)
        own = summaries.get(p.id)
        previous = previous_of[p.id]
        if p.repeat_of_id is not None and p.repeat_of_id in profiles:
            previous = similar.get(p.id)  # repeated within this edition: compare by title
        out[p.id] = Figures(
            session_id=p.id,
            title=p.title,
            booked=len(booked.get(p.id, ())),
            checked_in=attendance.get(p.id, 0),
            capacity=None if p.capacity >= programme_queries.UNLIMITED else p.capacity,
            waiting=seat["waiting"] if seat else 0,
            respondents=own.respondents if own else 0,
            suppressed=own.suppressed if own else True,
            rating=own.rating if own else None,
            previous=summaries.get(previous) if previous is not None else None,
            previous_is_repeat=previous is not None and previous == p.repeat_of_id,
        )
    return out
