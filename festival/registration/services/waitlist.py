"""Waiting lists: a freed seat is offered to the next person in line with an expiry; accepting
books it, declining or letting it expire hands it on. Offers are mailed after commit."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from festival import audit, clock, jobs
from festival.audit import Actor
from festival.errors import Conflict, NotFound
from festival.i18n import _
from festival.programme import services as programme
from festival.registration import queries
from festival.registration.models import (
    Booking,
    BookingStatus,
    SessionSeats,
    WaitlistEntry,
    WaitlistState,
)
from festival.registration.services import seats
from festival.registration.services.seats import SessionInfo
from festival.tickets import services as tickets

OFFER_HOURS = 24


def _expired_message() -> str:
    return _("Dit aanbod is verlopen. De plek is naar de volgende op de wachtlijst gegaan.")


def offer_expiry(now: datetime, starts_at: datetime | None) -> datetime | None:
    """At most 24 hours, and at most half the time left before the session; None once it began."""
    if starts_at is None:
        return now + timedelta(hours=OFFER_HOURS)
    left = starts_at - now
    if left <= timedelta(0):
        return None
    return now + min(timedelta(hours=OFFER_HOURS), left / 2)


async def join_waitlist(booking: Booking) -> WaitlistEntry:
    """Put a booking at the end of its session's line (inside the caller's transaction)."""
    ahead = await WaitlistEntry.filter(
        session_id=booking.session_id, state__in=[WaitlistState.WAITING]
    ).count()
    return await WaitlistEntry.create(
        booking_id=booking.id,
        session_id=booking.session_id,
        event_id=booking.event_id,
        position=ahead + 1,
        state=WaitlistState.WAITING,
        created_at=clock.now(),
    )


async def give_seat_to_next(session: SessionInfo, *, actor: Actor) -> WaitlistEntry | None:
    """The caller holds one seat of `session`: offer it to the first one waiting, else free it."""
    now = clock.now()
    expires = offer_expiry(now, session.starts_at)
    if expires is not None:
        waiting = (
            await WaitlistEntry.filter(session_id=session.id, state=WaitlistState.WAITING)
            .order_by("id")
            .limit(20)
        )
        for entry in waiting:
            # Guarded: a concurrent hand-on may have offered this entry already.
            rows = await WaitlistEntry.filter(id=entry.id, state=WaitlistState.WAITING).update(
                state=WaitlistState.OFFERED,
                offered_at=now,
                offer_expires_at=expires,
            )
            if rows != 1:
                continue
            await Booking.filter(id=entry.booking_id).update(
                status=BookingStatus.OFFERED, updated_at=now
            )
            entry.state, entry.offered_at, entry.offer_expires_at = (
                WaitlistState.OFFERED,
                now,
                expires,
            )
            await audit.record(
                actor,
                "registration.waitlist_offered",
                entry,
                event_id=entry.event_id,
                session_id=session.id,
                booking_id=entry.booking_id,
                expires_at=expires.isoformat(),
            )
            return entry
    await seats.release_seat(session.id)
    return None


async def queue_offer_mails(entries: list[WaitlistEntry | None]) -> None:
    """After commit: one offer mail per new offer."""
    for entry in entries:
        if entry is not None:
            await jobs.enqueue(
                "send_waitlist_offer", entry_id=entry.id, _job_id=f"waitlist-offer-{entry.id}"
            )


async def _session(session_id: int) -> SessionInfo:
    infos = await seats.session_infos([session_id])
    if session_id not in infos:
        raise NotFound("session_not_found", _("Deze sessie bestaat niet."))
    return infos[session_id]


async def get_entry(entry_id: int, *, event_id: int | None = None) -> WaitlistEntry:
    entry = await WaitlistEntry.get_or_none(id=entry_id)
    if entry is None or (event_id is not None and entry.event_id != event_id):
        raise NotFound("offer_not_found", _("Deze plek op de wachtlijst bestaat niet (meer)."))
    return entry


async def accept_offer(entry: WaitlistEntry, *, actor: Actor) -> Booking:
    """Book the held seat. Raises Conflict offer_expired or offer_not_open."""
    await expire_waitlist_offers(session_id=entry.session_id)
    now = clock.now()
    async with in_transaction():
        rows = await WaitlistEntry.filter(
            id=entry.id, state=WaitlistState.OFFERED, offer_expires_at__gt=now
        ).update(state=WaitlistState.ACCEPTED)
        if rows != 1:
            await entry.refresh_from_db()
            if entry.state == WaitlistState.EXPIRED:
                raise Conflict(
                    "offer_expired",
                    _expired_message(),
                )
            raise Conflict("offer_not_open", _("Dit aanbod staat niet meer open."))
        await Booking.filter(id=entry.booking_id).update(
            status=BookingStatus.CONFIRMED, updated_at=now
        )
        entry.state = WaitlistState.ACCEPTED
        await audit.record(
            actor,
            "registration.waitlist_accepted",
            entry,
            event_id=entry.event_id,
            session_id=entry.session_id,
            booking_id=entry.booking_id,
        )
    booking = await Booking.get(id=entry.booking_id)

    await tickets.refresh_tickets([booking.attendee_id])
    return booking


async def decline_offer(entry: WaitlistEntry, *, actor: Actor) -> None:
    """Refuse the held seat: the booking ends and the seat goes to the next in line."""
    session = await _session(entry.session_id)
    async with in_transaction():
        rows = await WaitlistEntry.filter(id=entry.id, state=WaitlistState.OFFERED).update(
            state=WaitlistState.DECLINED
        )
        if rows != 1:
            raise Conflict("offer_not_open", _("Dit aanbod staat niet meer open."))
        await Booking.filter(id=entry.booking_id).update(
            status=BookingStatus.CANCELLED, updated_at=clock.now()
        )
        await audit.record(
            actor,
            "registration.waitlist_declined",
            entry,
            event_id=entry.event_id,
            session_id=entry.session_id,
            booking_id=entry.booking_id,
        )
        offered = await give_seat_to_next(session, actor=actor)
    await queue_offer_mails([offered])


async def expire_waitlist_offers(
    *,
    event_id: int | None = None,
    session_id: int | None = None,
    session_ids: list[int] | None = None,
) -> int:
    """End every offer past its expiry and hand each seat on. Returns how many expired."""
    query = WaitlistEntry.filter(state=WaitlistState.OFFERED, offer_expires_at__lte=clock.now())
    if event_id is not None:
        query = query.filter(event_id=event_id)
    if session_id is not None:
        query = query.filter(session_id=session_id)
    if session_ids is not None:
        query = query.filter(session_id__in=session_ids)
    due = await query.order_by("id").limit(500)
    if not due:
        return 0
    infos = await seats.session_infos(list({entry.session_id for entry in due}))
    expired, offers = 0, []
    for entry in due:
        async with in_transaction():
            rows = await WaitlistEntry.filter(id=entry.id, state=WaitlistState.OFFERED).update(
                state=WaitlistState.EXPIRED
            )
            if rows != 1:
                continue
            await Booking.filter(id=entry.booking_id).update(
                status=BookingStatus.CANCELLED, updated_at=clock.now()
            )
            await audit.record(
                audit.SYSTEM,
                "registration.waitlist_expired",
                entry,
                event_id=entry.event_id,
                session_id=entry.session_id,
                booking_id=entry.booking_id,
            )
            offers.append(await give_seat_to_next(infos[entry.session_id], actor=audit.SYSTEM))
            expired += 1
    await queue_offer_mails(offers)
    return expired


queries.expire_offers_on_read(expire_waitlist_offers)  # seat reads sweep first (no cron)


async def offer_seat(entry: WaitlistEntry, *, actor: Actor) -> WaitlistEntry:
    """Organiser: offer a free seat to this person, out of turn. Raises Conflict no_free_seat."""
    session = await _session(entry.session_id)
    expires = offer_expiry(clock.now(), session.starts_at) or clock.now() + timedelta(hours=1)
    async with in_transaction():
        if entry.state != WaitlistState.WAITING:
            raise Conflict("offer_not_open", _("Deze persoon staat niet (meer) op de wachtlijst."))
        await seats.ensure_seat_rows([session])
        if not await seats.take_seat(session.id):
            raise Conflict(
                "no_free_seat",
                _("Er is geen plek vrij. Verhoog eerst de capaciteit van de sessie."),
            )
        rows = await WaitlistEntry.filter(id=entry.id, state=WaitlistState.WAITING).update(
            state=WaitlistState.OFFERED,
            offered_at=clock.now(),
            offer_expires_at=expires,
            offered_by=actor.label[:255],
        )
        if rows != 1:
            raise Conflict("offer_not_open", _("Deze persoon staat niet (meer) op de wachtlijst."))
        await Booking.filter(id=entry.booking_id).update(
            status=BookingStatus.OFFERED, updated_at=clock.now()
        )
        await audit.record(
            actor,
            "registration.waitlist_offered",
            entry,
            event_id=entry.event_id,
            by_hand=True,
            session_id=session.id,
            booking_id=entry.booking_id,
            expires_at=expires.isoformat(),
        )
    await entry.refresh_from_db()
    await queue_offer_mails([entry])
    return entry


async def sync_capacity(
    session_id: int, capacity: int, *, actor: Actor = audit.SYSTEM
) -> list[WaitlistEntry]:
    """The programme changed a session's capacity: store it and offer any new seats in line."""
    session = await _session(session_id)
    offers: list[WaitlistEntry | None] = []
    async with in_transaction():
        await seats.set_capacity(session, capacity)
        await audit.record(
            actor,
            "registration.capacity_synced",
            None,
            event_id=session.event_id,
            session_id=session_id,
            capacity=capacity,
        )
        while await WaitlistEntry.filter(
            session_id=session_id, state=WaitlistState.WAITING
        ).exists():
            if not await seats.take_seat(session_id):
                break
            offer = await give_seat_to_next(session, actor=actor)
            if offer is None:
                break
            offers.append(offer)
    await queue_offer_mails(offers)
    return [offer for offer in offers if offer is not None]


