"""What a ticket shows (page, PDF), rendering and storing its PDF, and the files a mail about
tickets carries (PDF and .ics per ticket); registration owns the mails themselves."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from festival import cache, clock, pdfs
from festival.events.models import Event, Venue
from festival.programme import services as programme
from festival.programme.queries import session_infos
from festival.registration import queries
from festival.tickets.models import Ticket, TicketStatus
from festival.tickets.services import pdf
from festival.tickets.services.payloads import qr_payload, qr_svg, signing_key

_NO_TIME = datetime.min.replace(tzinfo=UTC)  # sessions without a time come first

# The per-event part of every ticket (event, venues) is read once a burst of renders, not once
# a ticket (0.6 ms each): an edit in this process clears it at once, one in another process
# shows within two seconds (festival/cache.py).
cache.clear_on_change(Event, Venue)
_event_parts: cache.TTLCache[tuple[Event, list[dict[str, Any]]]] = cache.TTLCache(seconds=2.0)


async def _event_part(event_id: int) -> tuple[Event, list[dict[str, Any]]]:
    async def load() -> tuple[Event, list[dict[str, Any]]]:
        venues = Venue.filter(event_id=event_id).order_by("id")
        return await Event.get(id=event_id), list(await venues.values("name", "address", "city"))

    return await _event_parts.get(event_id, load)


Attachment = tuple[str, str, bytes]  # filename, content type, content (as festival.mail takes it)


async def ticket_document(
    ticket: Ticket, *, language: str | None = None, for_pdf: bool = False
) -> dict[str, Any]:
    """Everything the ticket page and PDF show, fully loaded (in the registration's language
    unless `language` is given). The QR: `qr_svg` inline for the page (not `for_pdf`: the PDF
    draws its own from `payload`)."""
    # The holder without `details` plus one query for the booked sessions: 3 queries instead
    # of 6 (1.1 ms instead of 2.4 ms per ticket); event, venues and key come from caches.
    holder = (await queries.ticket_holders(attendee_ids=[ticket.attendee_id]))[0]
    sessions = await session_infos(holder["session_ids"]) if holder["session_ids"] else {}
    event, venues = await _event_part(ticket.event_id)
    payload = qr_payload(ticket, await signing_key(ticket.event_id))
    language = language or holder["language"]
    english = language == "en"
    return {
        "tid": ticket.tid,
        "status": ticket.status.value,
        "payload": payload,
        "qr_svg": "" if for_pdf else qr_svg(payload),
        "language": language,
        "name": holder["name"],
        "organisation": holder["organisation"],
        "registration_code": holder["registration_code"],
        "event_name": (event.name_en or event.name) if english else event.name,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "timezone": event.timezone,
        "venues": list(venues),
        "sessions": [
            {
                "session_id": s.id,
                "title": (s.title_en or s.title) if english else s.title,
                "title_en": s.title_en,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "room": s.room,
            }
            for s in sorted(sessions.values(), key=lambda s: (s.starts_at or _NO_TIME, s.id))
        ],
    }


async def render_ticket_pdf(ticket_id: int) -> bytes | None:
    """Render and store the ticket's PDF (None when the ticket is gone). A render that raced
    with a newer change is stored but stays stale, so the next render replaces it."""
    ticket = await Ticket.get_or_none(id=ticket_id)
    if ticket is None:
        return None
    return await _render(ticket, await ticket_document(ticket, for_pdf=True))


async def _render(ticket: Ticket, document: dict[str, Any]) -> bytes:
    version = ticket.pdf_version
    content = await pdfs.render(pdf.render_pdf, document)
    await Ticket.filter(id=ticket.id).update(
        pdf=content, pdf_rendered_at=clock.now(), pdf_rendered_version=version
    )
    return content


async def claim_first_mail(registration_id: int) -> bool:
    """Whether this caller may send the registration's first mail with its tickets: a guarded
    claim of the tickets' `mail_sent_at`, so concurrent jobs send once (always true for a
    registration without tickets). Take it in the transaction that stores the mails, so a
    failure or a stopped process rolls it back with them."""
    claimed = await Ticket.filter(
        registration_id=registration_id, mail_sent_at__isnull=True
    ).update(mail_sent_at=clock.now())
    return bool(claimed) or not await Ticket.filter(registration_id=registration_id).exists()


async def tickets_with_pdf(attendee_ids: list[int]) -> list[int]:
    """Ids of these attendees' tickets that have a stored PDF (retention)."""
    rows = await Ticket.filter(attendee_id__in=attendee_ids, pdf__isnull=False).values_list(
        "id", flat=True
    )
    return list(rows)  # type: ignore[arg-type]


