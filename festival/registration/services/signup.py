"""The one registration use case behind the HTML flow and the API: check everything (checks.py),
then write the registration, its attendees and their bookings in one transaction (seats guarded)."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from festival import audit, clock, db, i18n
from festival.audit import Actor
from festival.errors import Conflict, NotFound, ValidationError
from festival.events.models import Event
from festival.i18n import _
from festival.registration import queries
from festival.registration.models import (
    Attendee,
    AttendeeStatus,
    Booking,
    BookingStatus,
    Registration,
    RegistrationStatus,
    TicketType,
)
from festival.registration.services import seats, waitlist
from festival.registration.services.checks import (
    age_check_for,
    check_people,
    check_session_choices,
    check_ticket_choice,
)
from festival.registration.services.consent import CONSENT_VERSION
from festival.registration.services.limits import check_rate_limit
from festival.registration.services.mails import queue_first_confirmation
from festival.registration.services.seats import SessionInfo
from festival.tickets import services as tickets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at the desk
CODE_LENGTH = 8


@dataclass(frozen=True)
class _Billing:
    check: Callable[[Mapping[str, Any] | None], dict[str, Any]]  # raises ValidationError
    store: Callable[..., Awaitable[Any]]  # inside register's transaction
    confirm: Callable[..., Awaitable[Any]]  # inside approve's transaction


_billing: list[_Billing] = []


def bill_on_invoice_with(
    check: Callable[[Mapping[str, Any] | None], dict[str, Any]],
    store: Callable[..., Awaitable[Any]],
    confirm: Callable[..., Awaitable[Any]],
) -> None:
    """Invoicing sits above registration, so it hands in, when it loads, how the billing
    details of a pay-on-invoice ticket are checked, how they are stored (and the invoice
    issued) inside the register transaction: `store(registration_id, details, *, event_id,
    confirmed, actor)`, and how an approved one gets its invoice: `confirm(registration_id,
    *, actor)`."""
    _billing[:] = [_Billing(check, store, confirm)]


async def invoice_when_confirmed(
    ticket_type: TicketType, registration_id: int, *, actor: Actor
) -> None:
    """Inside the transaction that confirms an approved registration: its invoice, when its
    ticket type is paid on invoice."""
    if ticket_type.pay_on_invoice and _billing:
        await _billing[0].confirm(registration_id, actor=actor)


def _clean_billing(
    ticket_type: TicketType, billing: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    """The checked billing details of a pay-on-invoice ticket (None for other tickets)."""
    if not ticket_type.pay_on_invoice:
        return None
    if not _billing:
        raise RuntimeError("pay on invoice needs the invoicing area loaded (bill_on_invoice_with)")
    try:
        return _billing[0].check(billing)
    except ValidationError as refused:  # the fields as the form and the API name them
        fields = {f"billing.{name}": message for name, message in refused.fields.items()}
        raise ValidationError(refused.code, refused.message, fields) from None


async def check_billing(
    event: Event, *, ticket_type_id: int, billing: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    """The registration form's billing step: the details checked (ValidationError), or None
    when the ticket type is not paid on invoice."""
    ticket_type = await TicketType.get_or_none(id=ticket_type_id, event_id=event.id)
    return None if ticket_type is None else _clean_billing(ticket_type, billing)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


@dataclass
class Registered:
    """Everything the answer to a registration needs, without reading it back: the
    registration, per attendee its id, name, e-mail, status and bookings (session_id, status,
    waitlist_position), and its tickets with the key that signs them. A repeat of an
    idempotency key returns what the first request wrote."""

    registration: Registration
    attendees: list[dict[str, Any]]
    tickets: list[Any] = field(default_factory=list)
    key: Any = None


async def register(
    event: Event,
    *,
    ticket_type_id: object,
    attendees: Sequence[Any],
    sessions_per_attendee: Sequence[Any] | None = None,
    answers: Sequence[Any] | None = None,
    consent: bool,
    invitation_code: str = "",
    idempotency_key: str | None = None,
    walk_in: bool = False,
    actor: Actor | None = None,
    client: str | None = None,
    rate_limit: int = 0,
    billing: Mapping[str, Any] | None = None,
) -> Registered:
    """Register a group for `event`, booking each attendee's sessions (full: waiting list).
    Side effects: registration, attendees, bookings, waiting-list entries, tickets (confirmed
    registrations only), audit `registration.created`, PDF and mail jobs after commit.
    `client` (an address) counts against `rate_limit` first; `walk_in` (staff at the desk;
    needs a user or token actor) skips only the registration window. Raises DomainError
    subclasses (RateLimited among them); the same idempotency key returns the first one.
    A pay-on-invoice ticket needs `billing` (checked and stored by the invoicing area, which
    issues the invoice in the same transaction)."""
    if walk_in and (actor is None or actor.kind not in ("user", "token")):
        raise ValueError("walk_in registrations need a staff actor (user or token)")
    if client is not None:
        await check_rate_limit(client, limit=rate_limit)
    key = (idempotency_key or "").strip()[:64] or None
    if key:
        existing = await Registration.get_or_none(event_id=event.id, idempotency_key=key)
        if existing is not None:
            return await _written(existing)
    ticket_type = await check_ticket_choice(
        event,
        ticket_type_id=ticket_type_id,
        count=len(attendees),
        invitation_code=invitation_code,
        walk_in=walk_in,
    )
    clean_billing = _clean_billing(ticket_type, billing)
    # The desk asks no age: staff see the person at the door (the age rule is the form's).
    age = None if walk_in else await age_check_for(event)
    people = await check_people(event.id, attendees, answers=answers, consent=consent, age=age)
    choices = list(sessions_per_attendee or [])
    choices += [[]] * (len(people) - len(choices))
    sessions = await check_session_choices(
        event, choices[: len(people)], field_for=lambda i: f"attendees.{i}.sessions"
    )
    return await _write(
        event,
        ticket_type,
        people,
        sessions,
        key=key,
        actor=actor,
        walk_in=walk_in,
        billing=clean_billing,
    )


async def _written(registration: Registration) -> Registered:
    """What an earlier request wrote, read back in the shape `register` returns."""
    details = await queries.registration_details(registration)
    issued = await tickets.tickets_of_registration(registration.id)
    key = await tickets.active_key(registration.event_id) if issued else None
    return Registered(registration, details["attendees"], issued, key)


def _status_for(ticket_type: TicketType) -> RegistrationStatus:
    if ticket_type.requires_approval:
        return RegistrationStatus.PENDING_APPROVAL
    return status_once_approved(ticket_type)


def status_once_approved(ticket_type: TicketType) -> RegistrationStatus:
    """Confirmed, unless the ticket costs money paid online (pay on invoice: confirmed)."""
    if ticket_type.price_cents > 0 and not ticket_type.pay_on_invoice:
        return RegistrationStatus.PENDING_PAYMENT
    return RegistrationStatus.CONFIRMED


async def book(attendee: Attendee, session: SessionInfo) -> Booking:
    """Book one session inside the caller's transaction: a seat if the guarded update gets one,
    else a place on the waiting list. An earlier cancelled booking of the same session is
    reused (one row per attendee and session: the unique key refuses a second one)."""
    taken = await seats.take_seat(session.id)
    now = clock.now()
    status = BookingStatus.CONFIRMED if taken else BookingStatus.WAITLISTED
    booking = await Booking.get_or_none(
        attendee_id=attendee.id, session_id=session.id, status=BookingStatus.CANCELLED
    )
    reused = booking is not None and (
        await Booking.filter(id=booking.id, status=BookingStatus.CANCELLED).update(
            status=status, updated_at=now
        )
        == 1
    )
    if booking is not None and reused:
        booking.status, booking.updated_at = status, now
    else:
        booking = await Booking.create(
            attendee=attendee,
            session_id=session.id,
            event_id=session.event_id,
            created_at=now,
            updated_at=now,
            status=status,
        )
    if not taken:
        await waitlist.join_waitlist(booking)
    return booking


async def _book_all(
    attendees: list[Attendee], sessions: list[list[SessionInfo]]
) -> list[dict[str, Any]]:
    """The new attendees' bookings, inside the register transaction: a guarded seat update per
    session decides (one statement for all), then one insert for all bookings; waiting ones
    then join their lines."""
    now = clock.now()
    rows: list[Booking] = []
    out: list[dict[str, Any]] = []
    seats_taken = iter(await seats.take_seats([s.id for chosen in sessions for s in chosen]))
    for attendee, chosen in zip(attendees, sessions, strict=True):
        mine: list[dict[str, Any]] = []
        for session in chosen:
            taken = next(seats_taken)
            status = BookingStatus.CONFIRMED if taken else BookingStatus.WAITLISTED
            rows.append(
                Booking(
                    attendee_id=attendee.id,
                    session_id=session.id,
                    event_id=session.event_id,
                    created_at=now,
                    updated_at=now,
                    status=status,
                )
            )
            mine.append(
                {"session_id": session.id, "status": status.value, "waitlist_position": None}
            )
        out.append(
            {
                "id": attendee.id,
                "name": attendee.name,
                "email": attendee.email,
                "status": AttendeeStatus.ACTIVE.value,
                "bookings": mine,
            }
        )
    if rows:
        await Booking.bulk_create(rows)
    waiting = [b for b in rows if b.status == BookingStatus.WAITLISTED]
    if waiting:
        positions = await _join_waitlists(waiting, attendee_ids=[a.id for a in attendees])
        for person in out:
            for row in person["bookings"]:
                row["waitlist_position"] = positions.get((person["id"], row["session_id"]))
    return out


async def _join_waitlists(
    waiting: list[Booking], *, attendee_ids: list[int]
) -> dict[tuple[int, int], int]:
    """Put the just inserted waitlisted bookings in their lines; their positions by (attendee,
    session). bulk_create returns no ids, so they are read back first."""
    ids = {
        (a, s): i
        for i, a, s in await Booking.filter(
            attendee_id__in=attendee_ids, status=BookingStatus.WAITLISTED
        ).values_list("id", "attendee_id", "session_id")
    }
    positions: dict[tuple[int, int], int] = {}
    for booking in waiting:
        booking.id = ids[(booking.attendee_id, booking.session_id)]
        entry = await waitlist.join_waitlist(booking)
        positions[(booking.attendee_id, booking.session_id)] = entry.position
    return positions


async def _write(
    event: Event,
    ticket_type: TicketType,
    people: list[dict[str, Any]],
    sessions: list[list[SessionInfo]],
    *,
    key: str | None,
    actor: Actor | None,
    walk_in: bool = False,
    billing: dict[str, Any] | None = None,
) -> Registered:
    actor = actor or Actor("attendee", None, people[0]["email"])
    chosen = list({s.id: s for ids in sessions for s in ids}.values())
    await waitlist.prepare_sessions(chosen, event_id=event.id)
    try:
        registration, summary, issued, signing_key = await db.retrying(
            lambda: _insert(
                event,
                ticket_type,
                people,
                sessions,
                key=key,
                actor=actor,
                walk_in=walk_in,
                billing=billing,
            )
        )
    except IntegrityError:
        existing = (
            await Registration.get_or_none(event_id=event.id, idempotency_key=key) if key else None
        )
        if existing is None:
            raise
        return await _written(existing)
    # one job renders the tickets' PDFs (tickets area) and mails them with the confirmation
    await queue_first_confirmation(registration.id)
    return Registered(registration, summary, issued, signing_key)


async def _create_rows(
    event: Event, ticket_type: TicketType, people: list[dict[str, Any]], *, key: str | None
) -> tuple[Registration, list[Attendee]]:
    """The registration and its attendees, in the caller's transaction."""
    now = clock.now()
    registration = await Registration.create(
        event=event,
        ticket_type=ticket_type,
        code=new_code(),
        status=_status_for(ticket_type),
        contact_name=people[0]["name"],
        contact_email=people[0]["email"],
        language=i18n.get_language(),
        consent_at=now,
        consent_version=CONSENT_VERSION,
        created_at=now,
        idempotency_key=key,
    )
    attendees = [
        await Attendee.create(
            registration=registration, event_id=event.id, position=position, **person
        )
        for position, person in enumerate(people)
    ]
    return registration, attendees


