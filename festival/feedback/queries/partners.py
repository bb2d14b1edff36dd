"""A partner's own results: the sessions its proposals became (the caller passes them, from
submissions' PartnerAccess), and nobody else's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from festival.feedback.queries.results import SessionResults, event_results, session_results
from festival.programme import queries as programme_queries


@dataclass(frozen=True)
class PartnerSession:
    id: int
    title: str
    starts_at: datetime | None
    results: SessionResults


async def partner_results(session_ids: frozenset[int]) -> list[PartnerSession]:
    """The partner's sessions (submissions' PartnerAccess) with their results, newest first."""
    profiles = await programme_queries.session_profiles(sorted(session_ids))
    out = []
    for profile in profiles.values():
        found = await session_results(profile.event_id, profile.id)
        if found is not None:
            out.append(PartnerSession(profile.id, profile.title, profile.starts_at, found))
    out.sort(key=lambda s: (s.starts_at is None, s.starts_at), reverse=True)
    return out


async def results_of_session(session_id: int) -> SessionResults | None:
    """One session's results, whatever its event; None for a session that does not exist."""
    profiles = await programme_queries.session_profiles([session_id])
    profile = profiles.get(session_id)
    return await session_results(profile.event_id, session_id) if profile else None


@dataclass(frozen=True)
class Summary:
    """A session's headline figures for other pages (editor, reviewers, suggestions). Under the
    small-group rule `suppressed` is True and respondents and rating are hidden."""

    session_id: int
    event_id: int
    attendance: int
    respondents: int
    suppressed: bool
    rating: float | None


async def session_summaries(session_ids: list[int]) -> dict[int, Summary]:
    """Session id -> its summary; one results read per event the sessions belong to."""
    profiles = await programme_queries.session_profiles(session_ids)
    out: dict[int, Summary] = {}
    for event_id in sorted({p.event_id for p in profiles.values()}):
        found = await event_results(event_id, format_labels={})
        for row in found.sessions:
            if row.id in profiles:
                headline = row.result.headline
                out[row.id] = Summary(
                    row.id,
                    event_id,
                    row.attendance,
                    row.result.respondents,
                    row.result.suppressed,
                    headline.mean if headline else None,
                )
    return out
