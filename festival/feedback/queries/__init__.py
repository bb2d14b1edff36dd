"""Named reads of the feedback area: survey results (`results`), with the small-group rule, and
a partner's own (`partners`)."""

from festival.feedback.queries.partners import (
    PartnerSession,
    Summary,
    partner_results,
    partner_session_results,
    session_summaries,
)
from festival.feedback.queries.programme import Figures, programme_figures
from festival.feedback.queries.results import (
    MIN_GROUP,
    Bar,
    EventResults,
    Group,
    OpenAnswer,
    QuestionResult,
    SessionResults,
    SessionRow,
    event_results,
    rating_label,
    role_labels,
    session_results,
)

__all__ = [
    "MIN_GROUP",
    "Bar",
    "EventResults",
    "Figures",
    "Group",
    "OpenAnswer",
    "PartnerSession",
    "QuestionResult",
    "SessionResults",
    "SessionRow",
    "Summary",
    "event_results",
    "partner_results",
    "partner_session_results",
    "programme_figures",
    "rating_label",
    "role_labels",
    "session_results",
    "session_summaries",
]
