"""Decisions: accept, reject or hold (one or in bulk), decision mails from editable templates
previewed and then sent through the outbox, and the confirmed proposal becoming a draft session."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.accounts import services as accounts
from festival.accounts.models import Organisation, User
from festival.audit import Actor
from festival.errors import Conflict, ValidationError
from festival.events.models import Event
from festival.i18n import _
from festival.mail import services as mail
from festival.programme import services as programme
from festival.submissions.models import (
    DECIDABLE_STATES,
    Call,
    Decision,
    Proposal,
    ProposalSpeaker,
    ProposalState,
)
from festival.submissions.services import partners

PLACEHOLDERS = ("{naam}", "{titel}", "{organisatie}", "{evenement}", "{link}")


def default_templates() -> dict[str, str]:
    return {
        "accept_subject": _('Uw voorstel "{titel}" is geaccepteerd'),
        "accept_body": _(
            "Beste {naam},\n\n"
            'Goed nieuws: uw voorstel "{titel}" voor {evenement} is geaccepteerd.\n'
            "Bevestig uw deelname in het partnerportaal: {link}\n\n"
            "Met vriendelijke groet,\nDe organisatie"
        ),
        "reject_subject": _('Uw voorstel "{titel}"'),
        "reject_body": _(
            "Beste {naam},\n\n"
            'Dank voor uw voorstel "{titel}" voor {evenement}. '
            "Helaas past het dit jaar niet in het programma.\n\n"
            "Met vriendelijke groet,\nDe organisatie"
        ),
    }


def _template(call: Call, name: str) -> str:
    return str(getattr(call, name) or default_templates()[name])


def progress_of(proposal: Proposal) -> str:
    """Where a proposal stands on its way into the programme, as a stable code the organiser's
    page explains: after acceptance the decision mail goes out, then the partner confirms, and
    only that confirmation makes the session."""
    pending = proposal.decision_mail_pending
    if proposal.state == ProposalState.ACCEPTED:
        return "accepted_mail_pending" if pending else "awaiting_confirmation"
    if proposal.state == ProposalState.REJECTED:
        return "rejected_mail_pending" if pending else "rejected"
    if proposal.on_hold and proposal.state in DECIDABLE_STATES:
        return "on_hold"
    return str(proposal.state)  # draft, submitted, under_review, withdrawn, confirmed


async def decide_proposal(proposal: Proposal, decision: Decision, *, actor: Actor) -> Proposal:
    """Accept, reject or hold one proposal; accept and reject wait for the decision mail.
    Raises Conflict. Audits proposal.decided."""
    async with in_transaction():
        await _decide(proposal, decision, actor=actor)
    await proposal.refresh_from_db()
    return proposal


async def _decide(proposal: Proposal, decision: Decision, *, actor: Actor) -> None:
    if proposal.state not in DECIDABLE_STATES:
        raise Conflict("not_decidable", _("Over dit voorstel kan nu niet worden beslist."))
    if decision == Decision.HOLD:
        values = {
            "state": ProposalState.UNDER_REVIEW,
            "on_hold": True,
            "decision_mail_pending": False,
        }
    else:
        state = ProposalState.ACCEPTED if decision == Decision.ACCEPT else ProposalState.REJECTED
        values = {
            "state": state,
            "on_hold": False,
            "decided_at": clock.now(),
            "decision_mail_pending": proposal.state != state or proposal.decision_mail_pending,
        }
    rows = await Proposal.filter(id=proposal.id, state__in=list(DECIDABLE_STATES)).update(**values)
    if rows != 1:
        raise Conflict("not_decidable", _("Over dit voorstel kan nu niet worden beslist."))
    await audit.record(
        actor, "proposal.decided", proposal, decision=str(decision), previous=str(proposal.state)
    )


async def decide_proposals(
    call: Call, proposal_ids: list[int], decision: Decision, *, actor: Actor
) -> int:
    """The same decision for several proposals of the call, all or nothing. Raises Conflict or
    ValidationError. Audits proposal.decided for each."""
    if not proposal_ids:
        raise ValidationError(
            "nothing_selected",
            _("Kies minstens één voorstel."),
            {"proposal_ids": _("Kies minstens één voorstel.")},
        )
    async with in_transaction():
        proposals = await Proposal.filter(call_id=call.id, id__in=proposal_ids)
        if len(proposals) != len(set(proposal_ids)):
            raise ValidationError(
                "unknown_proposal", _("Een gekozen voorstel hoort niet bij deze oproep.")
            )
        for proposal in proposals:
            await _decide(proposal, decision, actor=actor)
    return len(proposals)


async def save_mail_templates(call: Call, *, templates: dict[str, str], actor: Actor) -> Call:
    """Store the organiser's decision mail texts. Raises ValidationError."""
    fields = {}
    for name in default_templates():
        limit = 300 if name.endswith("subject") else 10000
        if len(templates.get(name, "")) > limit:
            fields[name] = _("Gebruik hoogstens %(n)s tekens.") % {"n": limit}
    if fields:
        raise ValidationError(
            "invalid_input", _("Controleer de velden met een foutmelding."), fields
        )
    async with in_transaction():
        for name in default_templates():
            setattr(call, name, templates.get(name, "").strip())
        await call.save()
        await audit.record(actor, "call.mail_templates_saved", call, event_id=call.event_id)
    return call


@dataclass(frozen=True)
class DecisionMail:
    """One message to one contact of the partner (`to` is empty when it has no contact)."""

    proposal_id: int
    title: str
    state: str
    to: list[str]
    subject: str
    body: str


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(key, value)
    return text


