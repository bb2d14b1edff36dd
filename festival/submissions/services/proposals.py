"""Proposals: who may see them, create, edit until the deadline, submit, withdraw."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.accounts import services as accounts
from festival.accounts.models import Organisation, User
from festival.errors import Conflict, NotFound, ValidationError
from festival.events.models import Track
from festival.i18n import _, fmt_or_list, ngettext
from festival.mail import services as mail
from festival.submissions.forms import ProposalData
from festival.submissions.models import (
    COUNTED_STATES,
    EDITABLE_STATES,
    WITHDRAWABLE_STATES,
    Call,
    Proposal,
    ProposalState,
)
from festival.submissions.services import calls, decisions, partners


def _not_found() -> NotFound:
    return NotFound("proposal_not_found", _("Dit voorstel bestaat niet."))


async def load_proposal(proposal_id: int) -> Proposal:
    """A proposal with everything its pages show. Raises NotFound."""
    proposal = await Proposal.get_or_none(id=proposal_id).select_related(
        "call", "event", "organisation", "track", "session"
    )
    if proposal is None:
        raise _not_found()
    await proposal.fetch_related("speakers", "attachments")
    return proposal


async def proposal_for_partner(proposal_id: int, *, user: User) -> Proposal:
    """The proposal when `user` is a contact of its organisation; otherwise NotFound (never a hint
    that another partner's proposal exists)."""
    proposal = await Proposal.get_or_none(id=proposal_id)
    if proposal is None or not await partners.is_partner_contact(user, proposal.organisation_id):
        raise _not_found()
    return await load_proposal(proposal_id)


async def proposal_in_event(proposal_id: int, *, event_id: int) -> Proposal:
    """For organiser and reviewer pages: the proposal when it belongs to this event."""
    if not await Proposal.filter(id=proposal_id, event_id=event_id).exists():
        raise _not_found()
    return await load_proposal(proposal_id)


async def _check_choices(call: Call, data: ProposalData) -> None:
    fields: dict[str, str] = {}
    durations = calls.durations_for(call, data.format)
    if call.formats and not durations:
        fields["format"] = _("Deze vorm past niet bij deze oproep.")
    elif durations and data.duration_minutes not in durations:
        fields["duration_minutes"] = _("Kies een duur van %(options)s minuten.") % {
            "options": fmt_or_list([str(d) for d in durations])
        }
    if (
        data.track_id is not None
        and not await Track.filter(id=data.track_id, event_id=call.event_id).exists()
    ):
        fields["track_id"] = _("Kies een thema van dit evenement.")
    if fields:
        raise ValidationError(
            "invalid_input", _("Controleer de velden met een foutmelding."), fields
        )


def _values(data: ProposalData) -> dict[str, Any]:
    return {
        "title": data.title,
        "summary": data.summary,
        "description": data.description,
        "format": data.format,
        "duration_minutes": data.duration_minutes,
        "track_id": data.track_id,
        "audiences": data.audiences,
        "expected_participants": data.expected_participants,
        "max_participants": data.max_participants,
        "room_needs": data.room_needs,
        "equipment_needs": data.equipment_needs,
        "accessibility": data.accessibility,
        "accessibility_notes": data.accessibility_notes,
        "answers": data.answers,
    }


async def create_proposal(
    call: Call, data: ProposalData, *, organisation: Organisation, actor: User
) -> Proposal:
    """A new draft for the partner. Raises PermissionDenied (not verified), Conflict (closed,
    limit reached) or ValidationError. Audits proposal.created."""
    await partners.require_verified(organisation)
    await calls.require_open(call, organisation.id)
    await _check_choices(call, data)
    async with in_transaction():
        count = await Proposal.filter(
            call_id=call.id, organisation_id=organisation.id, state__in=list(COUNTED_STATES)
        ).count()
        if count >= call.max_proposals_per_partner:
            raise Conflict(
                "proposal_limit_reached",
                ngettext(
                    "Uw organisatie heeft al het maximum van %(n)s voorstel voor deze oproep.",
                    "Uw organisatie heeft al het maximum van %(n)s voorstellen voor deze oproep.",
                    call.max_proposals_per_partner,
                )
                % {"n": call.max_proposals_per_partner},
            )
        proposal = await Proposal.create(
            call=call,
            event_id=call.event_id,
            organisation=organisation,
            created_by=actor,
            **_values(data),
        )
        await audit.record(
            accounts.actor_for(actor), "proposal.created", proposal, organisation_id=organisation.id
        )
    return proposal


async def update_proposal(proposal: Proposal, data: ProposalData, *, actor: User) -> Proposal:
    """Change a draft or submitted proposal before the deadline. Raises Conflict or
    ValidationError. Audits proposal.updated."""
    if proposal.state not in EDITABLE_STATES:
        raise Conflict("proposal_locked", _("Dit voorstel kan niet meer worden gewijzigd."))
    call = await Call.get(id=proposal.call_id)
    await calls.require_open(call, proposal.organisation_id)
    await _check_choices(call, data)
    async with in_transaction():
        await proposal.update_from_dict(_values(data)).save()
        await audit.record(accounts.actor_for(actor), "proposal.updated", proposal)
    return proposal


async def submit_proposal(proposal: Proposal, *, actor: User) -> Proposal:
    """Draft -> submitted, before the deadline, with the required answers. Side effects: audit
    proposal.submitted, a confirmation mail to every contact. Raises Conflict or ValidationError."""
    if proposal.state != ProposalState.DRAFT:
        raise Conflict("proposal_not_draft", _("Dit voorstel is al ingediend of afgesloten."))
    call = await Call.get(id=proposal.call_id).select_related("event")
    await calls.require_open(call, proposal.organisation_id)
    missing = {
        f"answer_{q['key']}": _("Beantwoord deze vraag.")
        for q in call.questions or []
        if q.get("required") and not (proposal.answers or {}).get(q["key"], "").strip()
    }
    if not proposal.summary.strip():
        missing["summary"] = _("Vul een korte samenvatting in.")
    if missing:
        raise ValidationError(
            "proposal_incomplete", _("Vul eerst de ontbrekende velden in."), missing
        )
    contacts = await partners.contacts_of(await Organisation.get(id=proposal.organisation_id))
    async with in_transaction():
        rows = await Proposal.filter(id=proposal.id, state=ProposalState.DRAFT).update(
            state=ProposalState.SUBMITTED, submitted_at=clock.now()
        )
        if rows != 1:
            raise Conflict("proposal_not_draft", _("Dit voorstel is al ingediend of afgesloten."))
        await audit.record(accounts.actor_for(actor), "proposal.submitted", proposal)
        messages = [
            await mail.queue_mail(
                contact.email,
                template="submissions/submitted",
                language=contact.language,
                event_id=call.event_id,
                send=False,
                context={
                    "name": contact.name,
                    "title": proposal.title,
                    "event": call.event.name,
                    "closes_at": call.closes_at,
                    "timezone": call.event.timezone,
                },
            )
            for contact in contacts
        ]
    await mail.send_queued([m.id for m in messages])
    await proposal.refresh_from_db()
    return proposal


async def withdraw_proposal(proposal: Proposal, *, actor: User) -> Proposal:
    """The partner pulls the proposal back. Raises Conflict. Audits proposal.withdrawn."""
    async with in_transaction():
        rows = await Proposal.filter(id=proposal.id, state__in=list(WITHDRAWABLE_STATES)).update(
            state=ProposalState.WITHDRAWN
        )
        if rows != 1:
            raise Conflict(
                "proposal_not_withdrawable", _("Dit voorstel kan niet meer worden ingetrokken.")
            )
        await audit.record(accounts.actor_for(actor), "proposal.withdrawn", proposal)
    await proposal.refresh_from_db()
    return proposal


def can_edit_public_text(proposal: Proposal, call: Call) -> bool:
    if proposal.state not in (ProposalState.ACCEPTED, ProposalState.CONFIRMED):
        return False
    return call.public_edit_until is None or clock.now() <= call.public_edit_until


async def update_public_text(
    proposal: Proposal, *, title: str, summary: str, actor: User
) -> Proposal:
    """After acceptance: the partner edits the public title and summary until the organiser's
    date; a confirmed proposal's session follows. Raises Conflict or ValidationError."""
    call = await Call.get(id=proposal.call_id)
    if not can_edit_public_text(proposal, call):
        raise Conflict("public_text_locked", _("De openbare tekst kan niet meer worden gewijzigd."))
    title, summary = title.strip(), summary.strip()
    if not title or len(title) > 200 or len(summary) > 2000:
        raise ValidationError(
            "invalid_input",
            _("Controleer de velden met een foutmelding."),
            {"title": _("Vul een titel in van hoogstens 200 tekens.")},
        )
    async with in_transaction():
        proposal.title, proposal.summary = title, summary
        await proposal.save(update_fields=["title", "summary", "updated_at"])
        if proposal.session_id is not None:
            await decisions.sync_session_text(proposal)
        await audit.record(accounts.actor_for(actor), "proposal.public_text_updated", proposal)
    return proposal
