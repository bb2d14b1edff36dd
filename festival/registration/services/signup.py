"""The one registration use case behind the HTML flow and the API: check everything, then write
the registration, its attendees and their bookings in one transaction (seats guarded)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from email_validator import EmailNotValidError, validate_email
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from festival import audit, cache, clock, db, i18n
from festival.audit import Actor
from festival.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationError
from festival.events.models import Event
from festival.i18n import _
from festival.programme.models import SessionState
from festival.registration.models import (
    AccessNeed,
    Attendee,
    AttendeeRole,
    AttendeeStatus,
    Booking,
    BookingStatus,
    Question,
    QuestionKind,
    Registration,
    RegistrationStatus,
    TicketType,
)
from festival.registration.services import seats, waitlist
from festival.registration.services.seats import SessionInfo
from festival.tickets import services as tickets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at the desk
CODE_LENGTH = 8
YES, NO = "yes", "no"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def hash_invitation_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest() if code.strip() else ""


def invitation_code_matches(ticket_type: TicketType, code: str) -> bool:
    return hmac.compare_digest(
        ticket_type.invitation_code_hash, hash_invitation_code(code or "") or "-"
    )


def is_on_sale(ticket_type: TicketType) -> bool:
    now = clock.now()
    if not ticket_type.is_active:
        return False
    if ticket_type.sales_start and now < ticket_type.sales_start:
        return False
    return not (ticket_type.sales_end and now >= ticket_type.sales_end)


def is_registration_open(event: Event, *, walk_in: bool = False) -> bool:
    """Open for registrations now; `walk_in` (the desk) ignores the registration window."""
    now = clock.now()
    if not event.is_public or now >= event.ends_at:
        return False
    if walk_in:
        return True
    if event.registration_opens_at and now < event.registration_opens_at:
        return False
    return not (event.registration_closes_at and now >= event.registration_closes_at)


async def check_ticket_choice(
    event: Event,
    *,
    ticket_type_id: object,
    count: int,
    invitation_code: str = "",
    walk_in: bool = False,
) -> TicketType:
    """The ticket type may be sold now for `count` people. Raises the refusal that applies."""
    if not is_registration_open(event, walk_in=walk_in):
        raise Conflict("registration_closed", _("Aanmelden voor dit evenement kan nu niet."))
    ticket_type = None
    if isinstance(ticket_type_id, int) or (
        isinstance(ticket_type_id, str) and ticket_type_id.isdigit()
    ):
        ticket_type = (await active_ticket_types(event.id)).get(int(ticket_type_id))
    if ticket_type is None:
        raise ValidationError(
            "ticket_type_not_found",
            _("Kies een soort toegangsbewijs."),
            {"ticket_type": _("Kies een soort toegangsbewijs.")},
        )
    if not is_on_sale(ticket_type):
        raise Conflict(
            "ticket_type_not_on_sale",
            _("Dit toegangsbewijs is nu niet te krijgen."),
            {"ticket_type": _("Dit toegangsbewijs is nu niet te krijgen.")},
        )
    if count < 1 or count > ticket_type.max_per_registration:
        message = _("U kunt 1 tot %(max)s personen tegelijk aanmelden.") % {
            "max": ticket_type.max_per_registration
        }
        raise ValidationError("invalid_attendee_count", message, {"count": message})
    if ticket_type.quota is not None and ticket_type.sold + count > ticket_type.quota:
        raise Conflict(
            "ticket_type_sold_out",
            _("Er zijn niet genoeg plaatsen meer voor dit toegangsbewijs."),
            {"ticket_type": _("Er zijn niet genoeg plaatsen meer voor dit toegangsbewijs.")},
        )
    if ticket_type.requires_code and not invitation_code_matches(ticket_type, invitation_code):
        raise PermissionDenied(
            "invalid_invitation_code",
            _("De uitnodigingscode klopt niet."),
            {"invitation_code": _("De uitnodigingscode klopt niet.")},
        )
    return ticket_type


def clean_email(value: object) -> str | None:
    """The normalised address, or None when it is not a valid e-mail address (no DNS check)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


