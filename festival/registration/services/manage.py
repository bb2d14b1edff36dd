"""Changes after registering: cancel one attendee or all, change workshops, fix details,
approve. Every freed seat goes to the waiting list at once (offer mails after commit)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from festival import audit, clock, db, jobs
from festival.audit import Actor
from festival.errors import Conflict, NotFound, ValidationError
from festival.events.models import Event
from festival.i18n import _
from festival.registration.models import (
    ACTIVE_BOOKING,
    SEAT_HOLDING,
    Attendee,
    AttendeeStatus,
    Booking,
    BookingStatus,
    Registration,
    RegistrationStatus,
    TicketType,
    WaitlistEntry,
    WaitlistState,
)
from festival.registration.services import checks, mails, seats, signup, waitlist
from festival.registration.services.seats import SessionInfo
from festival.tickets import services as tickets

# (registration id, ids of the attendees just cancelled, whole registration?, actor, refund?)
CancelListener = Callable[..., Awaitable[Any]]
_cancel_listeners: list[CancelListener] = []


def on_cancel_with(listener: CancelListener) -> None:
    """Payments hands in its refund rule when it loads: called after a cancellation commits as
    `listener(registration_id, attendee_ids=..., whole=..., actor=..., refund=...)`, `refund`
    being the organiser's choice to pay back (or credit) in full. Registration sits below
    payments and imports none of it."""
    _cancel_listeners[:] = [listener]


async def tell_cancelled(
    registration_id: int,
    *,
    attendee_ids: list[int],
    whole: bool,
    actor: Actor,
    refund: bool = False,
) -> None:
    if not attendee_ids:
        return
    for listener in _cancel_listeners:
        await listener(
            registration_id, attendee_ids=attendee_ids, whole=whole, actor=actor, refund=refund
        )


async def get_attendee(registration: Registration, attendee_id: int) -> Attendee:
    attendee = await Attendee.get_or_none(id=attendee_id, registration_id=registration.id)
    if attendee is None:
        raise NotFound("attendee_not_found", _("Deze deelnemer hoort niet bij deze aanmelding."))
    return attendee


async def _end_booking(booking: Booking, *, actor: Actor) -> WaitlistEntry | None:
    """Cancel one booking inside the caller's transaction; a held seat goes to the next in line."""
    held = booking.status in SEAT_HOLDING
    rows = await Booking.filter(id=booking.id, status=booking.status).update(
        status=BookingStatus.CANCELLED, updated_at=clock.now()
    )
    if rows != 1:
        return None
    await WaitlistEntry.filter(
        booking_id=booking.id, state__in=[WaitlistState.WAITING, WaitlistState.OFFERED]
    ).update(state=WaitlistState.CANCELLED)
    if not held:
        return None
    infos = await seats.session_infos([booking.session_id])
    return await waitlist.give_seat_to_next(infos[booking.session_id], actor=actor)


async def cancel_one(attendee: Attendee, *, actor: Actor) -> list[WaitlistEntry | None]:
    """Cancel one active attendee inside the caller's transaction: ticket, quota, bookings."""
    rows = await Attendee.filter(id=attendee.id, status=AttendeeStatus.ACTIVE).update(
        status=AttendeeStatus.CANCELLED, cancelled_at=clock.now()
    )
    if rows != 1:
        return []
    await tickets.cancel_tickets_of_attendee(attendee.id)  # tickets area: scans now say "cancelled"
    registration = await Registration.get(id=attendee.registration_id)
    await TicketType.filter(id=registration.ticket_type_id, sold__gt=0).update(sold=F("sold") - 1)
    offers = [
        await _end_booking(b, actor=actor)
        for b in await Booking.filter(attendee_id=attendee.id, status__in=list(ACTIVE_BOOKING))
    ]
    await audit.record(
        actor,
        "registration.attendee_cancelled",
        attendee,
        event_id=attendee.event_id,
        registration=registration.code,
    )
    return offers


