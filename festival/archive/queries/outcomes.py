"""The approved outcomes of an edition's sessions, as the evaluation report reads them: only what
the archive shows publicly (no partner's or organiser's name or address)."""

from __future__ import annotations

from dataclasses import dataclass, field

from festival.archive.models import Outcome, OutcomeState, Verdict

VERDICTS = tuple(v.value for v in Verdict)  # werkt, werkt deels, werkt niet, te vroeg

FIELDS = (
    "session_id",
    "kind",
    "question",
    "method",
    "council",
    "happened",
    "verdict",
    "why",
    "why_tags",
    "theme",
    "residents",
    "follow_up",
    "summary",
)


@dataclass(frozen=True)
class ApprovedOutcome:
    session_id: int
    kind: str  # OutcomeKind
    question: str = ""
    method: str = ""
    council: str = ""
    happened: str = ""
    verdict: str | None = None  # Verdict, for a Democratie Testlab
    why: str = ""
    why_tags: list[str] = field(default_factory=list)
    theme: str = ""
    residents: int | None = None
    follow_up: str = ""
    summary: str = ""


async def approved_outcomes(event_id: int) -> list[ApprovedOutcome]:
    """Every approved outcome of the event's sessions, by session id (one query); drafts and
    outcomes waiting for an organiser never."""
    rows = (
        await Outcome.filter(event_id=event_id, state=OutcomeState.APPROVED)
        .order_by("session_id")
        .values(*FIELDS)
    )
    return [
        ApprovedOutcome(
            **{**row, "why_tags": list(row["why_tags"] or []), "kind": str(row["kind"])}
        )
        for row in rows
    ]