async def _insert(
    event: Event,
    ticket_type: TicketType,
    people: list[dict[str, Any]],
    sessions: list[list[SessionInfo]],
    *,
    key: str | None,
    actor: Actor,
    walk_in: bool,
    billing: dict[str, Any] | None = None,
) -> tuple[Registration, list[dict[str, Any]], list[Any], Any]:
    """register's one transaction: registration, attendees, tickets, then seats and quota."""
    async with in_transaction():
        registration, attendees = await _create_rows(event, ticket_type, people, key=key)
        issued: list[Any] = []
        signing_key = None
        if registration.status == RegistrationStatus.CONFIRMED:
            # tickets area: QR payloads at once (pending ones get theirs when confirmed)
            issued, signing_key = await tickets.issue_for_attendees(
                registration.id, event_id=event.id, attendee_ids=[a.id for a in attendees]
            )
        # Last the shared counters: on PostgreSQL the seat and quota rows stay locked until
        # commit, and every registration for those sessions waits for them.
        summary = await _book_all(attendees, sessions)
        await take_quota(ticket_type, len(people))
        extra = {"walk_in": True} if walk_in else {}
        await audit.record(
            actor,
            "registration.created",
            registration,
            status=registration.status.value,
            ticket_type_id=ticket_type.id,
            attendees=len(people),
            bookings={
                f"{i}:{b['session_id']}": b["status"]
                for i, a in enumerate(summary)
                for b in a["bookings"]
            },
            tickets=len(issued),
            **extra,
        )
        if billing is not None:  # invoicing: billing details, and the invoice once confirmed
            await _billing[0].store(
                registration.id,
                billing,
                event_id=event.id,
                confirmed=registration.status == RegistrationStatus.CONFIRMED,
                actor=actor,
            )
    return registration, summary, issued, signing_key


