"""Named reads of the feedback area: survey results (`results`) with the small-group rule, a
partner's own (`partners`), and the figures the schedule editor shows (`programme`)."""

from festival.feedback.queries.partners import (
    PartnerSession,
    Summary,
    partner_results,
    results_of_session,
    session_summaries,
)
from festival.feedback.queries.programme import Figures, programme_figures
from festival.feedback.queries.report import PublishedAnswer, published_answers
from festival.feedback.queries.results import (
    MIN_GROUP,
    AudienceFormat,
    Bar,
    EventResults,
    Group,
    OpenAnswer,
    QuestionResult,
    SessionResults,
    SessionRow,
    audience_formats,
    event_results,
    rating_label,
    role_labels,
    session_results,
)

__all__ = [
    "MIN_GROUP",
    "AudienceFormat",
    "Bar",
    "EventResults",
    "Figures",
    "Group",
    "OpenAnswer",
    "PartnerSession",
    "PublishedAnswer",
    "QuestionResult",
    "SessionResults",
    "SessionRow",
    "Summary",
    "audience_formats",
    "event_results",
    "partner_results",
    "programme_figures",
    "published_answers",
    "rating_label",
    "results_of_session",
    "role_labels",
    "session_results",
    "session_summaries",
]
