"""Which session an outcome belongs to and who may write it: a partner contact of the
organisation that ran it, a speaker by signed link, or an organiser of the event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from festival import clock
from festival.accounts.models import User
from festival.archive.models import ArchiveEntry
from festival.errors import Conflict, NotFound, PermissionDenied
from festival.events.models import Event
from festival.i18n import _
from festival.programme import queries as programme
from festival.submissions import queries as submissions_queries
from festival.submissions import services as submissions

LINK_SALT = "archive-outcome"
LINK_MAX_AGE = 90 * 24 * 3600  # the invitation and its reminder stay usable for 90 days


@dataclass(frozen=True)
class SessionRef:
    """A session as the outcome forms show it (from the published programme or the archive)."""

    id: int
    code: str
    title: str
    format: str
    event_id: int
    event_slug: str
    event_name: str
    timezone: str
    starts_at: datetime | None
    ends_at: datetime | None

    @property
    def has_ended(self) -> bool:
        return self.ends_at is not None and self.ends_at <= clock.now()


def ref_of_entry(entry: ArchiveEntry) -> SessionRef:
    return SessionRef(
        entry.session_id,
        entry.code,
        entry.title,
        entry.format,
        entry.event_id,
        entry.event_slug,
        entry.event_name,
        entry.timezone,
        entry.starts_at,
        entry.ends_at,
    )


def _not_found() -> NotFound:
    return NotFound("session_not_found", _("Deze sessie bestaat niet."))


async def session_in_event(event: Event, code: str) -> SessionRef:
    """A session of the event's published programme, for its organisers. Raises NotFound."""
    programme_ = await programme.published_programme(event, lang="nl", with_seats=False)
    item = programme_.session(code)
    return SessionRef(
        item.id,
        item.code,
        item.title,
        item.format,
        event.id,
        event.slug,
        event.name,
        event.timezone,
        item.starts_at,
        item.ends_at,
    )


async def sessions_of_event(event: Event) -> list[SessionRef]:
    programme_ = await programme.published_programme(event, lang="nl", with_seats=False)
    return [
        SessionRef(
            i.id,
            i.code,
            i.title,
            i.format,
            event.id,
            event.slug,
            event.name,
            event.timezone,
            i.starts_at,
            i.ends_at,
        )
        for i in programme_.sessions
        if not i.cancelled and i.format != "break"
    ]


async def partner_sessions(user: User) -> list[SessionRef]:
    """The archived (ended) sessions the user's partner organisation ran, newest first."""
    organisation = await submissions.partner_of(user)
    partners = await submissions_queries.session_authors(organisation_id=organisation.id)
    entries = await ArchiveEntry.filter(session_id__in=list(partners)).order_by("-starts_at", "id")
    return [ref_of_entry(e) for e in entries]


async def session_for_partner(code: str, *, user: User) -> SessionRef:
    """An archived session the user's organisation ran. Raises NotFound."""
    organisation = await submissions.partner_of(user)
    entry = await ArchiveEntry.get_or_none(code=code)
    if entry is None:
        raise _not_found()
    partners = await submissions_queries.session_authors([entry.session_id])
    if entry.session_id not in partners or partners[entry.session_id].organisation_id != (
        organisation.id
    ):
        raise _not_found()
    return ref_of_entry(entry)


def make_outcome_token(session_id: int, address: str, *, secret_key: str) -> str:
    return URLSafeTimedSerializer(secret_key, salt=LINK_SALT).dumps([session_id, address.lower()])


async def session_for_token(token: str, *, secret_key: str) -> tuple[SessionRef, str]:
    """The session and address a mailed link is for, while that address may still write it.
    Raises PermissionDenied (link_expired, link_invalid) or NotFound."""
    try:
        session_id, address = URLSafeTimedSerializer(secret_key, salt=LINK_SALT).loads(
            token, max_age=LINK_MAX_AGE
        )
    except SignatureExpired as error:
        raise PermissionDenied("link_expired", _("Deze link is verlopen.")) from error
    except (BadSignature, ValueError, TypeError) as error:
        raise PermissionDenied("link_invalid", _("Deze link klopt niet.")) from error
    entry = await ArchiveEntry.get_or_none(session_id=session_id)
    partners = await submissions_queries.session_authors([session_id])
    if entry is None or session_id not in partners:
        raise _not_found()
    if address not in partners[session_id].addresses:
        raise PermissionDenied("link_invalid", _("Deze link klopt niet."))
    return ref_of_entry(entry), address


def require_ended(session: SessionRef) -> None:
    if not session.has_ended:
        raise Conflict(
            "session_not_ended", _("De uitkomst kunt u invullen als de sessie voorbij is.")
        )
