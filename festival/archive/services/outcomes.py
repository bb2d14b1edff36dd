"""Outcomes: partners and speakers write them after the session (draft, then submitted);
organisers edit and approve them. Only an approved outcome is public."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.archive.models import (
    PARTNER_EDITABLE_STATES,
    Outcome,
    OutcomeKind,
    OutcomeState,
)
from festival.archive.schemas import OutcomeIn
from festival.archive.services.entries import index_event
from festival.archive.services.sessions import SessionRef, require_ended, sessions_of_event
from festival.errors import Conflict, ValidationError
from festival.events.models import Event
from festival.i18n import _

# The fields each kind of outcome asks (the others stay empty).
KIND_FIELDS: dict[OutcomeKind, tuple[str, ...]] = {
    OutcomeKind.LAB: ("question", "method", "council", "happened", "verdict", "why", "why_tags"),
    OutcomeKind.RAAD_OP_ZATERDAG: ("council", "theme", "residents", "follow_up"),
    OutcomeKind.SHORT: ("summary",),
}
# What must be filled in before an outcome is handed in or approved.
REQUIRED: dict[OutcomeKind, tuple[str, ...]] = {
    OutcomeKind.LAB: ("question", "happened", "verdict"),
    OutcomeKind.RAAD_OP_ZATERDAG: ("council", "theme", "residents"),
    OutcomeKind.SHORT: ("summary",),
}


def kind_for(session_format: str) -> OutcomeKind:
    if session_format == "lab":
        return OutcomeKind.LAB
    if session_format == "raad_op_zaterdag":
        return OutcomeKind.RAAD_OP_ZATERDAG
    return OutcomeKind.SHORT


async def outcome_of(session: SessionRef) -> Outcome:
    """The session's outcome, or a new empty one (not saved) of the kind its format asks."""
    outcome = await Outcome.get_or_none(session_id=session.id)
    if outcome is None:
        outcome = Outcome(
            session_id=session.id, event_id=session.event_id, kind=kind_for(session.format)
        )
    return outcome


async def outcomes_of_event(event: Event) -> list[tuple[SessionRef, Outcome]]:
    """Every session of the event's published programme with its outcome (or a new empty one)."""
    sessions = await sessions_of_event(event)
    found = {o.session_id: o for o in await Outcome.filter(event_id=event.id)}
    return [
        (s, found.get(s.id) or Outcome(session_id=s.id, event_id=event.id, kind=kind_for(s.format)))
        for s in sessions
    ]


def _check_complete(outcome: Outcome) -> None:
    missing = {
        name: _("Vul dit veld in.")
        for name in REQUIRED[outcome.kind]
        if getattr(outcome, name) in (None, "", [])
    }
    if missing:
        raise ValidationError(
            "outcome_incomplete", _("Vul eerst de verplichte velden in."), missing
        )


async def save_outcome(
    session: SessionRef,
    data: OutcomeIn,
    *,
    actor: audit.Actor,
    submit: bool = False,
    event: Event | None = None,
) -> Outcome:
    """Store the fields of the outcome's kind; `submit` hands it in (complete only). Partners and
    speakers may change it after the session until approved; organisers (who pass their `event`)
    always, and an approved outcome they change is re-indexed. Audits outcome.saved or
    outcome.submitted. Raises Conflict (session_not_ended, outcome_approved) or ValidationError."""
    organiser = event is not None
    if not organiser:
        require_ended(session)
    async with in_transaction():
        outcome = await outcome_of(session)
        if outcome.id is not None:
            outcome = await Outcome.select_for_update().get(id=outcome.id)
        if not organiser and outcome.state not in PARTNER_EDITABLE_STATES:
            raise Conflict(
                "outcome_approved",
                _("Deze uitkomst is al goedgekeurd; vraag de organisatie om een wijziging."),
            )
        for name in KIND_FIELDS[outcome.kind]:
            setattr(outcome, name, getattr(data, name))
        if submit:
            _check_complete(outcome)
            if outcome.state == OutcomeState.DRAFT:
                outcome.state = OutcomeState.SUBMITTED
                outcome.submitted_at = clock.now()
        await outcome.save()
        await audit.record(
            actor,
            "outcome.submitted" if submit else "outcome.saved",
            outcome,
            session_id=session.id,
            state=str(outcome.state),
        )
    if event is not None and outcome.state == OutcomeState.APPROVED:
        await index_event(event)
    return outcome


async def approve_outcome(session: SessionRef, *, event: Event, actor: audit.Actor) -> Outcome:
    """Make the outcome public and put the session in the archive. Audits outcome.approved.
    Raises Conflict or ValidationError."""
    async with in_transaction():
        outcome = await Outcome.select_for_update().get_or_none(session_id=session.id)
        if outcome is None:
            raise Conflict("outcome_missing", _("Er is nog geen uitkomst ingevuld."))
        _check_complete(outcome)
        outcome.state = OutcomeState.APPROVED
        outcome.approved_at = clock.now()
        outcome.approved_by = actor.label[:254]
        await outcome.save()
        await audit.record(actor, "outcome.approved", outcome, session_id=session.id)
    await index_event(event)
    return outcome


async def withdraw_approval(session: SessionRef, *, event: Event, actor: audit.Actor) -> Outcome:
    """Take an approved outcome off the public archive (back to submitted). Audits
    outcome.unapproved."""
    async with in_transaction():
        outcome = await Outcome.select_for_update().get_or_none(session_id=session.id)
        if outcome is None or outcome.state != OutcomeState.APPROVED:
            raise Conflict("outcome_not_approved", _("Deze uitkomst is niet goedgekeurd."))
        outcome.state = OutcomeState.SUBMITTED
        outcome.approved_at = None
        await outcome.save()
        await audit.record(actor, "outcome.unapproved", outcome, session_id=session.id)
    await index_event(event)
    return outcome
