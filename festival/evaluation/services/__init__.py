"""Evaluation rules: the report's content (`content`), the partners who may read it
(`partners`) and its PDF made by a job (`runs`)."""

from festival.evaluation.services.content import (
    MIN_GROUP,
    Advice,
    Comparison,
    ComparisonRow,
    Quote,
    Rating,
    Reach,
    Report,
    RoleRow,
    SessionFill,
    SessionOutcome,
    Share,
    VerdictCount,
    build_report,
    reach_of,
    session_fills,
)
from festival.evaluation.services.partners import edition_for_partner, partner_editions
from festival.evaluation.services.runs import (
    create_run,
    latest_report_pdf,
    render_pdf,
    render_report,
    report_pdf,
    request_report,
)

__all__ = [
    "MIN_GROUP",
    "Advice",
    "Comparison",
    "ComparisonRow",
    "Quote",
    "Rating",
    "Reach",
    "Report",
    "RoleRow",
    "SessionFill",
    "SessionOutcome",
    "Share",
    "VerdictCount",
    "build_report",
    "create_run",
    "edition_for_partner",
    "latest_report_pdf",
    "partner_editions",
    "reach_of",
    "render_pdf",
    "render_report",
    "report_pdf",
    "request_report",
    "session_fills",
]
