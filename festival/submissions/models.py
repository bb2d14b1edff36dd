"""Partner profiles, calls for proposals, proposals with speakers and attachments, reviews."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from festival.accounts.models import Organisation, User
    from festival.events.models import Event, Track
    from festival.programme.models import Session, Speaker


class ProposalState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CONFIRMED = "confirmed"


# Named groups: the rules say which group they mean rather than listing states each time.
EDITABLE_STATES = (ProposalState.DRAFT, ProposalState.SUBMITTED)  # until the deadline
REVIEWABLE_STATES = (ProposalState.SUBMITTED, ProposalState.UNDER_REVIEW)
DECIDABLE_STATES = (
    ProposalState.SUBMITTED,
    ProposalState.UNDER_REVIEW,
    ProposalState.ACCEPTED,
    ProposalState.REJECTED,
)
WITHDRAWABLE_STATES = (ProposalState.DRAFT, ProposalState.SUBMITTED, ProposalState.UNDER_REVIEW)
COUNTED_STATES = tuple(
    s for s in ProposalState if s not in (ProposalState.WITHDRAWN, ProposalState.REJECTED)
)
DECIDED_STATES = (ProposalState.ACCEPTED, ProposalState.REJECTED, ProposalState.CONFIRMED)


class Decision(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    HOLD = "hold"


class PartnerProfile(Model):
    """The partner side of an Organisation: who to contact and whether the address is verified."""

    id = fields.IntField(primary_key=True)
    organisation: fields.OneToOneRelation[Organisation] = fields.OneToOneField(
        "festival.Organisation", related_name="partner_profile", on_delete=fields.CASCADE
    )
    contact_name = fields.CharField(max_length=200)
    contact_email = fields.CharField(max_length=254)
    verified_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    organisation_id: int

    class Meta:
        table = "partner_profile"

    def __str__(self) -> str:
        return f"partner {self.organisation_id}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class Call(Model):
    """The call for proposals of one event."""

    id = fields.IntField(primary_key=True)
    event: fields.OneToOneRelation[Event] = fields.OneToOneField(
        "festival.Event", related_name="call", on_delete=fields.CASCADE
    )
    opens_at = fields.DatetimeField()
    closes_at = fields.DatetimeField()
    guidelines = fields.TextField(default="")
    # [{"format": SessionFormat value, "durations": [minutes, ...]}]
    formats: Any = fields.JSONField(default=list)
    # [{"key": "q1", "label": "...", "required": bool}]
    questions: Any = fields.JSONField(default=list)
    max_proposals_per_partner = fields.IntField(default=3)
    blind_review = fields.BooleanField(default=False)
    public_edit_until = fields.DatetimeField(null=True)  # accepted partners edit public texts until
    accept_subject = fields.CharField(max_length=300, default="")
    accept_body = fields.TextField(default="")
    reject_subject = fields.CharField(max_length=300, default="")
    reject_body = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    event_id: int
    criteria: fields.ReverseRelation[Criterion]

    class Meta:
        table = "call"

    def __str__(self) -> str:
        return f"call {self.event_id}"


class AccessCode(Model):
    """Opens a closed call, or extends its deadline, for the one partner that redeems it."""

    id = fields.IntField(primary_key=True)
    call: fields.ForeignKeyRelation[Call] = fields.ForeignKeyField(
        "festival.Call", related_name="access_codes", on_delete=fields.CASCADE
    )
    code = fields.CharField(max_length=40, unique=True)
    closes_at = fields.DatetimeField()  # the deadline for the partner holding the code
    organisation: fields.ForeignKeyNullableRelation[Organisation] = fields.ForeignKeyField(
        "festival.Organisation", related_name=False, null=True, on_delete=fields.CASCADE
    )
    note = fields.CharField(max_length=200, default="")
    redeemed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    call_id: int
    organisation_id: int | None

    class Meta:
        table = "access_code"

    def __str__(self) -> str:
        return self.code


class Proposal(Model):
    id = fields.IntField(primary_key=True)
    call: fields.ForeignKeyRelation[Call] = fields.ForeignKeyField(
        "festival.Call", related_name="proposals", on_delete=fields.CASCADE
    )
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "festival.Event", related_name="proposals", on_delete=fields.CASCADE
    )
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "festival.Organisation", related_name="proposals", on_delete=fields.RESTRICT
    )
    title = fields.CharField(max_length=200)
    summary = fields.TextField(default="")  # public
    description = fields.TextField(default="")  # for the reviewers
    format = fields.CharField(max_length=20)
    duration_minutes = fields.IntField(default=60)
    track: fields.ForeignKeyNullableRelation[Track] = fields.ForeignKeyField(
        "festival.Track", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    audiences: Any = fields.JSONField(default=list)  # programme Audience values
    expected_participants = fields.IntField(default=0)
    max_participants = fields.IntField(default=0)
    room_needs = fields.TextField(default="")
    equipment_needs = fields.TextField(default="")
    accessibility: Any = fields.JSONField(default=list)  # programme Accessibility values
    accessibility_notes = fields.TextField(default="")
    answers: Any = fields.JSONField(default=dict)  # question key -> answer
    state = fields.CharEnumField(ProposalState, default=ProposalState.DRAFT)
    on_hold = fields.BooleanField(default=False)
    decision_mail_pending = fields.BooleanField(default=False)
    session: fields.ForeignKeyNullableRelation[Session] = fields.ForeignKeyField(
        "festival.Session", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "festival.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    submitted_at = fields.DatetimeField(null=True)
    decided_at = fields.DatetimeField(null=True)
    confirmed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    call_id: int
    event_id: int
    organisation_id: int
    track_id: int | None
    session_id: int | None
    speakers: fields.ReverseRelation[ProposalSpeaker]
    attachments: fields.ReverseRelation[Attachment]

    class Meta:
        table = "proposal"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def allowed_actions(self) -> frozenset[str]:
        """The partner's actions in this state: edit, submit, confirm, withdraw (the page shows
        these buttons; each service checks its own rule again when it runs)."""
        actions = set()
        if self.state in EDITABLE_STATES:
            actions.add("edit")
        if self.state == ProposalState.DRAFT:
            actions.add("submit")
        if self.state == ProposalState.ACCEPTED and not self.decision_mail_pending:
            actions.add("confirm")
        if self.state in WITHDRAWABLE_STATES:
            actions.add("withdraw")
        return frozenset(actions)


class ProposalSpeaker(Model):
    """A speaker of a proposal, invited by e-mail, completes their own profile by signed link."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "festival.Proposal", related_name="speakers", on_delete=fields.CASCADE
    )
    email = fields.CharField(max_length=254)
    name = fields.CharField(max_length=200, default="")
    organisation = fields.CharField(max_length=200, default="")
    role = fields.CharField(max_length=200, default="")
    bio = fields.TextField(default="")
    bio_en = fields.TextField(default="")
    invited_at = fields.DatetimeField(null=True)
    completed_at = fields.DatetimeField(null=True)
    speaker: fields.ForeignKeyNullableRelation[Speaker] = fields.ForeignKeyField(
        "festival.Speaker", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    position = fields.IntField(default=0)

    proposal_id: int
    speaker_id: int | None

    class Meta:
        table = "proposal_speaker"
        ordering = ["position", "id"]
        unique_together = (("proposal", "email"),)

    def __str__(self) -> str:
        return self.name or self.email


class Attachment(Model):
    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "festival.Proposal", related_name="attachments", on_delete=fields.CASCADE
    )
    filename = fields.CharField(max_length=200)  # as uploaded (cleaned), shown to people
    stored_name = fields.CharField(max_length=80, unique=True)  # random, under media/proposals/
    content_type = fields.CharField(max_length=60)
    size = fields.IntField()
    uploaded_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "festival.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    proposal_id: int

    class Meta:
        table = "proposal_attachment"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.filename