programme.on_capacity_change(sync_capacity)  # a session's new seat count, from programme


async def seat_counts(event_id: int) -> dict[int, SessionSeats]:
    return {row.session_id: row for row in await SessionSeats.filter(event_id=event_id)}


async def prepare_sessions(sessions: list[SessionInfo], *, event_id: int) -> None:
    """Before booking `sessions` (outside a transaction: it may offer seats and queue mails):
    create missing seat counters, follow capacity changes, and end the expired offers of the
    full ones among them first, so their seats go to the people in line (other sessions'
    offers wait for their own sweep). One read when nothing needs doing."""
    if not sessions:
        return
    stored = {
        session_id: (capacity, taken)
        for session_id, capacity, taken in await SessionSeats.filter(
            session_id__in=[s.id for s in sessions]
        ).values_list("session_id", "capacity", "taken")
    }
    if len(stored) < len(sessions):
        await seats.ensure_seat_rows([s for s in sessions if s.id not in stored])
    for session in sessions:
        if session.id in stored and stored[session.id][0] != session.capacity:
            await sync_capacity(session.id, session.capacity)
    full = [sid for sid, (capacity, taken) in stored.items() if taken >= capacity]
    if full:
        await expire_waitlist_offers(event_id=event_id, session_ids=sorted(full))


async def reconcile_capacity(sessions: list[SessionInfo]) -> None:
    """Seat counters follow the programme's capacity even if it changed without sync_capacity
    being called (outside a transaction: it may offer seats and queue mails)."""
    if not sessions:
        return
    stored = dict(
        await SessionSeats.filter(session_id__in=[s.id for s in sessions]).values_list(
            "session_id", "capacity"
        )
    )
    for session in sessions:
        if session.id in stored and stored[session.id] != session.capacity:
            await sync_capacity(session.id, session.capacity)