def _text(value: object, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def clean_answers(
    raw: Any, questions: Sequence[Question], prefix: str, errors: dict[str, str]
) -> dict[str, str]:
    raw = raw if isinstance(raw, dict) else {}
    answers: dict[str, str] = {}
    for question in questions:
        value = raw.get(str(question.id), raw.get(question.id, ""))
        value = _text(value if not isinstance(value, bool) else (YES if value else NO), 2000)
        field = f"{prefix}answers.{question.id}"
        if not value:
            if question.required:
                errors[field] = _("Beantwoord deze vraag.")
            continue
        if question.kind == QuestionKind.CHOICE and value not in question.choices:
            errors[field] = _("Kies een van de mogelijkheden.")
        elif question.kind == QuestionKind.YES_NO and value not in (YES, NO):
            errors[field] = _("Kies ja of nee.")
        else:
            answers[str(question.id)] = value
    return answers


def clean_attendee(
    raw: Any, questions: Sequence[Question], prefix: str, errors: dict[str, str]
) -> dict[str, Any]:
    """One attendee's details, checked; problems land in `errors` under `prefix`+field."""
    raw = raw if isinstance(raw, dict) else {}
    name = _text(raw.get("name"), 200)
    if not name:
        errors[prefix + "name"] = _("Vul een naam in.")
    email = clean_email(raw.get("email"))
    if email is None:
        errors[prefix + "email"] = _("Vul een geldig e-mailadres in, zoals naam@gemeente.nl.")
    role = raw.get("role") or AttendeeRole.ANDERS.value
    if role not in AttendeeRole._value2member_map_:
        errors[prefix + "role"] = _("Kies een rol uit de lijst.")
    needs = raw.get("access_needs") or []
    needs = [needs] if isinstance(needs, str) else needs
    if not isinstance(needs, list) or any(
        need not in AccessNeed._value2member_map_ for need in needs
    ):
        errors[prefix + "access_needs"] = _("Kies toegankelijkheidswensen uit de lijst.")
        needs = []
    return {
        "name": name,
        "email": email or "",
        "organisation": _text(raw.get("organisation"), 200),
        "role": role,
        "access_needs": sorted(set(needs)),
        "access_other": _text(raw.get("access_other"), 300),
        "diet": _text(raw.get("diet"), 300),
        "answers": clean_answers(raw.get("answers"), questions, prefix, errors),
    }


def _overlap(a: SessionInfo, b: SessionInfo) -> bool:
    assert a.starts_at and a.ends_at and b.starts_at and b.ends_at
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def is_bookable(info: SessionInfo) -> bool:
    return (
        info.state == SessionState.PUBLISHED
        and info.requires_registration
        and info.starts_at is not None
        and info.ends_at is not None
    )


async def check_session_choices(
    event: Event, choices: Sequence[Any], *, field_for: Any
) -> list[list[SessionInfo]]:
    """Each attendee's sessions: known, bookable, not overlapping. Raises ValidationError."""
    wanted: list[list[int]] = []
    errors: dict[str, str] = {}
    for index, ids in enumerate(choices):
        ids = ids if isinstance(ids, list | tuple) else []
        clean = [int(i) for i in ids if isinstance(i, int) or (isinstance(i, str) and i.isdigit())]
        if len(clean) != len(ids):
            errors[field_for(index)] = _("Onbekende sessie gekozen.")
        wanted.append(list(dict.fromkeys(clean)))
    all_ids = sorted({i for ids in wanted for i in ids})
    infos = await seats.event_session_infos(event.id) if all_ids else {}
    result: list[list[SessionInfo]] = []
    code = "unknown_session"
    for index, ids in enumerate(wanted):
        chosen = []
        for session_id in ids:
            info = infos.get(session_id)
            if info is None:
                errors[field_for(index)] = _("Onbekende sessie gekozen.")
            elif not is_bookable(info):
                code = "session_not_bookable" if not errors else code
                errors[field_for(index)] = _("Voor '%(title)s' kunt u zich niet aanmelden.") % {
                    "title": info.title
                }
            else:
                chosen.append(info)
        chosen.sort(key=lambda s: (s.starts_at, s.id))
        for first, second in pairwise(chosen):
            if _overlap(first, second) and field_for(index) not in errors:
                code = "overlapping_sessions" if not errors else code
                errors[field_for(index)] = _("'%(a)s' en '%(b)s' zijn tegelijk. Kies er één.") % {
                    "a": first.title,
                    "b": second.title,
                }
        result.append(chosen)
    if errors:
        raise ValidationError(code, next(iter(errors.values())), errors)
    return result


async def questions_for_event(event_id: int) -> list[Question]:
    return await Question.filter(event_id=event_id).order_by("position", "id")


# What register_group reads on every call comes from a per-process cache (festival/cache.py):
# at most two seconds old when another process changed it. Quotas are not decided here: the
# guarded UPDATE in _take_quota does that.
cache.clear_on_change(TicketType, Question)
_ticket_types: cache.TTLCache[dict[int, TicketType]] = cache.TTLCache(seconds=2.0)
_questions: cache.TTLCache[list[Question]] = cache.TTLCache(seconds=2.0)


async def active_ticket_types(event_id: int) -> dict[int, TicketType]:
    """The event's ticket types on sale by id (cached; read only)."""

    async def load() -> dict[int, TicketType]:
        return {t.id: t for t in await TicketType.filter(event_id=event_id, is_active=True)}

    return await _ticket_types.get(event_id, load)


async def cached_questions(event_id: int) -> list[Question]:
    """questions_for_event from the per-process cache (read only)."""
    return await _questions.get(event_id, lambda: questions_for_event(event_id))


def _first_error(code: str, errors: dict[str, str]) -> ValidationError:
    return ValidationError(
        code,
        _("Controleer wat u hebt ingevuld.") if len(errors) > 1 else next(iter(errors.values())),
        errors,
    )


@dataclass
class Registered:
    """What register_group wrote, for a response without reading it back: the registration,
    per attendee its id, name, e-mail and bookings (session_id, status, waitlist_position),
    and the tickets issued with the key that signs them. `attendees` is None when an
    idempotency key returned an earlier registration (read it with queries instead)."""

    registration: Registration
    attendees: list[dict[str, Any]] | None = None
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
) -> Registration:
    """Register a group for `event`; see register_group."""
    done = await register_group(
        event,
        ticket_type_id=ticket_type_id,
        attendees=attendees,
        sessions_per_attendee=sessions_per_attendee,
        answers=answers,
        consent=consent,
        invitation_code=invitation_code,
        idempotency_key=idempotency_key,
        walk_in=walk_in,
        actor=actor,
    )
    return done.registration


