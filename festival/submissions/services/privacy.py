"""Access and erasure requests for partners: speakers named on proposals and partner
contacts, found by e-mail address; erasing blanks them (proposals and reviews stay)."""

from __future__ import annotations

from typing import Any, cast

from festival.submissions.models import PartnerProfile, Proposal, ProposalSpeaker

ERASED = "Geanonimiseerd"


async def _partner_ids(event_ids: list[int]) -> list[int]:
    rows = await Proposal.filter(event_id__in=event_ids).values_list("organisation_id", flat=True)
    return sorted({int(cast(int, row)) for row in rows})


async def personal_data(event_ids: list[int], email: str) -> dict[str, Any]:
    """Proposal speakers with this address and partner contacts of partners with proposals in
    these events."""
    speakers = (
        await ProposalSpeaker.filter(proposal__event_id__in=event_ids, email__iexact=email)
        .order_by("id")
        .values(
            "id",
            "name",
            "email",
            "organisation",
            "role",
            "bio",
            "bio_en",
            "invited_at",
            "completed_at",
            proposal="proposal__title",
            event_id="proposal__event_id",
        )
    )
    contacts = (
        await PartnerProfile.filter(
            organisation_id__in=await _partner_ids(event_ids), contact_email__iexact=email
        )
        .order_by("id")
        .values(
            "id",
            "contact_name",
            "contact_email",
            "verified_at",
            "created_at",
            partner="organisation__name",
        )
    )
    return {"proposal_speakers": speakers, "partner_contacts": contacts}


async def erase_personal_data(event_ids: list[int], email: str) -> dict[str, int]:
    """Blank the proposal speakers and partner contacts with this address (inside the caller's
    transaction); the proposals, their reviews and decisions stay."""
    speakers = await ProposalSpeaker.filter(
        proposal__event_id__in=event_ids, email__iexact=email
    ).values_list("id", flat=True)
    speaker_count = await ProposalSpeaker.filter(id__in=list(speakers)).update(
        email="", name=ERASED, organisation="", role="", bio="", bio_en=""
    )
    contacts = await PartnerProfile.filter(
        organisation_id__in=await _partner_ids(event_ids), contact_email__iexact=email
    ).update(contact_name=ERASED, contact_email="")
    return {"proposal_speakers": speaker_count, "partner_contacts": contacts}
