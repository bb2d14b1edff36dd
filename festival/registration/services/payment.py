"""Registration's side of a payment (the payments area calls these): a paid registration is
confirmed, an unpaid one is cancelled when its hold ends, a late payment books it again if
the seats are still free."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from festival import audit, clock, db
from festival.audit import Actor
from festival.errors import Conflict
from festival.i18n import _
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
from festival.registration.services import mails, seats, signup, waitlist
from festival.registration.services.manage import cancel_one
from festival.tickets import services as tickets


async def confirm_payment(registration_id: int, *, actor: Actor) -> bool:
    """A registration waiting for payment is paid: confirmed, tickets issued, the confirmation
    with the tickets queued once. Side effects: audit `registration.paid`, mail job after
    commit. False when it was not waiting for payment."""
    async with in_transaction():
        rows = await Registration.filter(
            id=registration_id, status=RegistrationStatus.PENDING_PAYMENT
        ).update(status=RegistrationStatus.CONFIRMED)
        if rows != 1:
            return False
        registration = await Registration.get(id=registration_id)
        await tickets.issue_tickets(registration_id)
        await audit.record(actor, "registration.paid", registration)
    await mails.queue_first_confirmation(registration_id, job_key="-paid")
    return True


async def cancel_unpaid(registration_id: int, *, actor: Actor) -> bool:
    """The hold ended unpaid: the registration is cancelled through the usual cancel path, so
    quota and seats are freed and the waiting lists move. Side effects: audit
    `registration.payment_expired`, offer mails after commit. False when it was not waiting."""

    async def cancel() -> list[WaitlistEntry | None] | None:
        async with in_transaction():
            rows = await Registration.filter(
                id=registration_id, status=RegistrationStatus.PENDING_PAYMENT
            ).update(status=RegistrationStatus.CANCELLED, cancelled_at=clock.now())
            if rows != 1:
                return None
            offers: list[WaitlistEntry | None] = []
            for attendee in await Attendee.filter(
                registration_id=registration_id, status=AttendeeStatus.ACTIVE
            ):
                offers += await cancel_one(attendee, actor=actor)
            registration = await Registration.get(id=registration_id)
            await audit.record(actor, "registration.payment_expired", registration)
        return offers

    offers = await db.retrying(cancel)
    if offers is None:
        return False
    await waitlist.queue_offer_mails(offers)
    return True


async def rebook_paid(registration_id: int, *, actor: Actor) -> bool:
    """A payment came in after the hold ended: book the registration again (quota, and a seat
    in every session its attendees had) and confirm it, all or nothing. Side effects: audit
    `registration.rebooked`, tickets, the confirmation mail. False when a seat or the quota
    is gone, or the registration was not cancelled."""
    try:
        done = await db.retrying(lambda: _rebook(registration_id, actor=actor))
    except Conflict:
        return False
    if done:
        await mails.queue_first_confirmation(registration_id, job_key="-rebooked")
    return done


async def _rebook(registration_id: int, *, actor: Actor) -> bool:
    async with in_transaction():
        rows = await Registration.filter(
            id=registration_id, status=RegistrationStatus.CANCELLED
        ).update(status=RegistrationStatus.CONFIRMED, cancelled_at=None)
        if rows != 1:
            return False
        registration = await Registration.get(id=registration_id)
        people = await Attendee.filter(
            registration_id=registration_id, status=AttendeeStatus.CANCELLED
        )
        await Attendee.filter(id__in=[a.id for a in people]).update(
            status=AttendeeStatus.ACTIVE, cancelled_at=None
        )
        ticket_type = await TicketType.get(id=registration.ticket_type_id)
        await signup.take_quota(ticket_type, len(people))  # raises Conflict: rolled back
        bookings = await Booking.filter(
            attendee_id__in=[a.id for a in people], status=BookingStatus.CANCELLED
        ).order_by("session_id", "id")
        taken = await seats.take_seats([b.session_id for b in bookings])
        if not all(taken):
            raise Conflict("seats_gone", _("Een plek van deze aanmelding is al bezet."))
        if bookings:
            await Booking.filter(id__in=[b.id for b in bookings]).update(
                status=BookingStatus.CONFIRMED, updated_at=clock.now()
            )
        await tickets.issue_tickets(registration_id)
        await audit.record(actor, "registration.rebooked", registration, sessions=len(bookings))
    return True