async def _close_if_empty(registration: Registration, *, actor: Actor) -> None:
    if await Attendee.filter(
        registration_id=registration.id, status=AttendeeStatus.ACTIVE
    ).exists():
        return
    await Registration.filter(id=registration.id).update(
        status=RegistrationStatus.CANCELLED, cancelled_at=clock.now()
    )
    await audit.record(actor, "registration.cancelled", registration)


async def cancel_attendee(attendee: Attendee, *, actor: Actor) -> None:
    """Cancel one attendee and their bookings; seats go to the waiting list. Cancels the
    registration when nobody is left. Side effects: audit, offer mails after commit."""
    registration = await Registration.get(id=attendee.registration_id)

    cancelled: list[int] = []

    async def cancel() -> list[WaitlistEntry | None]:
        cancelled.clear()
        async with in_transaction():
            if await Attendee.filter(id=attendee.id, status=AttendeeStatus.ACTIVE).exists():
                cancelled.append(attendee.id)
            offers = await cancel_one(attendee, actor=actor)
            await _close_if_empty(registration, actor=actor)
        return offers

    await waitlist.queue_offer_mails(await db.retrying(cancel))
    whole = not await Attendee.filter(
        registration_id=registration.id, status=AttendeeStatus.ACTIVE
    ).exists()
    await tell_cancelled(registration.id, attendee_ids=cancelled, whole=whole, actor=actor)


async def cancel_registration(
    registration: Registration, *, actor: Actor, refund: bool = False
) -> None:
    """Cancel every attendee of the registration (seats freed at once, waiting lists move).
    `refund`: an organiser pays back (or credits) all that was paid or invoiced. Side effects:
    audit, offer mails, then the cancel listener (payments: refunds, credit notes)."""
    cancelled: list[int] = []

    async def cancel() -> list[WaitlistEntry | None]:
        offers: list[WaitlistEntry | None] = []
        cancelled.clear()
        async with in_transaction():
            for attendee in await Attendee.filter(
                registration_id=registration.id, status=AttendeeStatus.ACTIVE
            ):
                cancelled.append(attendee.id)
                offers += await cancel_one(attendee, actor=actor)
            await _close_if_empty(registration, actor=actor)
        return offers

    await waitlist.queue_offer_mails(await db.retrying(cancel))
    await tell_cancelled(
        registration.id, attendee_ids=cancelled, whole=True, actor=actor, refund=refund
    )


async def change_bookings(
    attendee: Attendee, *, session_ids: list[Any], actor: Actor
) -> list[Booking]:
    """Make the attendee's sessions exactly `session_ids`: dropped ones free their seat at once,
    new ones get a seat or a waiting-list place. When they changed: the ticket re-renders and
    one short mail carries the new one. Raises ValidationError like register()."""
    if attendee.status != AttendeeStatus.ACTIVE:
        raise Conflict("attendee_cancelled", _("Deze deelnemer is afgemeld."))
    event = await Event.get(id=attendee.event_id)
    [chosen] = await checks.check_session_choices(
        event, [session_ids], field_for=lambda _i: "sessions"
    )
    await waitlist.prepare_sessions(chosen, event_id=event.id)
    wanted = {s.id: s for s in chosen}
    before = set(
        await Booking.filter(attendee_id=attendee.id, status__in=list(ACTIVE_BOOKING)).values_list(
            "session_id", flat=True
        )
    )
    for attempt in range(2):
        try:
            offers = await db.retrying(lambda: _apply_bookings(attendee, wanted, actor=actor))
            break
        except IntegrityError:
            # Another change of this attendee booked one of these sessions at the same moment
            # (the unique attendee+session key refused the second row): decide again on
            # what is there now, once.
            if attempt:
                raise Conflict(
                    "bookings_changed",
                    _("Uw keuze werd tegelijk ergens anders gewijzigd. Probeer het opnieuw."),
                ) from None
    await waitlist.queue_offer_mails(offers)
    after = await Booking.filter(attendee_id=attendee.id, status__in=list(ACTIVE_BOOKING))
    if {b.session_id for b in after} != before:
        await tickets.refresh_tickets([attendee.id])  # tickets area: re-render the PDF
        await jobs.enqueue("send_ticket_update", attendee_id=attendee.id)  # one per change
    return after


