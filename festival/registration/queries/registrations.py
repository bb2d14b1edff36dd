"""Registrations as attendees and organisers see them: ticket types on offer, one registration
fully loaded, an offer, the organiser's list."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Count

from festival.programme.queries import session_infos
from festival.registration.models import (
    Attendee,
    AttendeeStatus,
    Booking,
    BookingStatus,
    Registration,
    RegistrationStatus,
    TicketType,
    WaitlistEntry,
)
from festival.registration.queries.availability import is_on_sale
from festival.registration.queries.bookings import bookings_for


async def ticket_types_for_event(event_id: int) -> list[dict[str, Any]]:
    """Ticket types shown for the event: id, name, price_cents, requires_code, available."""
    types = await TicketType.filter(event_id=event_id, is_active=True).order_by("position", "id")
    return [
        {
            "id": t.id,
            "name": t.name,
            "name_en": t.name_en,
            "description": t.description,
            "description_en": t.description_en,
            "price_cents": t.price_cents,
            "vat_rate": t.vat_rate,
            "pay_on_invoice": t.pay_on_invoice,
            "requires_code": t.requires_code,
            "max_per_registration": t.max_per_registration,
            "available": is_on_sale(t) and (t.quota is None or t.sold < t.quota),
        }
        for t in types
    ]


async def invoice_basis(registration_id: int) -> dict[str, Any] | None:
    """What an invoice of a registration is made of (None when it is gone): its code, event,
    status, contact, language, ticket type (name, price, VAT rate, pay on invoice) and the
    number of active attendees."""
    registration = await Registration.get_or_none(id=registration_id)
    if registration is None:
        return None
    ticket_type = await TicketType.get(id=registration.ticket_type_id)
    active = await Attendee.filter(
        registration_id=registration_id, status=AttendeeStatus.ACTIVE
    ).count()
    return {
        "id": registration.id,
        "code": registration.code,
        "event_id": registration.event_id,
        "status": registration.status.value,
        "contact_name": registration.contact_name,
        "contact_email": registration.contact_email,
        "language": registration.language,
        "ticket_type": {
            "id": ticket_type.id,
            "name": ticket_type.name,
            "price_cents": ticket_type.price_cents,
            "vat_rate": ticket_type.vat_rate,
            "pay_on_invoice": ticket_type.pay_on_invoice,
        },
        "attendees": active,
    }


def _attendee_dict(a: Attendee, bookings: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name,
        "email": a.email,
        "organisation": a.organisation,
        "role": a.role.value,
        "access_needs": list(a.access_needs),
        "access_other": a.access_other,
        "access_discreet": a.access_discreet,
        "diet": a.diet,
        "answers": dict(a.answers),
        "status": a.status.value,
        "bookings": bookings,
    }


async def registration_details(registration: Registration) -> dict[str, Any]:
    """Everything a manage page, a confirmation mail or the API shows, fully loaded."""
    attendees = await Attendee.filter(registration_id=registration.id).order_by("position", "id")
    bookings = await bookings_for([a.id for a in attendees])
    ticket_type = await TicketType.get(id=registration.ticket_type_id)
    return {
        "id": registration.id,
        "code": registration.code,
        "status": registration.status.value,
        "event_id": registration.event_id,
        "contact_name": registration.contact_name,
        "contact_email": registration.contact_email,
        "created_at": registration.created_at,
        "language": registration.language,
        "ticket_type": {
            "id": ticket_type.id,
            "name": ticket_type.name,
            "name_en": ticket_type.name_en,
            "price_cents": ticket_type.price_cents,
        },
        "attendees": [_attendee_dict(a, bookings.get(a.id, [])) for a in attendees],
        "active_attendees": sum(1 for a in attendees if a.status == AttendeeStatus.ACTIVE),
    }


async def offer_details(entry: WaitlistEntry) -> dict[str, Any]:
    booking = await Booking.get(id=entry.booking_id)
    attendee = await Attendee.get(id=booking.attendee_id)
    registration = await Registration.get(id=attendee.registration_id)
    info = (await session_infos([entry.session_id]))[entry.session_id]
    return {
        "entry_id": entry.id,
        "state": entry.state.value,
        "name": attendee.name,
        "email": attendee.email or registration.contact_email,
        "language": registration.language,
        "title": info.title,
        "starts_at": info.starts_at,
        "ends_at": info.ends_at,
        "room": info.room,
        "expires_at": entry.offer_expires_at,
        "registration_code": registration.code,
    }


async def registrations_of_address(event_id: int, email: str) -> list[Registration]:
    """Registrations whose contact or one of whose attendees has this address."""
    email = email.strip().lower()
    ids = set(
        await Attendee.filter(event_id=event_id, email=email).values_list(
            "registration_id", flat=True
        )
    )
    return await Registration.filter(
        Q(id__in=list(ids) or [0]) | Q(contact_email=email), event_id=event_id
    ).order_by("id")


async def attendee_agenda(attendee: Attendee) -> list[dict[str, Any]]:
    """The attendee's own sessions that hold a seat (confirmed or offered), in time order."""
    bookings = (await bookings_for([attendee.id])).get(attendee.id, [])
    return [
        b for b in bookings if b.get("status") in (BookingStatus.CONFIRMED, BookingStatus.OFFERED)
    ]


