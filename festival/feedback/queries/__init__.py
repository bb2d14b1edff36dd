"""Named reads of the feedback area: survey results (`results`), with the small-group rule, and
a partner's own (`partners`)."""

from festival.feedback.queries.partners import (
    PartnerSession,
    partner_results,
    partner_session_results,
)
from festival.feedback.queries.report import PublishedAnswer, published_answers
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
    "Group",
    "OpenAnswer",
    "PartnerSession",
    "PublishedAnswer",
    "QuestionResult",
    "SessionResults",
    "SessionRow",
    "event_results",
    "partner_results",
    "partner_session_results",
    "published_answers",
    "rating_label",
    "role_labels",
    "session_results",
]
