"""A partner's own results: the sessions its proposals became, and nobody else's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from festival.feedback.queries.results import SessionResults, session_results
from festival.programme import queries as programme_queries
from festival.submissions import queries as submissions_queries


@dataclass(frozen=True)
class PartnerSession:
    id: int
    title: str
    starts_at: datetime | None
    results: SessionResults


async def partner_results(organisation_id: int) -> list[PartnerSession]:
    """Every session of the organisation's proposals with its results, newest first."""
    partners = await submissions_queries.session_partners(organisation_id=organisation_id)
    profiles = await programme_queries.session_profiles(list(partners))
    out = []
    for profile in profiles.values():
        found = await session_results(profile.event_id, profile.id)
        if found is not None:
            out.append(PartnerSession(profile.id, profile.title, profile.starts_at, found))
    out.sort(key=lambda s: (s.starts_at is None, s.starts_at), reverse=True)
    return out


async def partner_session_results(organisation_id: int, session_id: int) -> SessionResults | None:
    """One session's results, None unless the session is the organisation's own."""
    partners = await submissions_queries.session_partners(
        [session_id], organisation_id=organisation_id
    )
    if session_id not in partners:
        return None
    profiles = await programme_queries.session_profiles([session_id])
    profile = profiles.get(session_id)
    return await session_results(profile.event_id, session_id) if profile else None
