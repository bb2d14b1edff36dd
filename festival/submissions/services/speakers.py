"""Speakers of a proposal: invited by e-mail, they complete their own profile by a signed link."""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.accounts import services as accounts
from festival.accounts.models import User
from festival.audit import Actor
from festival.errors import Conflict, DomainError, NotFound, ValidationError
from festival.i18n import _, ngettext
from festival.mail import services as mail
from festival.submissions.forms import SpeakerProfileData
from festival.submissions.models import (
    EDITABLE_STATES,
    Call,
    Proposal,
    ProposalSpeaker,
    ProposalState,
)
from festival.submissions.services import decisions

SPEAKER_SALT = "festival.proposal.speaker"
SPEAKER_LINK_MAX_AGE = 120 * 24 * 3600
MAX_SPEAKERS = 8


def make_speaker_token(speaker: ProposalSpeaker, *, secret_key: str) -> str:
    return URLSafeTimedSerializer(secret_key, salt=SPEAKER_SALT).dumps(
        {"s": speaker.id, "e": speaker.email}
    )


async def speaker_for_token(token: str, *, secret_key: str) -> ProposalSpeaker:
    """The speaker a profile link is for. Raises DomainError (bad or expired link)."""
    try:
        payload = URLSafeTimedSerializer(secret_key, salt=SPEAKER_SALT).loads(
            token, max_age=SPEAKER_LINK_MAX_AGE
        )
    except SignatureExpired as error:
        raise DomainError(
            "speaker_link_expired", _("Deze link is verlopen. Vraag de organisatie om een nieuwe.")
        ) from error
    except BadSignature as error:
        raise DomainError("speaker_link_invalid", _("Deze link klopt niet.")) from error
    speaker = await ProposalSpeaker.get_or_none(
        id=payload.get("s"), email=payload.get("e")
    ).select_related("proposal", "proposal__event", "proposal__organisation")
    if speaker is None:
        raise DomainError("speaker_link_invalid", _("Deze link klopt niet."))
    return speaker


async def _may_change_speakers(proposal: Proposal) -> None:
    if proposal.state in EDITABLE_STATES:
        return
    call = await Call.get(id=proposal.call_id)
    if proposal.state in (ProposalState.ACCEPTED, ProposalState.CONFIRMED) and (
        call.public_edit_until is None or clock.now() <= call.public_edit_until
    ):
        return
    raise Conflict(
        "speakers_locked", _("De sprekers van dit voorstel kunnen niet meer worden gewijzigd.")
    )


async def invite_speaker(
    proposal: Proposal, *, email: str, name: str, actor: User, secret_key: str, base_url: str
) -> ProposalSpeaker:
    """Add a speaker and mail them a link to complete their profile. Raises Conflict or
    ValidationError. Audits proposal.speaker_invited."""
    await _may_change_speakers(proposal)
    email = accounts.normalise_email(email)
    async with in_transaction():
        if await ProposalSpeaker.filter(proposal_id=proposal.id, email=email).exists():
            raise ValidationError(
                "speaker_exists",
                _("Deze spreker staat al bij het voorstel."),
                {"email": _("Staat al bij het voorstel.")},
            )
        count = await ProposalSpeaker.filter(proposal_id=proposal.id).count()
        if count >= MAX_SPEAKERS:
            raise Conflict(
                "too_many_speakers",
                ngettext(
                    "Een voorstel heeft hoogstens %(n)s spreker.",
                    "Een voorstel heeft hoogstens %(n)s sprekers.",
                    MAX_SPEAKERS,
                )
                % {"n": MAX_SPEAKERS},
            )
        speaker = await ProposalSpeaker.create(
            proposal=proposal,
            email=email,
            name=name.strip()[:200],
            invited_at=clock.now(),
            position=count,
        )
        await audit.record(
            accounts.actor_for(actor), "proposal.speaker_invited", proposal, email=email
        )
        link = (
            base_url.rstrip("/")
            + "/speakers/profile/"
            + make_speaker_token(speaker, secret_key=secret_key)
        )
        message = await mail.queue_mail(
            email,
            template="submissions/speaker_invite",
            event_id=proposal.event_id,
            send=False,
            context={
                "name": speaker.name,
                "title": proposal.title,
                "inviter": actor.name,
                "link": link,
            },
        )
    await mail.send_queued([message.id])
    return speaker


async def remove_speaker(proposal: Proposal, speaker_id: int, *, actor: User) -> None:
    await _may_change_speakers(proposal)
    async with in_transaction():
        deleted = await ProposalSpeaker.filter(id=speaker_id, proposal_id=proposal.id).delete()
        if not deleted:
            raise NotFound("speaker_not_found", _("Deze spreker bestaat niet."))
        await audit.record(
            accounts.actor_for(actor), "proposal.speaker_removed", proposal, speaker_id=speaker_id
        )


async def update_speaker(
    speaker: ProposalSpeaker, data: SpeakerProfileData, *, actor: Actor
) -> ProposalSpeaker:
    """The speaker (by link) or a partner contact edits the profile; the programme speaker
    follows once the proposal is confirmed. Raises Conflict. Audits proposal.speaker_updated."""
    proposal = await Proposal.get(id=speaker.proposal_id)
    await _may_change_speakers(proposal)
    async with in_transaction():
        speaker.name, speaker.organisation, speaker.role = data.name, data.organisation, data.role
        speaker.bio, speaker.bio_en, speaker.completed_at = data.bio, data.bio_en, clock.now()
        await speaker.save()
        if speaker.speaker_id is not None:
            await decisions.sync_speaker(speaker)
        await audit.record(actor, "proposal.speaker_updated", proposal, speaker_id=speaker.id)
    return speaker


async def speaker_of(proposal: Proposal, speaker_id: int) -> ProposalSpeaker:
    speaker = await ProposalSpeaker.get_or_none(id=speaker_id, proposal_id=proposal.id)
    if speaker is None:
        raise NotFound("speaker_not_found", _("Deze spreker bestaat niet."))
    return speaker
