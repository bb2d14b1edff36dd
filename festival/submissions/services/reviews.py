"""Review: reviewers of the organising organisation score proposals on weighted criteria (1-5),
never their own organisation's; assignments by hand or balanced automatically."""

from __future__ import annotations

from collections import Counter

from tortoise.transactions import in_transaction

from festival import audit
from festival.accounts import services as accounts
from festival.accounts.models import Membership, User
from festival.audit import Actor
from festival.errors import Conflict, NotFound, PermissionDenied, ValidationError
from festival.events.models import Event
from festival.i18n import _
from festival.submissions.models import (
    REVIEWABLE_STATES,
    Call,
    Criterion,
    Proposal,
    ProposalState,
    Review,
    ReviewAssignment,
)
from festival.submissions.queries.reviews import reviewers_for
from festival.submissions.services.proposals import proposal_in_event

MIN_SCORE, MAX_SCORE = 1, 5


async def has_conflict(reviewer_id: int, proposal: Proposal) -> bool:
    """A reviewer who belongs to the proposing organisation never reviews it."""
    return await Membership.filter(
        user_id=reviewer_id, organisation_id=proposal.organisation_id
    ).exists()


def _conflict() -> PermissionDenied:
    return PermissionDenied(
        "conflict_of_interest", _("U kunt geen voorstel beoordelen van uw eigen organisatie.")
    )


async def assign_reviewer(
    proposal: Proposal, reviewer_id: int, *, event: Event, actor: Actor
) -> ReviewAssignment:
    """Assign by hand. Raises PermissionDenied (conflict), ValidationError (not a reviewer) or
    Conflict (already assigned). Audits review.assigned."""
    reviewer = next((u for u in await reviewers_for(event) if u.id == reviewer_id), None)
    if reviewer is None:
        raise ValidationError(
            "not_a_reviewer",
            _("Deze persoon is geen beoordelaar van dit evenement."),
            {"reviewer_id": _("Kies een beoordelaar.")},
        )
    if await has_conflict(reviewer.id, proposal):
        raise _conflict()
    async with in_transaction():
        if await ReviewAssignment.filter(proposal_id=proposal.id, reviewer_id=reviewer.id).exists():
            raise Conflict(
                "already_assigned", _("Deze beoordelaar is al aan dit voorstel gekoppeld.")
            )
        assignment = await ReviewAssignment.create(proposal=proposal, reviewer=reviewer)
        await audit.record(actor, "review.assigned", proposal, reviewer_id=reviewer.id)
    return assignment


async def unassign_reviewer(proposal: Proposal, reviewer_id: int, *, actor: Actor) -> None:
    async with in_transaction():
        deleted = await ReviewAssignment.filter(
            proposal_id=proposal.id, reviewer_id=reviewer_id
        ).delete()
        if not deleted:
            raise NotFound("assignment_not_found", _("Deze koppeling bestaat niet."))
        await audit.record(actor, "review.unassigned", proposal, reviewer_id=reviewer_id)


async def auto_assign(call: Call, *, per_proposal: int, event: Event, actor: Actor) -> int:
    """Give every reviewable proposal `per_proposal` reviewers, always the least-loaded one
    without a conflict. Returns how many assignments were made. Audits review.auto_assigned."""
    if not 1 <= per_proposal <= 10:
        raise ValidationError(
            "invalid_input",
            _("Controleer de velden met een foutmelding."),
            {"per_proposal": _("Vul een getal in van 1 tot en met 10.")},
        )
    reviewers = await reviewers_for(event)
    proposals = await Proposal.filter(call_id=call.id, state__in=list(REVIEWABLE_STATES)).order_by(
        "id"
    )
    members = await Membership.filter(user_id__in=[r.id for r in reviewers]).values_list(
        "user_id", "organisation_id"
    )
    orgs_of: dict[int, set[int]] = {}
    for user_id, organisation_id in members:
        orgs_of.setdefault(user_id, set()).add(organisation_id)
    existing = await ReviewAssignment.filter(proposal__call_id=call.id).values_list(
        "proposal_id", "reviewer_id"
    )
    load = Counter(reviewer_id for _p, reviewer_id in existing)
    taken = set(existing)
    made = 0
    async with in_transaction():
        for proposal in proposals:
            have = sum(1 for p, _r in taken if p == proposal.id)
            eligible = [
                r
                for r in reviewers
                if (proposal.id, r.id) not in taken
                and proposal.organisation_id not in orgs_of.get(r.id, set())
            ]
            eligible.sort(key=lambda r: (load[r.id], r.id))
            for reviewer in eligible[: max(0, per_proposal - have)]:
                await ReviewAssignment.create(proposal=proposal, reviewer=reviewer)
                taken.add((proposal.id, reviewer.id))
                load[reviewer.id] += 1
                made += 1
        await audit.record(
            actor,
            "review.auto_assigned",
            call,
            event_id=call.event_id,
            made=made,
            per_proposal=per_proposal,
        )
    return made