async def take_quota(ticket_type: TicketType, count: int) -> None:
    """Count `count` people on the ticket type; the database refuses past the quota. The guard
    reads the quota stored now, not the (cached) ticket type's: a quota an organiser set a
    second ago in another process already holds."""
    connection = connections.get("default")
    rows = await connection.execute_query_dict(
        _quota_sql(connection.capabilities.dialect), [count, ticket_type.id, count]
    )
    if not rows:
        raise Conflict(
            "ticket_type_sold_out",
            _("Er zijn niet genoeg plaatsen meer voor dit ticket."),
            {"ticket_type": _("Er zijn niet genoeg plaatsen meer voor dit ticket.")},
        )


def _quota_sql(dialect: str) -> str:
    a, b, c = ("?", "?", "?") if dialect == "sqlite" else ("$1", "$2", "$3")
    table = TicketType._meta.db_table  # identifiers from the model; values are parameters
    return (
        f'UPDATE "{table}" SET "sold" = "sold" + {a} WHERE "id" = {b} '  # noqa: S608
        f'AND ("quota" IS NULL OR "sold" + {c} <= "quota") RETURNING "id"'
    )


async def get_registration(code: str, *, event_id: int | None = None) -> Registration:
    registration = await Registration.get_or_none(code=code)
    if registration is None or (event_id is not None and registration.event_id != event_id):
        raise NotFound("registration_not_found", _("Deze aanmelding bestaat niet."))
    return registration


async def get_registration_by_id(registration_id: int) -> Registration | None:
    return await Registration.get_or_none(id=registration_id)