async def pending_decision_mails(call: Call, event: Event, *, base_url: str) -> list[DecisionMail]:
    """Every decision mail waiting to be sent, rendered exactly as it will go out."""
    proposals = await (
        Proposal.filter(
            call_id=call.id,
            decision_mail_pending=True,
            state__in=[ProposalState.ACCEPTED, ProposalState.REJECTED],
        )
        .select_related("organisation")
        .order_by("id")
    )
    mails = []
    for proposal in proposals:
        kind = "accept" if proposal.state == ProposalState.ACCEPTED else "reject"
        values = {
            "{titel}": proposal.title,
            "{organisatie}": proposal.organisation.name,
            "{evenement}": event.name,
            "{link}": f"{base_url.rstrip('/')}/partners/proposals/{proposal.id}",
        }
        contacts = await partners.contacts_of(proposal.organisation)
        # Each contact person is greeted by name ({naam}); with no contact, the organisation.
        people = [(c.name or c.email, [c.email]) for c in contacts] or [
            (proposal.organisation.name, [])
        ]
        for name, to in people:
            filled = {"{naam}": name, **values}
            mails.append(
                DecisionMail(
                    proposal_id=proposal.id,
                    title=proposal.title,
                    state=str(proposal.state),
                    to=to,
                    subject=_fill(_template(call, f"{kind}_subject"), filled),
                    body=_fill(_template(call, f"{kind}_body"), filled),
                )
            )
    return mails


async def send_decision_mails(call: Call, event: Event, *, base_url: str, actor: Actor) -> int:
    """Store every pending decision mail in the outbox and send them. Audits
    proposal.decision_mailed for each proposal. Returns the number of messages."""
    pending = await pending_decision_mails(call, event, base_url=base_url)
    message_ids = []
    recipients: dict[int, tuple[str, int]] = {}  # proposal id -> (state, messages)
    async with in_transaction():
        for item in pending:
            for address in item.to:
                message = await mail.queue_mail(
                    address,
                    template="submissions/decision",
                    event_id=event.id,
                    send=False,
                    actor=actor,
                    context={"subject": item.subject, "body": item.body},
                )
                message_ids.append(message.id)
            state, count = recipients.get(item.proposal_id, (item.state, 0))
            recipients[item.proposal_id] = (state, count + len(item.to))
        for proposal_id, (state, count) in recipients.items():
            await Proposal.filter(id=proposal_id).update(decision_mail_pending=False)
            await audit.record(
                actor,
                "proposal.decision_mailed",
                await Proposal.get(id=proposal_id),
                state=state,
                recipients=count,
            )
    await mail.send_queued(message_ids)
    return len(message_ids)


async def confirm_proposal(proposal: Proposal, *, actor: User) -> Proposal:
    """The partner confirms an accepted proposal: it becomes a draft session with its speakers
    (through the programme services). Raises Conflict. Audits proposal.confirmed."""
    if proposal.state != ProposalState.ACCEPTED or proposal.decision_mail_pending:
        raise Conflict("not_confirmable", _("Dit voorstel kan nu niet worden bevestigd."))
    who = accounts.actor_for(actor)
    async with in_transaction():
        rows = await Proposal.filter(id=proposal.id, state=ProposalState.ACCEPTED).update(
            state=ProposalState.CONFIRMED, confirmed_at=clock.now()
        )
        if rows != 1:
            raise Conflict("not_confirmable", _("Dit voorstel kan nu niet worden bevestigd."))
        session_id = await _create_session(proposal, actor=who)
        await Proposal.filter(id=proposal.id).update(session_id=session_id)
        await audit.record(who, "proposal.confirmed", proposal, session_id=session_id)
    await proposal.refresh_from_db()
    return proposal


async def _create_session(proposal: Proposal, *, actor: Actor) -> int:
    event = await Event.get(id=proposal.event_id)
    organisation = await Organisation.get(id=proposal.organisation_id)
    speaker_ids = []
    for person in await ProposalSpeaker.filter(proposal_id=proposal.id).order_by("position", "id"):
        speaker = await programme.create_speaker(
            event, data=_speaker_data(person, organisation), actor=actor
        )
        person.speaker_id = speaker.id
        await person.save(update_fields=["speaker_id"])
        speaker_ids.append(speaker.id)
    data = programme.SessionData(
        title=proposal.title,
        abstract=proposal.summary,
        format=programme.SessionFormat(proposal.format),
        track_id=proposal.track_id,
        capacity=proposal.max_participants or None,
        audiences=tuple(proposal.audiences or ()),
        accessibility=tuple(proposal.accessibility or ()),
        speaker_ids=tuple(speaker_ids),
    )
    return (await programme.create_session(event, data=data, actor=actor)).id


def _speaker_data(person: ProposalSpeaker, organisation: Organisation) -> programme.SpeakerData:
    return programme.SpeakerData(
        name=person.name or person.email.split("@")[0],
        organisation=person.organisation or organisation.name,
        role=person.role,
        bio=person.bio,
        bio_en=person.bio_en,
        email=person.email,
    )


async def sync_session_text(proposal: Proposal) -> None:
    """Carry the partner's public title and summary to the session (in the caller's transaction)."""
    await programme.set_session_text(
        proposal.session_id,
        title=proposal.title,
        abstract=proposal.summary,
        actor=audit.Actor("partner", proposal.organisation_id, "partner"),
    )


async def sync_speaker(person: ProposalSpeaker) -> None:
    """Carry a speaker's profile to the programme speaker (inside the caller's transaction)."""
    if person.speaker_id is None:
        return
    organisation = await Organisation.get(
        id=(await Proposal.get(id=person.proposal_id)).organisation_id
    )
    await programme.update_speaker_profile(
        person.speaker_id,
        data=_speaker_data(person, organisation),
        actor=audit.Actor("partner", organisation.id, "partner"),
    )
