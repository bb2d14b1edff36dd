"""Named read queries of the submissions area, a module per sub-concept: the partner portal
(`portal`) and the reviews (`reviews`)."""

from festival.submissions.queries.portal import (
    PartnerProposalRow,
    PastSession,
    SessionAuthors,
    SessionPartner,
    partner_proposals,
    past_sessions_of_partner,
    session_authors,
    session_partners,
)
from festival.submissions.queries.reviews import (
    AssignmentRow,
    OverviewRow,
    ProgressRow,
    ReviewRow,
    assigned_reviewers,
    assignments_of,
    review_overview,
    reviewer_progress,
    reviews_of,
)

__all__ = [
    "AssignmentRow",
    "OverviewRow",
    "PartnerProposalRow",
    "PastSession",
    "ProgressRow",
    "ReviewRow",
    "SessionAuthors",
    "SessionPartner",
    "assigned_reviewers",
    "assignments_of",
    "partner_proposals",
    "past_sessions_of_partner",
    "review_overview",
    "reviewer_progress",
    "reviews_of",
    "session_authors",
    "session_partners",
]
