"""Issuing tickets and their status: one ticket per attendee, cancel, re-render jobs, the
scanner's ticket list."""

from __future__ import annotations

import secrets
from typing import Any

from tortoise.expressions import F

from festival import audit, clock, jobs
from festival.registration import queries
from festival.tickets import keys
from festival.tickets.models import EventKey, Ticket, TicketStatus
from festival.tickets.services.payloads import signing_key


def _new_tid() -> str:
    return keys.b64url(secrets.token_bytes(6))


async def issue_tickets(registration_id: int) -> list[Ticket]:
    """One valid ticket per active attendee of a confirmed registration (idempotent; none while
    it waits for approval or payment). Runs inside the transaction that confirms it.
    Side effects: ticket rows, the event's key on first use, audit `tickets.issued`."""
    holders = await queries.ticket_holders(registration_id=registration_id)
    if not holders or holders[0]["registration_status"] != "confirmed":
        return []
    event_id = holders[0]["event_id"]
    have = set(
        await Ticket.filter(registration_id=registration_id).values_list("attendee_id", flat=True)
    )
    missing = [h["id"] for h in holders if h["status"] == "active" and h["id"] not in have]
    if missing:
        await issue_for_attendees(registration_id, event_id=event_id, attendee_ids=missing)
        await audit.record(
            audit.SYSTEM,
            "tickets.issued",
            None,
            event_id=event_id,
            registration_id=registration_id,
            count=len(missing),
        )
    order = {h["id"]: i for i, h in enumerate(holders)}
    tickets = await Ticket.filter(registration_id=registration_id)
    return sorted(tickets, key=lambda t: order.get(t.attendee_id, len(order)))


async def issue_for_attendees(
    registration_id: int, *, event_id: int, attendee_ids: list[int]
) -> tuple[list[Ticket], EventKey]:
    """New tickets for these attendees (who have none), in their order, with the key that signs
    them: the register transaction's fast path (its audit record counts them)."""
    key = await signing_key(event_id)
    now = clock.now()
    new = [
        Ticket(
            attendee_id=attendee_id,
            event_id=event_id,
            registration_id=registration_id,
            tid=_new_tid(),
            issued_at=now,
        )
        for attendee_id in attendee_ids
    ]
    if len(new) == 1:
        await new[0].save()
    elif new:
        await Ticket.bulk_create(new)
        ids = dict(
            await Ticket.filter(attendee_id__in=attendee_ids).values_list("attendee_id", "id")
        )
        for ticket in new:
            ticket.id = ids[ticket.attendee_id]
    return new, key


async def issue_missing_for_event(event_id: int) -> int:
    """A ticket for every active attendee of the event's confirmed registrations who has none
    (the demo loads registrations in bulk; PDFs render when first downloaded). Returns how many.
    Side effects: ticket rows, the event's key on first use, audit `tickets.issued`."""
    holders = await queries.ticket_holders(event_id=event_id)
    have = set(await Ticket.filter(event_id=event_id).values_list("attendee_id", flat=True))
    missing = [
        h
        for h in holders
        if h["registration_status"] == "confirmed"
        and h["status"] == "active"
        and h["id"] not in have
    ]
    if not missing:
        return 0
    await signing_key(event_id)  # the key exists before any ticket is shown
    now = clock.now()
    await Ticket.bulk_create(
        [
            Ticket(
                attendee_id=h["id"],
                event_id=event_id,
                registration_id=h["registration_id"],
                tid=_new_tid(),
                issued_at=now,
            )
            for h in missing
        ],
        batch_size=500,
    )
    await audit.record(audit.SYSTEM, "tickets.issued", None, event_id=event_id, count=len(missing))
    return len(missing)


async def cancel_tickets_of_attendee(attendee_id: int) -> int:
    """Mark the attendee's ticket cancelled (inside the caller's transaction); scans then say
    `cancelled`. Returns the number of tickets changed."""
    return await Ticket.filter(attendee_id=attendee_id, status=TicketStatus.VALID).update(
        status=TicketStatus.CANCELLED, pdf_version=F("pdf_version") + 1
    )


async def refresh_tickets(attendee_ids: list[int]) -> None:
    """Bookings or names changed: the stored PDFs are stale; re-render them by job.
    Call after the changing transaction has committed."""
    if not attendee_ids:
        return
    await Ticket.filter(attendee_id__in=attendee_ids).update(pdf_version=F("pdf_version") + 1)
    for ticket_id in await Ticket.filter(attendee_id__in=attendee_ids).values_list("id", flat=True):
        await jobs.enqueue(
            "render_ticket_pdf", ticket_id=ticket_id, _job_id=f"ticket-pdf-{ticket_id}"
        )


async def ticket_list(event_id: int) -> list[dict[str, Any]]:
    """Every ticket of the event in compact form, for the scanner's offline list."""
    holders = {h["id"]: h for h in await queries.ticket_holders(event_id=event_id)}
    rows = (
        await Ticket.filter(event_id=event_id)
        .order_by("id")
        .values_list("tid", "attendee_id", "status")
    )
    out = []
    for tid, attendee_id, status in rows:
        holder = holders.get(attendee_id)
        if holder is None:
            continue
        out.append(
            {
                "tid": tid,
                "name": holder["name"],
                "organisation": holder["organisation"],
                "status": str(status),
                "session_ids": holder["session_ids"],
            }
        )
    return out


async def tickets_of_registration(registration_id: int) -> list[Ticket]:
    return await Ticket.filter(registration_id=registration_id).order_by("id")