async def forget_pdfs(ticket_ids: list[int]) -> int:
    """Drop the stored PDFs (they show the name) of these tickets (retention), inside the
    caller's transaction; returns how many had one."""
    return await Ticket.filter(id__in=ticket_ids, pdf__isnull=False).update(
        pdf=None, pdf_rendered_at=None
    )


async def ticket_pdf(ticket: Ticket) -> bytes:
    """The stored PDF, rendered now when missing or stale."""
    if ticket.pdf_is_fresh:
        return ticket.pdf or b""
    return await render_ticket_pdf(ticket.id) or b""


def _file_stem(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()
    return stem[:40] or "ticket"


@dataclass(frozen=True)
class TicketFiles:
    """A valid ticket and the files a mail carries for it: its PDF and its holder's .ics."""

    ticket: Ticket
    attachments: list[Attachment]


async def registration_attachments(registration_id: int, *, base_url: str) -> list[TicketFiles]:
    """Per valid ticket of the registration, in ticket order: its PDF (rendered now when
    stale, once) and the .ics of its holder's sessions. The caller reuses them for every
    mail it sends about these tickets."""
    return [
        await _files(ticket, base_url=base_url)
        for ticket in await Ticket.filter(
            registration_id=registration_id, status=TicketStatus.VALID
        ).order_by("id")
    ]


async def ticket_attachments(ticket: Ticket, *, base_url: str) -> list[Attachment]:
    """One ticket's current PDF (rendered now if stale) and the .ics of its holder's sessions."""
    return (await _files(ticket, base_url=base_url)).attachments


async def _files(ticket: Ticket, *, base_url: str) -> TicketFiles:
    """One document serves both the PDF (when it must be rendered) and the .ics."""
    document = await ticket_document(ticket, for_pdf=True)
    fresh = ticket.pdf_is_fresh
    content = (ticket.pdf or b"") if fresh else await _render(ticket, document)
    stem = _file_stem(document["name"])
    return TicketFiles(
        ticket,
        [
            (f"ticket-{stem}.pdf", "application/pdf", content),
            (f"agenda-{stem}.ics", "text/calendar", _agenda(ticket, document, base_url)),
        ],
    )


def _agenda(ticket: Ticket, document: dict[str, Any], base_url: str) -> bytes:
    """The holder's sessions with a time; the event itself when they booked none."""
    place = ", ".join(v["name"] for v in document["venues"])
    items = [
        programme.AgendaItem(
            s["title"],
            s["starts_at"],
            s["ends_at"],
            location=", ".join(p for p in (s["room"], place) if p),
            session_id=s["session_id"],
        )
        for s in document["sessions"]
        if s["starts_at"]
    ] or [
        programme.AgendaItem(
            document["event_name"], document["starts_at"], document["ends_at"], location=place
        )
    ]
    return programme.agenda_ics(
        attendee_id=ticket.attendee_id,
        calendar_name=document["event_name"],
        items=items,
        base_url=base_url,
    )


async def valid_ticket(attendee_id: int) -> Ticket | None:
    return await Ticket.get_or_none(attendee_id=attendee_id, status=TicketStatus.VALID)