async def registrations_page(
    event_id: int,
    *,
    search: str = "",
    status: str = "",
    ticket_type_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    """A page of the event's registrations, newest first; search over code, names, e-mail."""
    query = Registration.filter(event_id=event_id)
    if status:
        query = query.filter(status=status)
    if ticket_type_id:
        query = query.filter(ticket_type_id=ticket_type_id)
    if search.strip():
        term = search.strip()
        matching = await Attendee.filter(
            Q(name__icontains=term) | Q(email__icontains=term) | Q(organisation__icontains=term),
            event_id=event_id,
        ).values_list("registration_id", flat=True)
        query = query.filter(
            Q(code__iexact=term)
            | Q(contact_name__icontains=term)
            | Q(contact_email__icontains=term)
            | Q(id__in=list(matching) or [0])
        )
    total = await query.count()
    rows = await query.order_by("-created_at", "-id").offset(offset).limit(limit)
    counts: dict[int, int] = defaultdict(int)
    for registration_id in await Attendee.filter(
        registration_id__in=[r.id for r in rows], status=AttendeeStatus.ACTIVE
    ).values_list("registration_id", flat=True):
        counts[int(registration_id)] += 1  # type: ignore[call-overload]
    names = dict(await TicketType.filter(event_id=event_id).values_list("id", "name"))
    return {
        "total": total,
        "rows": [
            {
                "code": r.code,
                "status": r.status.value,
                "contact_name": r.contact_name,
                "contact_email": r.contact_email,
                "created_at": r.created_at,
                "attendees": counts[r.id],
                "ticket_type": names.get(r.ticket_type_id, ""),
            }
            for r in rows
        ],
    }


async def registrations_awaiting_payment() -> list[dict[str, Any]]:
    """Every registration waiting for payment, with what the payments area needs to decide
    whether its hold has ended (id, event_id, created_at, requires_approval)."""
    rows = await Registration.filter(status=RegistrationStatus.PENDING_PAYMENT).values(
        "id", "event_id", "created_at", "ticket_type__requires_approval"
    )
    return [
        {
            "id": r["id"],
            "event_id": r["event_id"],
            "created_at": r["created_at"],
            "requires_approval": bool(r["ticket_type__requires_approval"]),
        }
        for r in rows
    ]


async def priced_registrations(event_id: int) -> list[dict[str, Any]]:
    """The event's registrations of ticket types with a price, oldest first, with their ticket
    type, price and number of active attendees (the payments overview)."""
    types = {t.id: t for t in await TicketType.filter(event_id=event_id, price_cents__gt=0)}
    rows = await Registration.filter(
        event_id=event_id, ticket_type_id__in=list(types) or [0]
    ).order_by("created_at", "id")
    counts: dict[int, int] = defaultdict(int)
    for registration_id in await Attendee.filter(
        registration_id__in=[r.id for r in rows] or [0], status=AttendeeStatus.ACTIVE
    ).values_list("registration_id", flat=True):
        counts[int(registration_id)] += 1  # type: ignore[call-overload]
    return [
        {
            "id": r.id,
            "code": r.code,
            "status": r.status.value,
            "contact_name": r.contact_name,
            "contact_email": r.contact_email,
            "created_at": r.created_at,
            "ticket_type_id": r.ticket_type_id,
            "ticket_type": types[r.ticket_type_id].name,
            "price_cents": types[r.ticket_type_id].price_cents,
            "attendees": counts[r.id],
        }
        for r in rows
    ]


async def registration_counts() -> dict[str, int]:
    """Registrations of every event on this instance per status (operations' metrics)."""
    rows = await Registration.all().group_by("status").annotate(n=Count("id")).values("status", "n")
    return {str(row["status"]): int(row["n"]) for row in rows}
