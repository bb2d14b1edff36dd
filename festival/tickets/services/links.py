"""Signed ticket links (PDF and page) and the ticket rows of the registration API."""

from __future__ import annotations

import hmac
from typing import Any

from itsdangerous import Signer

from festival.errors import NotFound
from festival.i18n import _
from festival.registration import queries
from festival.tickets.models import EventKey, Ticket
from festival.tickets.services.payloads import active_key, qr_payload

LINK_SALT = "ticket-pdf"


def link_signature(tid: str, *, secret_key: str) -> str:
    return Signer(secret_key, salt=LINK_SALT).get_signature(tid).decode("ascii")


def pdf_url(base_url: str, tid: str, *, secret_key: str) -> str:
    return f"{base_url}/tickets/{tid}.pdf?sig={link_signature(tid, secret_key=secret_key)}"


def page_url(base_url: str, tid: str, *, secret_key: str) -> str:
    return f"{base_url}/tickets/{tid}?sig={link_signature(tid, secret_key=secret_key)}"


async def ticket_for_link(tid: str, sig: str, *, secret_key: str) -> Ticket:
    """The ticket of a signed link; NotFound for a bad signature or an unknown ticket."""
    # Compare the exact text: lenient base64 would also accept a changed last character.
    expected = link_signature(tid, secret_key=secret_key)
    valid = hmac.compare_digest(expected.encode(), sig.encode("utf-8", "replace"))
    ticket = await Ticket.get_or_none(tid=tid) if valid else None
    if ticket is None:
        raise NotFound("ticket_not_found", _("Dit ticket bestaat niet of de link klopt niet."))
    return ticket


async def ticket_links(
    registration_id: int, *, base_url: str, secret_key: str
) -> list[dict[str, Any]]:
    """Per ticket of the registration: attendee name, qr_payload, pdf_url and page_url."""
    names = {
        h["id"]: h["name"] for h in await queries.ticket_holders(registration_id=registration_id)
    }
    tickets = await Ticket.filter(registration_id=registration_id).order_by("id")
    if not tickets:
        return []
    key = await active_key(tickets[0].event_id)
    return [
        {
            "attendee": names.get(t.attendee_id, ""),
            "attendee_id": t.attendee_id,
            "tid": t.tid,
            "status": t.status.value,
            "qr_payload": qr_payload(t, key),
            "pdf_url": pdf_url(base_url, t.tid, secret_key=secret_key),
            "page_url": page_url(base_url, t.tid, secret_key=secret_key),
        }
        for t in tickets
    ]


def api_ticket_rows(
    issued: list[Ticket],
    key: EventKey | None,
    *,
    names: dict[int, str],
    base_url: str,
    secret_key: str,
) -> list[dict[str, str]]:
    """The `tickets` of the registration API for tickets just issued (no queries)."""
    if key is None:
        return []
    return [
        {
            "attendee": names.get(t.attendee_id, ""),
            "qr_payload": qr_payload(t, key),
            "pdf_url": pdf_url(base_url, t.tid, secret_key=secret_key),
        }
        for t in issued
    ]


async def api_tickets(
    registration_id: int, *, base_url: str, secret_key: str
) -> list[dict[str, str]]:
    """The `tickets` of the registration API: attendee (name), qr_payload, pdf_url."""
    links = await ticket_links(registration_id, base_url=base_url, secret_key=secret_key)
    return [
        {"attendee": t["attendee"], "qr_payload": t["qr_payload"], "pdf_url": t["pdf_url"]}
        for t in links
    ]
