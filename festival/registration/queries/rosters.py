"""Seats and people per session: seats left, the workshop step, the seat overview, session
rosters, the attendee export and who holds a seat (for schedule changes)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from festival import clock
from festival.programme.models import Session
from festival.programme.queries import UNLIMITED, read_live_seats_with, session_infos
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
from festival.registration.queries.availability import is_bookable

OfferSweep = Callable[..., Awaitable[int]]
_expire_offers: list[OfferSweep] = []


def expire_offers_on_read(sweep: OfferSweep) -> None:
    """Expired offers move on when seats are read, so the embedded default needs no cron.
    Handing a seat on is a rule: services.waitlist hands its sweep in here when it loads (a
    query imports no service)."""
    _expire_offers[:] = [sweep]


async def _sweep(event_id: int) -> None:
    if (
        _expire_offers
        and await WaitlistEntry.filter(
            event_id=event_id, state=WaitlistState.OFFERED, offer_expires_at__lte=clock.now()
        ).exists()
    ):
        await _expire_offers[0](event_id=event_id)


async def seats_left(event_id: int) -> dict[int, int | None]:
    """Seats still free per session of the event that takes bookings (None: no limit). The
    one answer of every page and the API: the seat counter where bookings were made, else the
    session's capacity now (its own or its room's). One query."""
    await _sweep(event_id)
    rows = await Session.filter(event_id=event_id, requires_registration=True).values(
        "id", "capacity", "room__capacity", "seats__capacity", "seats__taken"
    )
    out: dict[int, int | None] = {}
    for row in rows:
        if row["seats__capacity"] is not None:
            capacity, taken = row["seats__capacity"], row["seats__taken"]
        else:
            own = row["capacity"] if row["capacity"] is not None else row["room__capacity"]
            capacity, taken = (UNLIMITED if own is None else own), 0
        out[row["id"]] = None if capacity >= UNLIMITED else max(capacity - taken, 0)
    return out


async def session_slots(event_id: int) -> list[dict[str, Any]]:
    """Bookable sessions grouped per start time, each with seats left (for the workshop step)."""
    infos = [i for i in (await session_infos(event_id=event_id)).values() if is_bookable(i)]
    left = await seats_left(event_id)
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
        free = left.get(info.id)
        slot["sessions"].append(
            {
                "id": info.id,
                "title": info.title,
                "title_en": info.title_en,
                "room": info.room,
                "starts_at": info.starts_at,
                "ends_at": info.ends_at,
                "seats_left": free,
                "full": free is not None and free <= 0,
                "unlimited": free is None,
            }
        )
    return list(slots.values())


async def seat_overview(event_id: int) -> list[dict[str, Any]]:
    """Per bookable session: capacity, seats taken, left, people waiting and offers open."""
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
        "access_discreet": a.access_discreet,
        "diet": a.diet,
        "registration": registration_code,
    }


async def session_roster(session_id: int, event_id: int) -> dict[str, Any] | None:
    """Who has a seat in the session, and its waiting list in order (for organisers and leaders)."""
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


# The public programme's live seats are this module's answer (see programme.queries.published).
read_live_seats_with(seats_left)