async def _apply_bookings(
    attendee: Attendee, wanted: dict[int, SessionInfo], *, actor: Actor
) -> list[WaitlistEntry | None]:
    offers: list[WaitlistEntry | None] = []
    async with in_transaction():
        current = await Booking.filter(attendee_id=attendee.id, status__in=list(ACTIVE_BOOKING))
        kept = {b.session_id for b in current if b.session_id in wanted}
        for booking in current:
            if booking.session_id not in wanted:
                offers.append(await _end_booking(booking, actor=actor))
        for session_id, session in wanted.items():
            if session_id not in kept:
                await signup.book(attendee, session)
        await audit.record(
            actor,
            "registration.bookings_changed",
            attendee,
            event_id=attendee.event_id,
            sessions=sorted(wanted),
        )
    return offers


async def update_attendee(attendee: Attendee, *, values: dict[str, Any], actor: Actor) -> Attendee:
    """Fix an attendee's details (name, e-mail, organisation, role, needs, diet, answers)."""
    if attendee.status != AttendeeStatus.ACTIVE:
        raise Conflict("attendee_cancelled", _("Deze deelnemer is afgemeld."))
    errors: dict[str, str] = {}
    questions = await checks.questions_for_event(attendee.event_id)
    merged = {"answers": attendee.answers, **values}
    clean = checks.clean_attendee(merged, questions, "", errors)
    if errors:
        code = "invalid_email" if "email" in errors else "invalid_attendee"
        raise ValidationError(code, next(iter(errors.values())), errors)
    changed = sorted(k for k, v in clean.items() if getattr(attendee, k) != v)
    async with in_transaction():
        await Attendee.filter(id=attendee.id).update(**clean)
        await audit.record(
            actor,
            "registration.attendee_updated",
            attendee,
            event_id=attendee.event_id,
            fields=changed,
        )
    if {"name", "organisation"} & set(changed):
        await tickets.refresh_tickets([attendee.id])  # tickets area: re-render the PDF
    await attendee.refresh_from_db()
    return attendee


async def approve_registration(registration: Registration, *, actor: Actor) -> Registration:
    """Organiser: accept a registration that waited for approval (free tickets and tickets
    paid on invoice: confirmed, the latter with its invoice)."""
    ticket_type = await TicketType.get(id=registration.ticket_type_id)
    status = signup.status_once_approved(ticket_type)
    async with in_transaction():
        rows = await Registration.filter(
            id=registration.id, status=RegistrationStatus.PENDING_APPROVAL
        ).update(status=status)
        if rows != 1:
            raise Conflict("not_pending_approval", _("Deze aanmelding wacht niet op goedkeuring."))
        await audit.record(actor, "registration.approved", registration, status=status.value)
        # tickets area: a confirmed registration gets its tickets now (none while pending)
        await tickets.issue_tickets(registration.id)
        if status == RegistrationStatus.CONFIRMED:  # invoicing: a pay-on-invoice one's invoice
            await signup.invoice_when_confirmed(ticket_type, registration.id, actor=actor)
    # the confirmation, with the tickets' PDFs when it has them (none while payment is due)
    await mails.queue_first_confirmation(registration.id, job_key=f"-{status.value}")
    await registration.refresh_from_db()
    return registration


async def resend_confirmation(registration: Registration, *, actor: Actor) -> None:
    async with in_transaction():
        await audit.record(actor, "registration.confirmation_resent", registration)
    await jobs.enqueue("send_registration_confirmation", registration_id=registration.id)


async def request_manage_links(event: Event, *, email: str) -> None:
    """ "Link kwijt?": mail the manage links of this address's registrations, if any. Says
    nothing about whether the address is registered (the caller shows the same page)."""
    address = checks.clean_email(email)
    if address is None:
        raise ValidationError(
            "invalid_email",
            _("Vul een geldig e-mailadres in, zoals naam@gemeente.nl."),
            {"email": _("Vul een geldig e-mailadres in, zoals naam@gemeente.nl.")},
        )
    await jobs.enqueue(
        "send_manage_links",
        event_id=event.id,
        email=address,
        _job_id=f"manage-links-{event.id}-{address}",
    )