async def register_group(
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
) -> Registered:
    """Register a group for `event`, booking each attendee's sessions (full: waiting list).
    Side effects: registration, attendees, bookings, waiting-list entries, tickets (confirmed
    registrations only), audit `registration.created`, PDF and mail jobs after commit.
    `walk_in` (staff at the desk; needs a user or token actor) skips only the registration
    window. Raises DomainError subclasses; the same idempotency key returns the first one."""
    if walk_in and (actor is None or actor.kind not in ("user", "token")):
        raise ValueError("walk_in registrations need a staff actor (user or token)")
    key = (idempotency_key or "").strip()[:64] or None
    if key:
        existing = await Registration.get_or_none(event_id=event.id, idempotency_key=key)
        if existing is not None:
            return Registered(existing)
    ticket_type = await check_ticket_choice(
        event,
        ticket_type_id=ticket_type_id,
        count=len(attendees),
        invitation_code=invitation_code,
        walk_in=walk_in,
    )
    questions = await cached_questions(event.id)
    errors: dict[str, str] = {}
    people = []
    for index, raw in enumerate(attendees):
        raw = dict(raw) if isinstance(raw, dict) else {}
        if answers is not None and index < len(answers):
            raw["answers"] = answers[index]
        people.append(clean_attendee(raw, questions, f"attendees.{index}.", errors))
    if consent is not True:
        errors["consent"] = _(
            "Geef toestemming voor het gebruik van uw gegevens om u aan te melden."
        )
    if errors:
        first = next(iter(errors))
        code = (
            "consent_required"
            if first == "consent"
            else "invalid_email"
            if first.endswith(".email")
            else "missing_answer"
            if ".answers." in first
            else "invalid_attendee"
        )
        raise _first_error(code, errors)
    choices = list(sessions_per_attendee or [])
    choices += [[]] * (len(people) - len(choices))
    sessions = await check_session_choices(
        event, choices[: len(people)], field_for=lambda i: f"attendees.{i}.sessions"
    )
    return await _write(event, ticket_type, people, sessions, key=key, actor=actor, walk_in=walk_in)


