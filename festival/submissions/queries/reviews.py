"""Submissions' review reads: the review overview, reviewer progress, a reviewer's assignments and
a proposal's reviews."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

from festival.accounts.models import REVIEW_ROLES, User
from festival.events.models import Event
from festival.submissions.models import (
    Call,
    Criterion,
    Proposal,
    ProposalState,
    Review,
    ReviewAssignment,
)


async def reviewers_for(event: Event) -> list[User]:
    """People who may review this event's proposals (reviewer, organiser or owner there)."""
    return (
        await User.filter(
            memberships__organisation_id=event.organisation_id,
            memberships__role__in=list(REVIEW_ROLES),
            is_active=True,
        )
        .distinct()
        .order_by("name")
    )


def weighted_score(scores: dict[str, int], criteria: list[Criterion]) -> float | None:
    """The weighted mean of one review's scores, or None without criteria."""
    total_weight = sum(c.weight for c in criteria if str(c.id) in scores)
    if not total_weight:
        return None
    return sum(c.weight * scores[str(c.id)] for c in criteria if str(c.id) in scores) / total_weight


@dataclass(frozen=True)
class OverviewRow:
    id: int
    title: str
    partner: str  # empty in blind review
    state: str
    on_hold: bool
    format: str
    track: str
    reviews: int
    assigned: int
    score: float | None  # mean weighted score of the reviews
    spread: float | None  # highest minus lowest weighted score


async def review_overview(
    call: Call, *, blind: bool, state: str = "", track_id: int | None = None, fmt: str = ""
) -> list[OverviewRow]:
    """Proposals that reached review, best weighted score first (unscored last)."""
    query = Proposal.filter(call_id=call.id).exclude(
        state__in=[ProposalState.DRAFT, ProposalState.WITHDRAWN]
    )
    if state:
        query = query.filter(state=state)
    if track_id:
        query = query.filter(track_id=track_id)
    if fmt:
        query = query.filter(format=fmt)
    proposals = await query.select_related("organisation", "track").order_by("id")
    criteria = list(await Criterion.filter(call_id=call.id))
    reviews = await Review.filter(proposal_id__in=[p.id for p in proposals])
    assigned = await ReviewAssignment.filter(proposal_id__in=[p.id for p in proposals]).values_list(
        "proposal_id", flat=True
    )
    by_proposal: dict[int, list[float]] = {}
    for review in reviews:
        score = weighted_score(review.scores, criteria)
        if score is not None:
            by_proposal.setdefault(review.proposal_id, []).append(score)
    rows = []
    for p in proposals:
        scores = by_proposal.get(p.id, [])
        rows.append(
            OverviewRow(
                id=p.id,
                title=p.title,
                partner="" if blind else p.organisation.name,
                state=str(p.state),
                on_hold=p.on_hold,
                format=p.format,
                track=p.track.name if p.track else "",
                reviews=sum(1 for r in reviews if r.proposal_id == p.id),
                assigned=sum(1 for a in assigned if a == p.id),
                score=round(mean(scores), 2) if scores else None,
                spread=round(max(scores) - min(scores), 2) if scores else None,
            )
        )
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), r.id))
    return rows


@dataclass(frozen=True)
class ProgressRow:
    reviewer_id: int
    name: str
    assigned: int
    done: int


async def reviewer_progress(call: Call, event: Event) -> list[ProgressRow]:
    assignments = await ReviewAssignment.filter(proposal__call_id=call.id).values_list(
        "reviewer_id", "proposal_id"
    )
    done = set(
        await Review.filter(proposal__call_id=call.id).values_list("reviewer_id", "proposal_id")
    )
    rows = []
    for reviewer in await reviewers_for(event):
        mine = [a for a in assignments if a[0] == reviewer.id]
        rows.append(
            ProgressRow(reviewer.id, reviewer.name, len(mine), sum(1 for a in mine if a in done))
        )
    return rows


@dataclass(frozen=True)
class AssignmentRow:
    proposal_id: int
    title: str
    partner: str
    state: str
    reviewed: bool


async def assignments_of(reviewer: User, call: Call) -> list[AssignmentRow]:
    items = await (
        ReviewAssignment.filter(reviewer_id=reviewer.id, proposal__call_id=call.id)
        .select_related("proposal", "proposal__organisation")
        .order_by("proposal_id")
    )
    done = set(
        await Review.filter(reviewer_id=reviewer.id, proposal__call_id=call.id).values_list(
            "proposal_id", flat=True
        )
    )
    return [
        AssignmentRow(
            a.proposal_id,
            a.proposal.title,
            "" if call.blind_review else a.proposal.organisation.name,
            str(a.proposal.state),
            a.proposal_id in done,
        )
        for a in items
    ]


@dataclass(frozen=True)
class ReviewRow:
    reviewer: str
    scores: dict[str, int]
    weighted: float | None
    comment: str


async def reviews_of(proposal: Proposal) -> list[ReviewRow]:
    criteria = list(await Criterion.filter(call_id=proposal.call_id))
    reviews = await Review.filter(proposal_id=proposal.id).select_related("reviewer").order_by("id")
    return [
        ReviewRow(r.reviewer.name, r.scores, weighted_score(r.scores, criteria), r.comment)
        for r in reviews
    ]


async def assigned_reviewers(proposal_id: int) -> list[User]:
    return await User.filter(review_assignments__proposal_id=proposal_id).order_by("name")