async def is_assigned(proposal: Proposal, reviewer: User) -> bool:
    return await ReviewAssignment.filter(proposal_id=proposal.id, reviewer_id=reviewer.id).exists()


async def save_review(
    proposal: Proposal, *, reviewer: User, scores: dict[int, int | None], comment: str
) -> Review:
    """Store (or replace) the reviewer's scores, each 1-5 on every criterion of the call. The
    first review moves a submitted proposal to under_review. Raises PermissionDenied (conflict,
    not assigned), Conflict (state) or ValidationError (score out of range). Audits review.saved."""
    if await has_conflict(reviewer.id, proposal):
        raise _conflict()
    if not await is_assigned(proposal, reviewer):
        raise PermissionDenied("not_assigned", _("Dit voorstel is niet aan u toegewezen."))
    if proposal.state not in REVIEWABLE_STATES:
        raise Conflict("not_reviewable", _("Dit voorstel kan nu niet worden beoordeeld."))
    criteria = await Criterion.filter(call_id=proposal.call_id)
    fields = {
        f"score_{c.id}": _("%(criterion)s: kies een score van 1 tot en met 5.")
        % {"criterion": c.name}
        for c in criteria
        if not isinstance(scores.get(c.id), int)
        or not MIN_SCORE <= (scores.get(c.id) or 0) <= MAX_SCORE
    }
    if len(comment) > 5000:
        fields["comment"] = _("Gebruik hoogstens %(n)s tekens.") % {"n": 5000}
    if fields:
        raise ValidationError(
            "invalid_score", _("Geef elk criterium een score van 1 tot en met 5."), fields
        )
    values = {str(c.id): scores[c.id] for c in criteria}
    async with in_transaction():
        review = await Review.get_or_none(proposal_id=proposal.id, reviewer_id=reviewer.id)
        if review is None:
            review = await Review.create(
                proposal=proposal, reviewer=reviewer, scores=values, comment=comment.strip()
            )
        else:
            review.scores, review.comment = values, comment.strip()
            await review.save()
        await Proposal.filter(id=proposal.id, state=ProposalState.SUBMITTED).update(
            state=ProposalState.UNDER_REVIEW
        )
        await audit.record(
            accounts.actor_for(reviewer),
            "review.saved",
            proposal,
            review_id=review.id,
            scores=values,
        )
    return review


async def review_by(proposal: Proposal, reviewer: User) -> Review | None:
    return await Review.get_or_none(proposal_id=proposal.id, reviewer_id=reviewer.id)


async def proposal_for_reviewer(
    proposal_id: int, *, event_id: int, user: User, may_see_all: bool
) -> Proposal:
    """For reviewer pages: organisers (`may_see_all`) see every proposal of the event; a reviewer
    only the ones assigned to them and never their own organisation's. Raises NotFound or
    PermissionDenied (conflict)."""
    proposal = await proposal_in_event(proposal_id, event_id=event_id)
    if await has_conflict(user.id, proposal):
        raise _conflict()
    if not may_see_all and not await is_assigned(proposal, user):
        raise NotFound("proposal_not_found", _("Dit voorstel bestaat niet."))
    return proposal