def _status_for(ticket_type: TicketType) -> RegistrationStatus:
    if ticket_type.requires_approval:
        return RegistrationStatus.PENDING_APPROVAL
    if ticket_type.price_cents > 0:
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
        ids = {
            (a, s): i
            for i, a, s in await Booking.filter(
                attendee_id__in=[a.id for a in attendees], status=BookingStatus.WAITLISTED
            ).values_list("id", "attendee_id", "session_id")
        }
        positions: dict[tuple[int, int], int] = {}
        for booking in waiting:
            booking.id = ids[(booking.attendee_id, booking.session_id)]
            entry = await waitlist.join_waitlist(booking)
            positions[(booking.attendee_id, booking.session_id)] = entry.position
        for person in out:
            for row in person["bookings"]:
                row["waitlist_position"] = positions.get((person["id"], row["session_id"]))
    return out


async def _write(
    event: Event,
    ticket_type: TicketType,
    people: list[dict[str, Any]],
    sessions: list[list[SessionInfo]],
    *,
    key: str | None,
    actor: Actor | None,
    walk_in: bool = False,
) -> Registered:
    actor = actor or Actor("attendee", None, people[0]["email"])
    chosen = list({s.id: s for ids in sessions for s in ids}.values())
    await waitlist.prepare_sessions(chosen, event_id=event.id)
    try:
        registration, summary, issued, signing_key = await db.retrying(
            lambda: _insert(
                event, ticket_type, people, sessions, key=key, actor=actor, walk_in=walk_in
            )
        )
    except IntegrityError:
        existing = (
            await Registration.get_or_none(event_id=event.id, idempotency_key=key) if key else None
        )
        if existing is None:
            raise
        return Registered(existing)
    # tickets area: render the PDFs; the last one queues the confirmation mail with them attached
    await tickets.queue_ticket_jobs(registration.id, ticket_ids=[t.id for t in issued])
    return Registered(registration, summary, issued, signing_key)


async def _insert(
    event: Event,
    ticket_type: TicketType,
    people: list[dict[str, Any]],
    sessions: list[list[SessionInfo]],
    *,
    key: str | None,
    actor: Actor,
    walk_in: bool,
) -> tuple[Registration, list[dict[str, Any]], list[Any], Any]:
    """register's one transaction: registration, attendees, tickets, then seats and quota."""
    now = clock.now()
    async with in_transaction():
        registration = await Registration.create(
            event=event,
            ticket_type=ticket_type,
            code=new_code(),
            status=_status_for(ticket_type),
            contact_name=people[0]["name"],
            contact_email=people[0]["email"],
            language=i18n.get_language(),
            consent_at=now,
            created_at=now,
            idempotency_key=key,
        )
        attendees = [
            await Attendee.create(
                registration=registration, event_id=event.id, position=position, **person
            )
            for position, person in enumerate(people)
        ]
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
        await _take_quota(ticket_type, len(people))
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
    return registration, summary, issued, signing_key


async def _take_quota(ticket_type: TicketType, count: int) -> None:
    """Count `count` people on the ticket type; the database refuses past the quota."""
    query = TicketType.filter(id=ticket_type.id)
    if ticket_type.quota is not None:
        query = query.filter(sold__lte=F("quota") - count)
    if await query.update(sold=F("sold") + count) != 1:
        raise Conflict(
            "ticket_type_sold_out",
            _("Er zijn niet genoeg plaatsen meer voor dit toegangsbewijs."),
            {"ticket_type": _("Er zijn niet genoeg plaatsen meer voor dit toegangsbewijs.")},
        )


async def get_registration(code: str, *, event_id: int | None = None) -> Registration:
    registration = await Registration.get_or_none(code=code)
    if registration is None or (event_id is not None and registration.event_id != event_id):
        raise NotFound("registration_not_found", _("Deze aanmelding bestaat niet."))
    return registration


__all__ = [
    "DomainError",
    "book",
    "check_session_choices",
    "check_ticket_choice",
    "clean_attendee",
    "get_registration",
    "register",
    "register_group",
]
