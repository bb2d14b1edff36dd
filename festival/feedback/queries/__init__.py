"""Named reads of the feedback area: survey results (`results`), with the small-group rule."""

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
    "QuestionResult",
    "SessionResults",
    "SessionRow",
    "event_results",
    "rating_label",
    "role_labels",
    "session_results",
]
