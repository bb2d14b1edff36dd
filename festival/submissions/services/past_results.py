"""The reviewers' panel of a partner's past sessions, with attendance and rating from feedback."""

from __future__ import annotations

from dataclasses import replace

from festival.feedback import queries as feedback_queries
from festival.submissions import queries
from festival.submissions.queries import PastSession


async def past_sessions_with_results(organisation_id: int, *, blind: bool) -> list[PastSession]:
    """The partner's sessions at events that have ended, with check-ins and the mean rating
    (hidden under five respondents). Empty for a blind review: past sessions name the partner."""
    if blind:
        return []
    sessions = await queries.past_sessions_of_partner(organisation_id)
    summaries = await feedback_queries.session_summaries(
        [s.session_id for s in sessions if s.session_id is not None]
    )
    out = []
    for session in sessions:
        summary = summaries.get(session.session_id or 0)
        if summary is None:
            out.append(session)
            continue
        out.append(
            replace(
                session,
                attendance=summary.attendance,
                rating=summary.rating,
                ratings_count=summary.respondents,
                suppressed=summary.suppressed,
            )
        )
    return out
