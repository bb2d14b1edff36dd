"""Submissions' partner portal reads: a partner's proposals and its past sessions (the feedback
loop's place)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from festival import clock
from festival.accounts.models import Organisation, Role, User
from festival.programme.models import Session
from festival.submissions.models import (
    Proposal,
)


@dataclass(frozen=True)
class PartnerProposalRow:
    id: int
    title: str
    state: str
    event_name: str
    event_starts_at: datetime
    timezone: str
    submitted_at: datetime | None


async def partner_proposals(organisation: Organisation) -> list[PartnerProposalRow]:
    """Every proposal of the organisation, across editions, newest event first."""
    proposals = await (
        Proposal.filter(organisation_id=organisation.id)
        .select_related("event")
        .order_by("-event__starts_at", "-id")
    )
    return [
        PartnerProposalRow(
            p.id,
            p.title,
            str(p.state),
            p.event.name,
            p.event.starts_at,
            p.event.timezone,
            p.submitted_at,
        )
        for p in proposals
    ]


@dataclass(frozen=True)
class PastSession:
    """A session the partner ran at an earlier event. Attendance and rating are None until the
    feedback area fills them in (services.past_sessions_with_results); `suppressed`: fewer than
    five respondents, so no rating is shown."""

    title: str
    event_name: str
    starts_at: datetime | None
    timezone: str
    attendance: int | None = None
    rating: float | None = None
    ratings_count: int | None = None
    session_id: int | None = None
    suppressed: bool = False


async def past_sessions_of_partner(organisation_id: int) -> list[PastSession]:
    """Sessions from events that have ended, linked to the organisation's confirmed proposals."""
    session_ids = await Proposal.filter(
        organisation_id=organisation_id, session_id__isnull=False
    ).values_list("session_id", flat=True)
    sessions = await (
        Session.filter(id__in=list(session_ids), event__ends_at__lt=clock.now())
        .select_related("event")
        .order_by("-event__starts_at", "starts_at")
    )
    return [
        PastSession(s.title, s.event.name, s.starts_at, s.event.timezone, session_id=s.id)
        for s in sessions
    ]


@dataclass(frozen=True)
class SessionPartner:
    organisation_id: int
    name: str


async def session_partners(
    session_ids: list[int] | None = None, *, organisation_id: int | None = None
) -> dict[int, SessionPartner]:
    """Session id -> the partner organisation whose proposal became it, or, for a session
    repeated in a later edition without a proposal of its own, the original's (two queries)."""
    query = Proposal.filter(session_id__isnull=False)
    if session_ids is not None:
        query = query.filter(session_id__in=session_ids)
    if organisation_id is not None:
        query = query.filter(organisation_id=organisation_id)
    rows = await query.values_list("session_id", "organisation_id", "organisation__name")
    out = {int(s): SessionPartner(int(o), str(name)) for s, o, name in rows}
    repeats = Session.filter(repeat_of_id__isnull=False)
    if session_ids is not None:
        repeats = repeats.filter(id__in=[s for s in session_ids if s not in out])
    else:
        repeats = repeats.filter(repeat_of_id__in=list(out))
    pairs = await repeats.values_list("id", "repeat_of_id")
    if session_ids is not None and pairs:
        originals = await Proposal.filter(
            session_id__in=[o for _s, o in pairs],
            **({"organisation_id": organisation_id} if organisation_id is not None else {}),
        ).values_list("session_id", "organisation_id", "organisation__name")
        by_original = {int(s): SessionPartner(int(o), str(n)) for s, o, n in originals}
    else:
        by_original = out
    for session_id, original_id in pairs:
        if session_id not in out and original_id in by_original:
            out[int(session_id)] = by_original[original_id]
    return out


@dataclass(frozen=True)
class SessionAuthors:
    """Who ran a session, as the archive needs it: the partner organisation (public) and the
    addresses that may write its outcome (its partner contacts and the proposal's speakers)."""

    session_id: int
    organisation_id: int
    organisation_name: str
    addresses: tuple[str, ...]


async def session_authors(
    session_ids: list[int] | None = None, *, organisation_id: int | None = None
) -> dict[int, SessionAuthors]:
    """Per session id, the partner of the proposal that became it (three queries)."""
    query = Proposal.filter(session_id__isnull=False).select_related("organisation")
    if session_ids is not None:
        query = query.filter(session_id__in=session_ids)
    if organisation_id is not None:
        query = query.filter(organisation_id=organisation_id)
    proposals = await query.prefetch_related("speakers")
    org_ids = {p.organisation_id for p in proposals}
    contacts: dict[int, list[str]] = {}
    for org_id, email in await User.filter(
        memberships__organisation_id__in=list(org_ids),
        memberships__role=Role.PARTNER,
        is_active=True,
    ).values_list("memberships__organisation_id", "email"):
        contacts.setdefault(org_id, []).append(email)
    found: dict[int, SessionAuthors] = {}
    for p in proposals:
        assert p.session_id is not None
        addresses = [*contacts.get(p.organisation_id, []), *(s.email for s in p.speakers)]
        found[p.session_id] = SessionAuthors(
            p.session_id,
            p.organisation_id,
            p.organisation.name,
            tuple(dict.fromkeys(a.lower() for a in addresses if a)),
        )
    return found
