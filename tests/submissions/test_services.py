"""Submissions rules on a real database: lifecycle, deadlines, limits, review, decisions."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from festival import clock
from festival.accounts.models import Membership, OrganisationKind, Role
from festival.audit import AuditEntry
from festival.errors import Conflict, PermissionDenied, ValidationError
from festival.mail.models import OutboxMessage
from festival.programme.models import Session, SessionState
from festival.submissions import queries
from festival.submissions import services as submissions
from festival.submissions.forms import SignupData, SpeakerProfileData
from festival.submissions.models import (
    AccessCode,
    Decision,
    PartnerProfile,
    ProposalState,
    ReviewAssignment,
)
from festival.submissions.services import accounts_actor
from tests.factories import make_event, make_user
from tests.submissions.support import (
    NOW,
    make_call,
    make_partner,
    make_proposal,
    make_reviewer,
    proposal_data,
)

SECRET = "test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
BASE = "http://testserver"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


async def test_signup_partner_then_verify_link_marks_verified(database: None) -> None:
    data = SignupData(
        name="Vereniging van Griffiers",
        kind=OrganisationKind.ASSOCIATION,
        municipality="Utrecht",
        contact_name="Anna de Vries",
        contact_email="Anna@Griffiers.nl",
        password="lang-genoeg-wachtwoord",
    )
    organisation, user = await submissions.signup_partner(data, secret_key=SECRET, base_url=BASE)
    assert user.email == "anna@griffiers.nl"
    assert await Membership.filter(
        user_id=user.id, organisation_id=organisation.id, role=Role.PARTNER
    ).exists()
    profile = await PartnerProfile.get(organisation_id=organisation.id)
    assert profile.verified_at is None
    mail = await OutboxMessage.get(template="submissions/verify")
    assert mail.to == "anna@griffiers.nl"
    # The token carries its signing time, so take it from the mail rather than signing again.
    found = re.search(r"/partners/verify/([A-Za-z0-9_.\-]+)", mail.text)
    assert found is not None
    await submissions.verify_partner(found.group(1), secret_key=SECRET)
    await profile.refresh_from_db()
    assert profile.verified_at is not None


async def test_signup_partner_with_taken_email_is_refused(database: None) -> None:
    await make_user(email="taken@example.nl")
    data = SignupData(
        name="X",
        kind=OrganisationKind.OTHER,
        municipality="",
        contact_name="X",
        contact_email="taken@example.nl",
        password="lang-genoeg-wachtwoord",
    )
    with pytest.raises(ValidationError) as caught:
        await submissions.signup_partner(data, secret_key=SECRET, base_url=BASE)
    assert caught.value.code == "email_taken"


async def test_lifecycle_from_draft_to_confirmed_session_with_speakers(database: None) -> None:
    call = await make_call()
    organisation, user = await make_partner(name="Gemeente Zeist")
    proposal = await make_proposal(call, organisation, user)
    assert proposal.state == ProposalState.DRAFT
    speaker = await submissions.invite_speaker(
        proposal, email="piet@zeist.nl", name="Piet", actor=user, secret_key=SECRET, base_url=BASE
    )
    invite = await OutboxMessage.get(template="submissions/speaker_invite")
    assert invite.to == speaker.email == "piet@zeist.nl"
    # The token carries its signing time: take it from the mail rather than signing again.
    found = re.search(r"/speakers/profile/([A-Za-z0-9_.\-]+)", invite.text)
    assert found is not None
    by_link = await submissions.speaker_for_token(found.group(1), secret_key=SECRET)
    await submissions.update_speaker(
        by_link,
        SpeakerProfileData(
            name="Piet Jansen",
            organisation="Gemeente Zeist",
            role="griffier",
            bio="Griffier sinds 2010.",
            bio_en="",
        ),
        actor=accounts_actor(user),
    )
    await submissions.submit_proposal(proposal, actor=user)
    assert proposal.state == ProposalState.SUBMITTED
    confirmation = await OutboxMessage.get(template="submissions/submitted")
    assert confirmation.to == user.email
    assert "Raad op Zaterdag" in confirmation.subject

    reviewer = await make_reviewer(call.event)
    await submissions.assign_reviewer(
        proposal, reviewer.id, event=call.event, actor=accounts_actor(reviewer)
    )
    criteria = await submissions.criteria_of(call)
    await submissions.save_review(
        proposal, reviewer=reviewer, scores={criteria[0].id: 5, criteria[1].id: 2}, comment="Sterk"
    )
    await proposal.refresh_from_db()
    assert proposal.state == ProposalState.UNDER_REVIEW

    await submissions.decide_proposal(proposal, Decision.ACCEPT, actor=accounts_actor(reviewer))
    assert proposal.state == ProposalState.ACCEPTED
    with pytest.raises(Conflict):  # the decision mail has not gone out yet
        await submissions.confirm_proposal(proposal, actor=user)
    previews = await submissions.pending_decision_mails(call, call.event, base_url=BASE)
    assert [(m.title, m.to) for m in previews] == [("Raad op Zaterdag", [user.email])]
    assert previews[0].subject == 'Uw voorstel "Raad op Zaterdag" is geaccepteerd'
    assert f"{BASE}/partners/proposals/{proposal.id}" in previews[0].body
    sent = await submissions.send_decision_mails(
        call, call.event, base_url=BASE, actor=accounts_actor(reviewer)
    )
    assert sent == 1
    assert await submissions.pending_decision_mails(call, call.event, base_url=BASE) == []

    await proposal.refresh_from_db()
    await submissions.confirm_proposal(proposal, actor=user)
    assert proposal.state == ProposalState.CONFIRMED
    session = await Session.get(id=proposal.session_id).prefetch_related("speakers")
    assert (session.title, session.state, session.format, session.capacity) == (
        "Raad op Zaterdag",
        SessionState.DRAFT,
        "workshop",
        30,
    )
    assert [(s.name, s.role, s.organisation) for s in session.speakers] == [
        ("Piet Jansen", "griffier", "Gemeente Zeist")
    ]
    actions = set(await AuditEntry.filter(subject_type="proposal").values_list("action", flat=True))
    assert {
        "proposal.created",
        "proposal.submitted",
        "proposal.decided",
        "proposal.confirmed",
    } <= actions


async def test_public_text_after_confirm_updates_session_until_organiser_date(
    database: None,
) -> None:
    call = await make_call(public_edit_until=datetime(2027, 3, 1, tzinfo=UTC))
    organisation, user = await make_partner()
    proposal = await make_proposal(call, organisation, user)
    await submissions.submit_proposal(proposal, actor=user)
    await submissions.decide_proposal(proposal, Decision.ACCEPT, actor=accounts_actor(user))
    await submissions.send_decision_mails(
        call, call.event, base_url=BASE, actor=accounts_actor(user)
    )
    await proposal.refresh_from_db()
    await submissions.confirm_proposal(proposal, actor=user)
    await submissions.update_public_text(
        proposal, title="Raad op Zaterdag 2.0", summary="Nieuw", actor=user
    )
    session = await Session.get(id=proposal.session_id)
    assert (session.title, session.abstract) == ("Raad op Zaterdag 2.0", "Nieuw")
    clock.set_now(datetime(2027, 3, 2, tzinfo=UTC))
    with pytest.raises(Conflict) as caught:
        await submissions.update_public_text(proposal, title="Te laat", summary="", actor=user)
    assert caught.value.code == "public_text_locked"


@pytest.mark.parametrize(
    ("now", "allowed"),
    [
        pytest.param(
            datetime(2027, 1, 31, 22, 59, 59, tzinfo=UTC), True, id="23:59:59-amsterdam-open"
        ),
        pytest.param(
            datetime(2027, 1, 31, 23, 0, 0, tzinfo=UTC), False, id="00:00-amsterdam-closed"
        ),
        pytest.param(
            datetime(2027, 1, 31, 23, 30, 0, tzinfo=UTC), False, id="still-31-jan-in-utc-closed"
        ),
    ],
)
async def test_submit_deadline_is_in_event_time_zone(
    database: None, now: datetime, allowed: bool
) -> None:
    call = await make_call()
    organisation, user = await make_partner()
    proposal = await make_proposal(call, organisation, user)
    clock.set_now(now)
    if allowed:
        await submissions.submit_proposal(proposal, actor=user)
        assert proposal.state == ProposalState.SUBMITTED
    else:
        with pytest.raises(Conflict) as caught:
            await submissions.submit_proposal(proposal, actor=user)
        assert caught.value.code == "call_closed"
        await proposal.refresh_from_db()
        assert proposal.state == ProposalState.DRAFT


async def test_call_deadline_from_form_is_local_end_of_day(database: None) -> None:
    from festival.submissions.forms import call_data

    data = call_data(
        {"opens_date": "2026-12-01", "closes_date": "2027-01-31", "formats": "workshop: 60, 90"},
        tz="Europe/Amsterdam",
    )
    assert data.closes_at == datetime(2027, 1, 31, 22, 59, 59, tzinfo=UTC)
    assert data.formats == [{"format": "workshop", "durations": [60, 90]}]


async def test_access_code_extends_deadline_for_one_partner_only(database: None) -> None:
    call = await make_call()
    org_a, user_a = await make_partner()
    org_b, user_b = await make_partner()
    code = await submissions.create_access_code(
        call, closes_at=datetime(2027, 2, 7, 22, 59, 59, tzinfo=UTC), actor=accounts_actor(user_a)
    )
    await submissions.redeem_access_code(call, org_a, code.code, actor=accounts_actor(user_a))
    with pytest.raises(Conflict) as caught:
        await submissions.redeem_access_code(call, org_b, code.code, actor=accounts_actor(user_b))
    assert caught.value.code == "access_code_used"
    clock.set_now(datetime(2027, 2, 3, tzinfo=UTC))
    proposal = await submissions.create_proposal(
        call, proposal_data(), organisation=org_a, actor=user_a
    )
    assert proposal.state == ProposalState.DRAFT
    with pytest.raises(Conflict):
        await submissions.create_proposal(call, proposal_data(), organisation=org_b, actor=user_b)
    assert (await AccessCode.get(id=code.id)).organisation_id == org_a.id


async def test_access_code_opens_call_before_it_opens(database: None) -> None:
    call = await make_call(
        opens_at=datetime(2027, 2, 1, tzinfo=UTC), closes_at=datetime(2027, 3, 1, tzinfo=UTC)
    )
    organisation, user = await make_partner()
    clock.set_now(NOW)
    with pytest.raises(Conflict) as caught:
        await submissions.create_proposal(
            call, proposal_data(), organisation=organisation, actor=user
        )
    assert caught.value.code == "call_not_open"
    code = await submissions.create_access_code(
        call, closes_at=datetime(2027, 3, 1, tzinfo=UTC), actor=accounts_actor(user)
    )
    await submissions.redeem_access_code(call, organisation, code.code, actor=accounts_actor(user))
    assert (
        await submissions.create_proposal(
            call, proposal_data(), organisation=organisation, actor=user
        )
    ).id


async def test_max_proposals_per_partner_is_enforced(database: None) -> None:
    call = await make_call(max_proposals_per_partner=2)
    organisation, user = await make_partner()
    first = await make_proposal(call, organisation, user)
    await make_proposal(call, organisation, user)
    with pytest.raises(Conflict) as caught:
        await make_proposal(call, organisation, user)
    assert caught.value.code == "proposal_limit_reached"
    await submissions.withdraw_proposal(first, actor=user)
    assert (await make_proposal(call, organisation, user)).state == ProposalState.DRAFT


async def test_unverified_partner_cannot_create_proposal(database: None) -> None:
    call = await make_call()
    organisation, user = await make_partner(verified=False)
    with pytest.raises(PermissionDenied) as caught:
        await make_proposal(call, organisation, user)
    assert caught.value.code == "partner_not_verified"


async def test_submit_requires_answers_to_required_questions(database: None) -> None:
    call = await make_call()
    organisation, user = await make_partner()
    proposal = await make_proposal(call, organisation, user, answers={"q1": ""})
    with pytest.raises(ValidationError) as caught:
        await submissions.submit_proposal(proposal, actor=user)
    assert caught.value.fields == {"answer_q1": "Beantwoord deze vraag."}


async def test_duration_must_fit_the_format(database: None) -> None:
    call = await make_call()
    organisation, user = await make_partner()
    with pytest.raises(ValidationError) as caught:
        await make_proposal(call, organisation, user, format="lab", duration_minutes=60)
    assert caught.value.fields == {"duration_minutes": "Kies een duur van 90 minuten."}


@pytest.mark.parametrize("bad", [0, 6, None], ids=["zero", "six", "missing"])
async def test_review_score_outside_one_to_five_is_refused(database: None, bad: int | None) -> None:
    call = await make_call()
    organisation, user = await make_partner()
    proposal = await make_proposal(call, organisation, user)
    await submissions.submit_proposal(proposal, actor=user)
    reviewer = await make_reviewer(call.event)
    await submissions.assign_reviewer(
        proposal, reviewer.id, event=call.event, actor=accounts_actor(reviewer)
    )
    criteria = await submissions.criteria_of(call)
    with pytest.raises(ValidationError) as caught:
        await submissions.save_review(
            proposal, reviewer=reviewer, scores={criteria[0].id: bad, criteria[1].id: 3}, comment=""
        )
    assert caught.value.code == "invalid_score"
    assert list(caught.value.fields) == [f"score_{criteria[0].id}"]
    await submissions.save_review(
        proposal, reviewer=reviewer, scores={criteria[0].id: 1, criteria[1].id: 5}, comment=""
    )
    rows = await queries.review_overview(call, blind=False)
    assert rows[0].score == round((2 * 1 + 1 * 5) / 3, 2)


async def test_reviewer_of_own_organisation_is_refused(database: None) -> None:
    call = await make_call()
    organisation, user = await make_partner()
    proposal = await make_proposal(call, organisation, user)
    await submissions.submit_proposal(proposal, actor=user)
    reviewer = await make_reviewer(call.event)
    await Membership.create(user=reviewer, organisation=organisation, role=Role.PARTNER)
    with pytest.raises(PermissionDenied) as caught:
        await submissions.assign_reviewer(
            proposal, reviewer.id, event=call.event, actor=accounts_actor(reviewer)
        )
    assert caught.value.code == "conflict_of_interest"
    # Even an assignment made before the conflict arose cannot be used to review.
    await ReviewAssignment.create(proposal=proposal, reviewer=reviewer)
    criteria = await submissions.criteria_of(call)
    with pytest.raises(PermissionDenied) as caught:
        await submissions.save_review(
            proposal, reviewer=reviewer, scores={c.id: 3 for c in criteria}, comment=""
        )
    assert caught.value.code == "conflict_of_interest"


async def test_auto_assign_is_balanced_and_skips_conflicts(database: None) -> None:
    call = await make_call()
    reviewers = [await make_reviewer(call.event) for _ in range(3)]
    partners = [await make_partner() for _ in range(3)]
    await Membership.create(user=reviewers[0], organisation=partners[0][0], role=Role.PARTNER)
    proposals = []
    for organisation, user in partners:
        proposal = await make_proposal(call, organisation, user)
        await submissions.submit_proposal(proposal, actor=user)
        proposals.append(proposal)
    made = await submissions.auto_assign(
        call, per_proposal=2, event=call.event, actor=accounts_actor(reviewers[1])
    )
    assert made == 6
    pairs = set(await ReviewAssignment.all().values_list("proposal_id", "reviewer_id"))
    assert (proposals[0].id, reviewers[0].id) not in pairs
    loads = sorted(sum(1 for _p, r in pairs if r == reviewer.id) for reviewer in reviewers)
    assert loads == [2, 2, 2]
    assert (
        await submissions.auto_assign(
            call, per_proposal=2, event=call.event, actor=accounts_actor(reviewers[1])
        )
        == 0
    )


async def test_bulk_decisions_and_hold(database: None) -> None:
    call = await make_call()
    organisation, user = await make_partner()
    a = await make_proposal(call, organisation, user, title="A")
    b = await make_proposal(call, organisation, user, title="B")
    for proposal in (a, b):
        await submissions.submit_proposal(proposal, actor=user)
    assert (
        await submissions.decide_proposals(
            call, [a.id, b.id], Decision.REJECT, actor=accounts_actor(user)
        )
        == 2
    )
    await submissions.decide_proposal(b, Decision.HOLD, actor=accounts_actor(user))
    await a.refresh_from_db()
    assert (a.state, a.decision_mail_pending) == (ProposalState.REJECTED, True)
    assert (b.state, b.on_hold, b.decision_mail_pending) == (
        ProposalState.UNDER_REVIEW,
        True,
        False,
    )
    previews = await submissions.pending_decision_mails(call, call.event, base_url=BASE)
    assert [m.title for m in previews] == ["A"]


async def test_draft_proposal_cannot_be_decided(database: None) -> None:
    call = await make_call()
    organisation, user = await make_partner()
    draft = await make_proposal(call, organisation, user)
    with pytest.raises(Conflict) as caught:
        await submissions.decide_proposal(draft, Decision.ACCEPT, actor=accounts_actor(user))
    assert caught.value.code == "not_decidable"


async def test_attachment_pdf_is_stored_under_random_name(database: None, tmp_path: Path) -> None:
    call = await make_call()
    organisation, user = await make_partner()
    proposal = await make_proposal(call, organisation, user)
    attachment = await submissions.add_attachment(
        proposal, filename="../../etc/plan.pdf", content=PDF, media_dir=tmp_path, actor=user
    )
    assert attachment.filename == "plan.pdf"
    assert attachment.content_type == "application/pdf"
    stored = tmp_path / "proposals" / attachment.stored_name
    assert stored.read_bytes() == PDF
    assert attachment.stored_name != "plan.pdf"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        pytest.param(b"MZ\x90\x00" + b"\x00" * 100, "attachment_type", id="exe-disguised-as-pdf"),
        pytest.param(
            b"<html><script>alert(1)</script>", "attachment_type", id="html-disguised-as-pdf"
        ),
        pytest.param(b"%PDF-" + b"0" * (5 * 1024 * 1024), "attachment_too_large", id="oversize"),
    ],
)
async def test_attachment_refused(
    database: None, tmp_path: Path, content: bytes, code: str
) -> None:
    call = await make_call()
    organisation, user = await make_partner()
    proposal = await make_proposal(call, organisation, user)
    with pytest.raises(ValidationError) as caught:
        await submissions.add_attachment(
            proposal, filename="plan.pdf", content=content, media_dir=tmp_path, actor=user
        )
    assert caught.value.code == code
    assert not (tmp_path / "proposals").exists() or list((tmp_path / "proposals").iterdir()) == []


async def test_past_sessions_of_partner_lists_sessions_of_ended_events(database: None) -> None:
    old_event = await make_event(
        starts_at=datetime(2026, 3, 20, 8, tzinfo=UTC),
        ends_at=datetime(2026, 3, 20, 16, tzinfo=UTC),
        name="DLD 2026",
    )
    call = await make_call(
        old_event,
        opens_at=datetime(2025, 12, 1, tzinfo=UTC),
        closes_at=datetime(2026, 1, 31, tzinfo=UTC),
    )
    organisation, user = await make_partner()
    assert await queries.past_sessions_of_partner(organisation.id) == []
    clock.set_now(datetime(2026, 1, 10, tzinfo=UTC))
    proposal = await submissions.create_proposal(
        call, proposal_data(), organisation=organisation, actor=user
    )
    await submissions.submit_proposal(proposal, actor=user)
    await submissions.decide_proposal(proposal, Decision.ACCEPT, actor=accounts_actor(user))
    await submissions.send_decision_mails(
        call, old_event, base_url=BASE, actor=accounts_actor(user)
    )
    await proposal.refresh_from_db()
    await submissions.confirm_proposal(proposal, actor=user)
    clock.set_now(datetime(2026, 3, 19, tzinfo=UTC))
    assert await queries.past_sessions_of_partner(organisation.id) == []
    clock.set_now(datetime(2026, 4, 1, tzinfo=UTC))
    rows = await queries.past_sessions_of_partner(organisation.id)
    assert [(r.title, r.event_name, r.attendance, r.rating) for r in rows] == [
        ("Raad op Zaterdag", "DLD 2026", None, None)
    ]
