"""Named read queries of the registration area, for its pages and for other areas."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from tortoise.expressions import Q

from festival import clock
from festival.registration.models import (
    ACTIVE_BOOKING,
    ACTIVE_REGISTRATION,
    SEAT_HOLDING,
    Attendee,
    AttendeeStatus,
    Booking,
    BookingStatus,
    Registration,
    SessionSeats,
    TicketType,
    WaitlistEntry,
    WaitlistState,
)


async def _sweep(event_id: int) -> None:
    """Expired offers move on when seats are read, so the embedded default needs no cron."""
    from festival.registration.services import waitlist

    if await WaitlistEntry.filter(
        event_id=event_id, state=WaitlistState.OFFERED, offer_expires_at__lte=clock.now()
    ).exists():
        await waitlist.expire_waitlist_offers(event_id=event_id)


async def seats_left_by_session(event_id: int) -> dict[int, int]:
    """Seats left per session id of the event, for sessions that take bookings.

    Sessions missing from the result have no bookings yet: their full capacity is free.
    """
    await _sweep(event_id)
    rows = await SessionSeats.filter(event_id=event_id).values_list(
        "session_id", "capacity", "taken"
    )
    return {session_id: max(capacity - taken, 0) for session_id, capacity, taken in rows}


async def ticket_types_for_event(event_id: int) -> list[dict[str, Any]]:
    """Ticket types shown for the event: id, name, price_cents, requires_code, available."""
    from festival.registration.services.signup import is_on_sale

    types = await TicketType.filter(event_id=event_id, is_active=True).order_by("position", "id")
    return [
        {
            "id": t.id,
            "name": t.name,
            "name_en": t.name_en,
            "description": t.description,
            "price_cents": t.price_cents,
            "requires_code": t.requires_code,
            "max_per_registration": t.max_per_registration,
            "available": is_on_sale(t) and (t.quota is None or t.sold < t.quota),
        }
        for t in types
    ]


async def waiting_positions(session_ids: list[int]) -> dict[int, int]:
    """Booking id -> place in line (1 = next) for everyone waiting on these sessions."""
    rows = (
        await WaitlistEntry.filter(session_id__in=session_ids, state=WaitlistState.WAITING)
        .order_by("id")
        .values_list("session_id", "booking_id")
    )
    counter: dict[int, int] = defaultdict(int)
    positions = {}
    for session_id, booking_id in rows:
        counter[session_id] += 1
        positions[booking_id] = counter[session_id]
    return positions


async def _bookings_for(
    attendee_ids: list[int], *, active_only: bool = True
) -> dict[int, list[dict[str, Any]]]:
    from festival.registration.services.seats import session_infos

    query = Booking.filter(attendee_id__in=attendee_ids)
    if active_only:
        query = query.filter(status__in=list(ACTIVE_BOOKING))
    bookings = await query.order_by("id")
    infos = await session_infos(sorted({b.session_id for b in bookings}))
    positions = await waiting_positions(
        sorted({b.session_id for b in bookings if b.status == BookingStatus.WAITLISTED})
    )
    offers = {
        e.booking_id: e
        for e in await WaitlistEntry.filter(
            booking_id__in=[b.id for b in bookings if b.status == BookingStatus.OFFERED],
            state=WaitlistState.OFFERED,
        )
    }
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for b in bookings:
        info = infos[b.session_id]
        offer = offers.get(b.id)
        out[b.attendee_id].append(
            {
                "id": b.id,
                "session_id": b.session_id,
                "session_code": info.code,
                "title": info.title,
                "title_en": info.title_en,
                "starts_at": info.starts_at,
                "ends_at": info.ends_at,
                "room": info.room,
                "status": b.status.value,
                "waitlist_position": positions.get(b.id),
                "offer_entry_id": offer.id if offer else None,
                "offer_expires_at": offer.offer_expires_at if offer else None,
            }
        )
    for rows in out.values():
        rows.sort(key=lambda r: (r["starts_at"] or datetime.min, r["session_id"]))
    return out


def _attendee_dict(a: Attendee, bookings: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name,
        "email": a.email,
        "organisation": a.organisation,
        "role": a.role.value,
        "access_needs": list(a.access_needs),
        "access_other": a.access_other,
        "diet": a.diet,
        "answers": dict(a.answers),
        "status": a.status.value,
        "bookings": bookings,
    }


async def registration_details(registration: Registration) -> dict[str, Any]:
    """Everything a manage page, a confirmation mail or the API shows, fully loaded."""
    attendees = await Attendee.filter(registration_id=registration.id).order_by("position", "id")
    bookings = await _bookings_for([a.id for a in attendees])
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
    from festival.registration.services.seats import session_infos

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
    bookings = (await _bookings_for([attendee.id])).get(attendee.id, [])
    return [
        b for b in bookings if b.get("status") in (BookingStatus.CONFIRMED, BookingStatus.OFFERED)
    ]


async def session_slots(event_id: int) -> list[dict[str, Any]]:
    """Bookable sessions grouped per start time, each with seats left (for the workshop step)."""
    from festival.registration.services.seats import session_infos
    from festival.registration.services.signup import is_bookable

    infos = [i for i in (await session_infos(event_id=event_id)).values() if is_bookable(i)]
    left = await seats_left_by_session(event_id)
    slots: dict[datetime, dict[str, Any]] = {}
    for info in sorted(infos, key=lambda i: (i.starts_at, i.title)):
        assert info.starts_at is not None
        slot = slots.setdefault(
            info.starts_at,
            {
                "index": len(slots),
                "starts_at": info.starts_at,
                "ends_at": info.ends_at,
                "sessions": [],
            },
        )
        seats_left = left.get(info.id, info.capacity)
        slot["sessions"].append(
            {
                "id": info.id,
                "title": info.title,
                "title_en": info.title_en,
                "room": info.room,
                "starts_at": info.starts_at,
                "ends_at": info.ends_at,
                "seats_left": seats_left,
                "full": seats_left <= 0,
                "unlimited": info.capacity >= 1_000_000,
            }
        )
    return list(slots.values())


# ---------------------------------------------------------------- organiser views


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


async def seat_overview(event_id: int) -> list[dict[str, Any]]:
    """Per bookable session: capacity, seats taken, left, people waiting and offers open."""
    from festival.registration.services.seats import session_infos

    await _sweep(event_id)
    infos = sorted(
        (i for i in (await session_infos(event_id=event_id)).values() if i.requires_registration),
        key=lambda i: (i.starts_at or datetime.max.replace(tzinfo=None), i.title),
    )
    seat_rows = {s.session_id: s for s in await SessionSeats.filter(event_id=event_id)}
    waiting: dict[tuple[int, str], int] = defaultdict(int)
    for session_id, state in await WaitlistEntry.filter(
        event_id=event_id, state__in=["waiting", "offered"]
    ).values_list("session_id", "state"):
        waiting[(session_id, str(state))] += 1
    out = []
    for info in infos:
        seat = seat_rows.get(info.id)
        capacity = seat.capacity if seat else info.capacity
        taken = seat.taken if seat else 0
        out.append(
            {
                "id": info.id,
                "title": info.title,
                "starts_at": info.starts_at,
                "ends_at": info.ends_at,
                "room": info.room,
                "capacity": capacity,
                "taken": taken,
                "left": max(capacity - taken, 0),
                "waiting": waiting[(info.id, "waiting")],
                "offered": waiting[(info.id, "offered")],
                "unlimited": capacity >= 1_000_000,
            }
        )
    return out


def _person_row(a: Attendee, registration_code: str) -> dict[str, Any]:
    return {
        "attendee_id": a.id,
        "name": a.name,
        "email": a.email,
        "organisation": a.organisation,
        "role": a.role.value,
        "access_needs": list(a.access_needs),
        "access_other": a.access_other,
        "diet": a.diet,
        "registration": registration_code,
    }


async def session_roster(session_id: int, event_id: int) -> dict[str, Any] | None:
    """Who has a seat in the session, and its waiting list in order (for organisers and leaders)."""
    from festival.registration.services.seats import session_infos

    info = (await session_infos([session_id], event_id=event_id)).get(session_id)
    if info is None:
        return None
    await _sweep(event_id)
    bookings = await Booking.filter(
        session_id=session_id, status__in=list(ACTIVE_BOOKING)
    ).order_by("id")
    attendees = {a.id: a for a in await Attendee.filter(id__in=[b.attendee_id for b in bookings])}
    codes = dict(
        await Registration.filter(
            id__in=list({a.registration_id for a in attendees.values()})
        ).values_list("id", "code")
    )
    entries = {
        e.booking_id: e
        for e in await WaitlistEntry.filter(session_id=session_id, state__in=["waiting", "offered"])
    }
    seated, waiting = [], []
    for b in bookings:
        a = attendees[b.attendee_id]
        row = _person_row(a, codes.get(a.registration_id, "")) | {"status": b.status.value}
        if b.status == BookingStatus.CONFIRMED:
            seated.append(row)
        elif b.id in entries:
            entry = entries[b.id]
            waiting.append(
                row
                | {
                    "entry_id": entry.id,
                    "state": entry.state.value,
                    "joined_at": entry.created_at,
                    "offer_expires_at": entry.offer_expires_at,
                }
            )
    waiting.sort(key=lambda r: r["entry_id"])
    seated.sort(key=lambda r: r["name"].lower())
    return {"session": info, "seated": seated, "waiting": waiting}


async def attendee_export_rows(event_id: int) -> list[dict[str, Any]]:
    """One row per attendee of the event, with registration, ticket type and sessions booked."""
    from festival.registration.services.seats import session_infos

    registrations = {r.id: r for r in await Registration.filter(event_id=event_id)}
    names = dict(await TicketType.filter(event_id=event_id).values_list("id", "name"))
    titles = {i.id: i.title for i in (await session_infos(event_id=event_id)).values()}
    booked: dict[int, list[str]] = defaultdict(list)
    for attendee_id, session_id, status in (
        await Booking.filter(event_id=event_id, status__in=list(ACTIVE_BOOKING))
        .order_by("id")
        .values_list("attendee_id", "session_id", "status")
    ):
        label = titles.get(session_id, str(session_id))
        booked[attendee_id].append(
            label if status == BookingStatus.CONFIRMED else f"{label} ({status})"
        )
    rows = []
    for a in await Attendee.filter(event_id=event_id).order_by("registration_id", "position"):
        r = registrations[a.registration_id]
        rows.append(
            _person_row(a, r.code)
            | {
                "registration_status": r.status.value,
                "attendee_status": a.status.value,
                "ticket_type": names.get(r.ticket_type_id, ""),
                "registered_at": r.created_at,
                "answers": a.answers,
                "sessions": booked[a.id],
            }
        )
    return rows


# ----------------------------------------------- for the tickets area (added by the tickets helper)


async def ticket_holders(
    *,
    registration_id: int | None = None,
    event_id: int | None = None,
    attendee_ids: list[int] | None = None,
    details: bool = False,
) -> list[dict[str, Any]]:
    """Attendees as tickets show them: id, registration_id, registration_code, event_id, name,
    organisation, status, language, registration_status, confirmed `session_ids`; with
    `details` also `sessions` (session_id, title, title_en, starts_at, ends_at, room), in time
    order."""
    query = Attendee.all()
    if registration_id is not None:
        query = query.filter(registration_id=registration_id)
    if event_id is not None:
        query = query.filter(event_id=event_id)
    if attendee_ids is not None:
        query = query.filter(id__in=attendee_ids)
    rows = await query.order_by("registration_id", "position", "id").values(
        "id",
        "registration_id",
        "event_id",
        "name",
        "organisation",
        "status",
        "registration__language",
        "registration__code",
        "registration__status",
    )
    booked: dict[int, list[int]] = defaultdict(list)
    bookings = Booking.filter(status=BookingStatus.CONFIRMED)
    if event_id is not None and registration_id is None and attendee_ids is None:
        bookings = bookings.filter(event_id=event_id)
    else:
        bookings = bookings.filter(attendee_id__in=[r["id"] for r in rows])
    pairs = await bookings.order_by("id").values_list("attendee_id", "session_id")
    for attendee_id, session_id in pairs:
        booked[attendee_id].append(session_id)
    sessions = await _bookings_for([r["id"] for r in rows]) if details else {}
    keys = ("session_id", "title", "title_en", "starts_at", "ends_at", "room")
    out = []
    for r in rows:
        holder = {
            "id": r["id"],
            "registration_id": r["registration_id"],
            "registration_code": r["registration__code"],
            "event_id": r["event_id"],
            "name": r["name"],
            "organisation": r["organisation"],
            "status": str(r["status"]),
            "language": r["registration__language"],
            "registration_status": str(r["registration__status"]),
            "session_ids": booked[r["id"]],
        }
        if details:
            holder["sessions"] = [
                {k: s[k] for k in keys}
                for s in sessions.get(r["id"], [])
                if s["status"] == BookingStatus.CONFIRMED
            ]
        out.append(holder)
    return out


# ---------------------------------------------- for the check-in area (added by the checkin helper)


async def booked_session_ids(attendee_id: int) -> set[int]:
    """The sessions the attendee holds a confirmed seat in."""
    rows = await Booking.filter(
        attendee_id=attendee_id, status=BookingStatus.CONFIRMED
    ).values_list("session_id", flat=True)
    return {int(row) for row in rows}  # type: ignore[call-overload]


def _card(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "email": row["email"],
        "organisation": row["organisation"],
        "role": str(row["role"]),
        "status": str(row["status"]),
        "event_id": row["event_id"],
        "registration_id": row["registration_id"],
        "registration_code": row["registration__code"],
    }


_CARD_FIELDS = (
    "id",
    "name",
    "email",
    "organisation",
    "role",
    "status",
    "event_id",
    "registration_id",
    "registration__code",
)


async def attendee_card(attendee_id: int) -> dict[str, Any] | None:
    """Who the attendee is, as a scanner or badge shows them (one query); None when gone."""
    rows = await Attendee.filter(id=attendee_id).values(*_CARD_FIELDS)
    return _card(rows[0]) if rows else None


async def attendee_cards(
    event_id: int, *, attendee_ids: list[int] | None = None, active_only: bool = True
) -> list[dict[str, Any]]:
    """Attendee cards of the event (all, or these ids), by name."""
    query = Attendee.filter(event_id=event_id)
    if attendee_ids is not None:
        query = query.filter(id__in=attendee_ids or [0])
    if active_only:
        query = query.filter(status=AttendeeStatus.ACTIVE)
    rows = await query.values(*_CARD_FIELDS)
    return sorted((_card(r) for r in rows), key=lambda c: (c["name"].lower(), c["id"]))


async def search_attendees(event_id: int, text: str, *, limit: int = 25) -> list[dict[str, Any]]:
    """Attendees whose name, e-mail or organisation contains `text`, or whose registration code
    is `text` (desk search: finds people who lost their ticket)."""
    term = text.strip()
    if len(term) < 2:
        return []
    codes = await Registration.filter(event_id=event_id, code__iexact=term).values_list(
        "id", flat=True
    )
    rows = (
        await Attendee.filter(
            Q(name__icontains=term)
            | Q(email__icontains=term)
            | Q(organisation__icontains=term)
            | Q(registration_id__in=list(codes) or [0]),
            event_id=event_id,
        )
        .order_by("name", "id")
        .limit(limit)
        .values(*_CARD_FIELDS)
    )
    return [_card(r) for r in rows]


async def attendee_counts(event_id: int) -> dict[str, int]:
    """Active and cancelled attendees of the event."""
    active = await Attendee.filter(event_id=event_id, status=AttendeeStatus.ACTIVE).count()
    cancelled = await Attendee.filter(event_id=event_id, status=AttendeeStatus.CANCELLED).count()
    return {"active": active, "cancelled": cancelled}


async def confirmed_attendees_by_session(event_id: int) -> dict[int, set[int]]:
    """Session id -> attendee ids with a confirmed seat (for no-shows per workshop)."""
    out: dict[int, set[int]] = defaultdict(set)
    for session_id, attendee_id in await Booking.filter(
        event_id=event_id, status=BookingStatus.CONFIRMED
    ).values_list("session_id", "attendee_id"):
        out[session_id].add(attendee_id)
    return out


# ---------------------------------------------- for the programme area (schedule changes)


async def booked_people(session_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Session id -> the active attendees holding a seat (confirmed or offered) in it: attendee
    id, name, email, registration language, and registration code + event id for the manage
    link (registration.services.links.manage_url). Sessions without such people are absent."""
    if not session_ids:
        return {}
    rows = (
        await Booking.filter(
            session_id__in=session_ids,
            status__in=SEAT_HOLDING,
            attendee__status=AttendeeStatus.ACTIVE,
            attendee__registration__status__in=ACTIVE_REGISTRATION,
        )
        .order_by("session_id", "attendee_id")
        .values(
            "session_id",
            "attendee_id",
            "attendee__name",
            "attendee__email",
            "attendee__event_id",
            "attendee__registration__language",
            "attendee__registration__code",
        )
    )
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row["session_id"]].append(
            {
                "attendee_id": row["attendee_id"],
                "name": row["attendee__name"],
                "email": row["attendee__email"],
                "language": row["attendee__registration__language"],
                "event_id": row["attendee__event_id"],
                "registration_code": row["attendee__registration__code"],
            }
        )
    return dict(out)