class Criterion(Model):
    id = fields.IntField(primary_key=True)
    call: fields.ForeignKeyRelation[Call] = fields.ForeignKeyField(
        "festival.Call", related_name="criteria", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=120)
    description = fields.TextField(default="")
    weight = fields.IntField(default=1)
    position = fields.IntField(default=0)

    call_id: int

    class Meta:
        table = "review_criterion"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class ReviewAssignment(Model):
    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "festival.Proposal", related_name="assignments", on_delete=fields.CASCADE
    )
    reviewer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "festival.User", related_name="review_assignments", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    proposal_id: int
    reviewer_id: int

    class Meta:
        table = "review_assignment"
        unique_together = (("proposal", "reviewer"),)

    def __str__(self) -> str:
        return f"{self.reviewer_id}->{self.proposal_id}"


class Review(Model):
    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "festival.Proposal", related_name="reviews", on_delete=fields.CASCADE
    )
    reviewer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "festival.User", related_name="reviews", on_delete=fields.CASCADE
    )
    scores: Any = fields.JSONField(default=dict)  # str(criterion id) -> 1..5
    comment = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    proposal_id: int
    reviewer_id: int

    class Meta:
        table = "review"
        unique_together = (("proposal", "reviewer"),)

    def __str__(self) -> str:
        return f"review {self.reviewer_id}->{self.proposal_id}"
