"""The check-in desk: search, undo, walk-ins, door setting, recent scans, conflicts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.transactions import in_transaction

from festival import audit, cache, clock
from festival.audit import Actor
from festival.checkin.models import (
    ENTRANCE,
    Checkin,
    ScanConflict,
)
from festival.checkin.services.checkpoints import (
    Device,
    Outcome,
    checkpoints,
    get_checkpoint,
    result_message,
)
from festival.checkin.services.scanning import _decide, _new_scan
from festival.errors import Conflict, NotFound
from festival.events.models import Event
from festival.i18n import _
from festival.registration import queries as registration_queries
from festival.registration import services as registration
from festival.registration.queries import bookings_for
from festival.tickets import services as tickets


async def undo_checkin(checkin_id: int, *, event: Event, actor: Actor) -> Checkin:
    """Take back a mistaken check-in; the person can be scanned again. Audits checkin.undone.
    Raises NotFound, or Conflict when it is not a live check-in."""
    async with in_transaction():
        checkin = await Checkin.get_or_none(id=checkin_id, event_id=event.id)
        if checkin is None:
            raise NotFound("checkin_not_found", _("Deze check-in bestaat niet."))
        undone = await Checkin.filter(
            id=checkin_id, live_key__isnull=False, undone_at__isnull=True
        ).update(live_key=None, undone_at=clock.now(), undone_by=actor.label[:120])
        if undone != 1:
            raise Conflict(
                "not_checked_in", _("Deze check-in is al ongedaan gemaakt of telde niet.")
            )
        await audit.record(
            actor,
            "checkin.undone",
            checkin,
            event_id=event.id,
            tid=checkin.ticket_tid,
            checkpoint=checkin.checkpoint,
        )
    await checkin.refresh_from_db()
    return checkin


async def search(event: Event, text: str) -> list[dict[str, Any]]:
    """Attendees matching a name, e-mail, organisation or registration code, with where they
    checked in (the desk's and the scanner's search)."""
    cards = await registration_queries.search_attendees(event.id, text)
    live = await Checkin.filter(
        event_id=event.id, attendee_id__in=[c["id"] for c in cards] or [0], live_key__isnull=False
    ).values_list("attendee_id", "checkpoint", "scanned_at", "id")
    places = {c.code: c.label for c in await checkpoints(event)} if live else {}
    where: dict[int, list[dict[str, Any]]] = {}
    for attendee_id, checkpoint, at, checkin_id in live:
        where.setdefault(attendee_id, []).append(
            {
                "checkpoint": checkpoint,
                "place": places.get(checkpoint, checkpoint),
                "at": at,
                "checkin_id": checkin_id,
            }
        )
    return [
        {
            **c,
            "checkins": where.get(c["id"], []),
            "entered": any(w["checkpoint"] == ENTRANCE for w in where.get(c["id"], [])),
        }
        for c in cards
    ]


async def walk_in_choices(event: Event) -> dict[str, Any]:
    """What the walk-in form offers: the ticket types (and which need an invitation code), the
    event's questions, and the workshops that have not ended yet, per time slot with seats left."""
    ticket_types = await registration_queries.ticket_types_for_event(event.id)
    now = clock.now()
    return {
        "ticket_types": ticket_types,
        "code_types": [t["name"] for t in ticket_types if t["requires_code"]],
        "questions": await registration.questions_for_event(event.id),
        "slots": [
            slot
            for slot in await registration_queries.session_slots(event.id)
            if slot["ends_at"] > now
        ],
    }


async def walk_in(
    event: Event,
    *,
    ticket_type_id: object,
    name: str,
    email: str,
    organisation: str = "",
    role: str = "",
    answers: dict[str, str] | None = None,
    sessions: Sequence[object] = (),
    invitation_code: str = "",
    device: Device,
    actor: Actor,
) -> tuple[int, Outcome]:
    """Register someone at the desk and check them in at the entrance at once. The online rules
    hold (questions, invitation code, seats: a full workshop waitlists) except the registration
    window. Returns (attendee id, outcome). Raises the registration refusals (ValidationError,
    Conflict, PermissionDenied)."""
    person = {
        "name": name,
        "email": email,
        "organisation": organisation,
        "role": role or "anders",
        "answers": answers or {},
    }
    done = await registration.register(
        event,
        ticket_type_id=ticket_type_id,
        attendees=[person],
        sessions_per_attendee=[list(sessions)],
        consent=True,
        invitation_code=invitation_code,
        walk_in=True,  # at the desk on the day: the online registration window does not apply
        actor=actor,
    )
    issued = await tickets.tickets_of_registration(done.registration.id)
    attendee_id = (
        issued[0].attendee_id
        if issued
        else (await registration_queries.ticket_holders(registration_id=done.registration.id))[0][
            "id"
        ]
    )
    point = await get_checkpoint(event, ENTRANCE)
    scan = _new_scan(event, point, device, actor, None, None, False, walk_in=True)
    outcome = await _decide(
        scan,
        tid=issued[0].tid if issued else "",
        attendee_id=attendee_id,
        ticket_event_id=event.id,
        cancelled=False,
    )
    return attendee_id, outcome


async def walk_in_bookings(event: Event, attendee_id: object) -> list[dict[str, Any]]:
    """The workshops of someone just registered at the desk (seat or waiting list), to tell
    them; empty for an unknown id or someone of another event."""
    text = str(attendee_id)
    if not text.isdecimal() or len(text) > 9:
        return []
    found = int(text)
    if not await registration_queries.attendee_cards(event.id, attendee_ids=[found]):
        return []
    return (await bookings_for([found])).get(found, [])


async def set_admit_unbooked(event: Event, value: bool, *, actor: Actor) -> Event:
    """Turn on or off admitting people without a booking at a session door when seats are free."""
    async with in_transaction():
        await Event.filter(id=event.id).update(admit_unbooked_if_seats=value)
        await audit.record(actor, "event.admit_unbooked_changed", event, value=value)
    cache.clear_all()
    event.admit_unbooked_if_seats = value
    return event


async def recent_checkins(event: Event, *, limit: int = 20) -> list[dict[str, Any]]:
    """The latest scans of the event, newest first (desk and scanner history)."""
    rows = await Checkin.filter(event_id=event.id).order_by("-received_at", "-id").limit(limit)
    names = {
        c["id"]: c["name"]
        for c in await registration_queries.attendee_cards(
            event.id, attendee_ids=[r.attendee_id for r in rows if r.attendee_id], active_only=False
        )
    }
    places = {c.code: c.label for c in await checkpoints(event)}
    return [
        {
            "id": r.id,
            "name": names.get(r.attendee_id or 0, ""),
            "result": r.result.value,
            "label": result_message(r.result),
            "place": places.get(r.checkpoint, r.checkpoint),
            "at": r.scanned_at,
            "device": r.device_label,
            "live": r.is_live,
            "undone": r.undone_at is not None,
        }
        for r in rows
    ]


async def conflicts(event: Event) -> list[ScanConflict]:
    return await ScanConflict.filter(event_id=event.id).limit(100)
