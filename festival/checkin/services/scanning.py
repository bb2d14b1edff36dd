"""Deciding one scan: the six results, the first-scan-wins rule via live_key, replays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.audit import Actor
from festival.checkin import queries
from festival.checkin.models import (
    Checkin,
    ConflictKind,
    ScanConflict,
    ScanResult,
)
from festival.checkin.services import scan_store
from festival.checkin.services.checkpoints import (
    CheckinError,
    Checkpoint,
    Device,
    Outcome,
    get_checkpoint,
)
from festival.checkin.services.scan_input import clean_scan_id, device_time
from festival.errors import NotFound
from festival.events.models import Event
from festival.i18n import _
from festival.registration import queries as registration_queries
from festival.registration import services as registration
from festival.tickets import services as tickets


@dataclass(frozen=True)
class _Scan:
    """One scan being decided (internal)."""

    event: Event
    checkpoint: Checkpoint
    device: Device
    actor: Actor
    scan_id: str | None
    scanned_at: datetime
    received_at: datetime
    clock_skew: bool
    offline: bool = False
    walk_in: bool = False


async def scan_ticket(
    payload: object,
    *,
    event: Event,
    checkpoint: object,
    device: Device,
    scan_id: object = None,
    scanned_at: object = None,
    actor: Actor | None = None,
    offline: bool = False,
) -> Outcome:
    """Decide a scanned QR payload at a checkpoint of `event`. The same scan_id answers the same
    again. Side effects: a Checkin row, audit `checkin.<result>`; with the event's setting, a seat
    for someone not booked. Raises CheckinError (bad checkpoint or scan id) only."""
    point = await get_checkpoint(event, checkpoint)
    scan = _new_scan(event, point, device, actor, clean_scan_id(scan_id), scanned_at, offline)
    # A retried scan_id is answered by the unique index on insert (see _refuse and _lost_race),
    # so a first scan costs no look-up for it.
    try:
        parsed = tickets.parse_payload(payload if isinstance(payload, str) else "")
    except tickets.TicketError:
        return await _refuse(scan, ScanResult.UNKNOWN, tid="", attendee_id=None)
    facts = await queries.scan_facts(
        parsed.tid, kid=parsed.kid, checkpoint=point.code, session_id=point.session_id
    )
    if facts is None or not tickets.signature_valid(parsed, facts.private_key):
        return await _refuse(scan, ScanResult.UNKNOWN, tid="", attendee_id=None)
    if facts.event_id != event.id:
        return await _refuse(scan, ScanResult.WRONG_EVENT, tid=facts.tid, attendee_id=None)
    card = facts.card or {"tid": facts.tid}
    attendee_id = facts.attendee_id
    if facts.ticket_status == "cancelled" or card.get("status") == "cancelled":
        return await _refuse(
            scan, ScanResult.CANCELLED, tid=facts.tid, attendee_id=attendee_id, card=card
        )
    admit_unbooked = False
    if point.requires_booking and point.session_id is not None and not facts.booked:
        if not facts.admit_unbooked_if_seats:
            return await _refuse(
                scan, ScanResult.NOT_BOOKED, tid=facts.tid, attendee_id=attendee_id, card=card
            )
        admit_unbooked = True
    if facts.live is not None and not offline:
        # Someone already holds the live check-in: no insert that is bound to fail.
        # (An offline scan goes on to _admit: an earlier offline scan may take over.)
        return await _refuse(
            scan,
            ScanResult.ALREADY_CHECKED_IN,
            tid=facts.tid,
            attendee_id=attendee_id,
            card=card,
            first=facts.live,
        )
    return await _admit(
        scan, tid=facts.tid, attendee_id=attendee_id, card=card, admit_unbooked=admit_unbooked
    )


def _new_scan(
    event: Event,
    point: Checkpoint,
    device: Device,
    actor: Actor | None,
    scan_id: str | None,
    scanned_at: object,
    offline: bool,
    walk_in: bool = False,
) -> _Scan:
    received = clock.now()
    at, skew = device_time(scanned_at, received)
    return _Scan(
        event, point, device, actor or device.actor, scan_id, at, received, skew, offline, walk_in
    )


async def check_in_attendee(
    attendee_id: int,
    *,
    event: Event,
    checkpoint: object,
    device: Device,
    actor: Actor | None = None,
    scan_id: object = None,
) -> Outcome:
    """Check someone in by hand (desk or scanner search: a lost ticket). Same rules as a scan."""
    point = await get_checkpoint(event, checkpoint)
    scan = _new_scan(event, point, device, actor, clean_scan_id(scan_id), None, False)
    if (
        scan.scan_id is not None
        and (done := await Checkin.get_or_none(scan_id=scan.scan_id)) is not None
    ):
        return await _replay(done, event)
    tid, status = await _ticket_of(attendee_id, event)
    return await _decide(
        scan,
        tid=tid,
        attendee_id=attendee_id,
        ticket_event_id=event.id,
        cancelled=status == "cancelled",
    )


async def _ticket_of(attendee_id: int, event: Event) -> tuple[str, str]:
    card = await registration_queries.attendee_card(attendee_id)
    if card is None or card["event_id"] != event.id:
        raise NotFound("attendee_not_found", _("Deze deelnemer bestaat niet."))
    for ticket in await tickets.tickets_of_registration(card["registration_id"]):
        if ticket.attendee_id == attendee_id:
            return ticket.tid, str(ticket.status)
    return "", "cancelled" if card["status"] == "cancelled" else "valid"


async def _decide(
    scan: _Scan, *, tid: str, attendee_id: int, ticket_event_id: int, cancelled: bool
) -> Outcome:
    if ticket_event_id != scan.event.id:
        return await _refuse(scan, ScanResult.WRONG_EVENT, tid=tid, attendee_id=None)
    card = await _attendee_json(attendee_id, tid)
    if cancelled or card.get("status") == "cancelled":
        return await _refuse(
            scan, ScanResult.CANCELLED, tid=tid, attendee_id=attendee_id, card=card
        )
    admit_unbooked = False
    if scan.checkpoint.requires_booking and scan.checkpoint.session_id is not None:
        booked = await registration_queries.booked_session_ids(attendee_id)
        if scan.checkpoint.session_id not in booked:
            if not scan.event.admit_unbooked_if_seats:
                return await _refuse(
                    scan, ScanResult.NOT_BOOKED, tid=tid, attendee_id=attendee_id, card=card
                )
            admit_unbooked = True
    return await _admit(
        scan, tid=tid, attendee_id=attendee_id, card=card, admit_unbooked=admit_unbooked
    )


async def _attendee_json(attendee_id: int, tid: str) -> dict[str, Any]:
    card = await registration_queries.attendee_card(attendee_id)
    if card is None:
        return {"tid": tid}
    return {
        "id": card["id"],
        "name": card["name"],
        "organisation": card["organisation"],
        "role": card["role"],
        "registration_code": card["registration_code"],
        "status": card["status"],
        "tid": tid,
    }


def _row(
    scan: _Scan, result: ScanResult, *, tid: str, attendee_id: int | None, **extra: Any
) -> dict[str, Any]:
    return {
        "event_id": scan.event.id,
        "ticket_tid": tid,
        "attendee_id": attendee_id,
        "checkpoint": scan.checkpoint.code,
        "session_id": scan.checkpoint.session_id,
        "result": result,
        "scanned_at": scan.scanned_at,
        "received_at": scan.received_at,
        "clock_skew": scan.clock_skew,
        "device": scan.device.key,
        "device_label": scan.device.label[:120],
        "scan_id": scan.scan_id,
        "offline": scan.offline,
        "walk_in": scan.walk_in,
        **extra,
    }


async def _record(scan: _Scan, row: dict[str, Any]) -> int:
    """Write the scan and its audit entry `checkin.<result>` together; returns the check-in id."""
    return await scan_store.insert_scan(
        row,
        actor=scan.actor,
        action=f"checkin.{row['result']}",
        event_id=scan.event.id,
        data={
            "tid": row["ticket_tid"],
            "checkpoint": scan.checkpoint.code,
            "device": scan.device.key,
            "scanned_at": scan.scanned_at.isoformat(),
            "offline": scan.offline,
            **({"clock_skew": True} if scan.clock_skew else {}),
            **({"walk_in": True} if scan.walk_in else {}),
        },
    )


async def _refuse(
    scan: _Scan,
    result: ScanResult,
    *,
    tid: str,
    attendee_id: int | None,
    card: dict[str, Any] | None = None,
    first: Checkin | queries.LiveScan | None = None,
) -> Outcome:
    row = _row(
        scan,
        result,
        tid=tid,
        attendee_id=attendee_id,
        first_checkin_id=first.id if first is not None else None,
    )
    try:
        checkin_id = await _record(scan, row)
    except IntegrityError:  # the same scan_id arrived again: answer as the first did
        done = await Checkin.get_or_none(scan_id=scan.scan_id) if scan.scan_id else None
        if done is None:
            raise
        return await _replay(done, scan.event)
    outcome = Outcome(
        result,
        card or ({"tid": tid} if tid and result != ScanResult.UNKNOWN else {}),
        checkin_id=checkin_id,
    )
    if first is not None:
        outcome.first_checkin = await _first_json(first, scan.event)
    return outcome


def _live_key(attendee_id: int, checkpoint: str) -> str:
    return f"{attendee_id}:{checkpoint}"


async def _admit(
    scan: _Scan, *, tid: str, attendee_id: int, card: dict[str, Any], admit_unbooked: bool
) -> Outcome:
    key = _live_key(attendee_id, scan.checkpoint.code)
    row = _row(
        scan,
        ScanResult.OK,
        tid=tid,
        attendee_id=attendee_id,
        live_key=key,
        admitted_unbooked=admit_unbooked,
    )
    try:
        if admit_unbooked:
            async with in_transaction():
                if not await _take_seat_for(attendee_id, scan):
                    raise _NoSeat
                checkin_id = await _record(scan, row)
        else:
            checkin_id = await _record(scan, row)
    except _NoSeat:
        return await _refuse(
            scan, ScanResult.NOT_BOOKED, tid=tid, attendee_id=attendee_id, card=card
        )
    except IntegrityError:
        return await _lost_race(scan, key=key, tid=tid, attendee_id=attendee_id, card=card)
    return Outcome(ScanResult.OK, card, checkin_id=checkin_id, admitted_unbooked=admit_unbooked)


class _NoSeat(Exception):
    pass


async def _take_seat_for(attendee_id: int, scan: _Scan) -> bool:
    """A confirmed booking for someone at the door, if a seat is free (inside the transaction)."""
    assert scan.checkpoint.session_id is not None
    booking = await registration.book_at_door(
        attendee_id,
        session_id=scan.checkpoint.session_id,
        event_id=scan.event.id,
        actor=scan.actor,
    )
    return booking is not None


async def _lost_race(
    scan: _Scan, *, key: str, tid: str, attendee_id: int, card: dict[str, Any]
) -> Outcome:
    """Another scan holds the live check-in. The earlier scan (by scan time) wins: a synced
    offline scan from before it takes over, and the later one is recorded as a duplicate."""
    if (
        scan.scan_id is not None
        and (done := await Checkin.get_or_none(scan_id=scan.scan_id)) is not None
    ):
        return await _replay(done, scan.event)
    first = await Checkin.get_or_none(live_key=key)
    if first is None:  # undone in the meantime: try once more
        return await _admit(scan, tid=tid, attendee_id=attendee_id, card=card, admit_unbooked=False)
    if scan.offline and scan.scanned_at < first.scanned_at and first.device != scan.device.key:
        taken_over = await _take_over(scan, first, key=key, tid=tid, attendee_id=attendee_id)
        if taken_over is not None:
            return Outcome(ScanResult.OK, card, checkin_id=taken_over)
    outcome = await _refuse(
        scan,
        ScanResult.ALREADY_CHECKED_IN,
        tid=tid,
        attendee_id=attendee_id,
        card=card,
        first=first,
    )
    if scan.offline and first.device != scan.device.key and outcome.checkin_id is not None:
        await _conflict(
            scan,
            ConflictKind.DUPLICATE,
            tid=tid,
            attendee_id=attendee_id,
            checkin_id=outcome.checkin_id,
            winner_id=first.id,
        )
    return outcome


async def _take_over(
    scan: _Scan, first: Checkin, *, key: str, tid: str, attendee_id: int
) -> int | None:
    row = _row(scan, ScanResult.OK, tid=tid, attendee_id=attendee_id, live_key=key)
    try:
        async with in_transaction():
            moved = await Checkin.filter(id=first.id, live_key=key).update(
                live_key=None, result=ScanResult.ALREADY_CHECKED_IN
            )
            if moved != 1:
                return None
            checkin_id = await _record(scan, row)
            await Checkin.filter(id=first.id).update(first_checkin_id=checkin_id)
            await ScanConflict.create(
                event_id=scan.event.id,
                kind=ConflictKind.DUPLICATE,
                ticket_tid=tid,
                attendee_id=attendee_id,
                checkpoint=scan.checkpoint.code,
                checkin_id=first.id,
                winner_id=checkin_id,
                device=first.device,
                detected_at=scan.received_at,
            )
            await audit.record(
                scan.actor,
                "checkin.duplicate",
                first,
                event_id=scan.event.id,
                tid=tid,
                checkpoint=scan.checkpoint.code,
                winner=checkin_id,
                loser_device=first.device,
            )
    except IntegrityError:
        return None
    return checkin_id


async def _conflict(
    scan: _Scan,
    kind: ConflictKind,
    *,
    tid: str,
    attendee_id: int | None,
    checkin_id: int,
    winner_id: int | None,
) -> None:
    async with in_transaction():
        conflict = await ScanConflict.create(
            event_id=scan.event.id,
            kind=kind,
            ticket_tid=tid,
            attendee_id=attendee_id,
            checkpoint=scan.checkpoint.code,
            checkin_id=checkin_id,
            winner_id=winner_id,
            device=scan.device.key,
            detected_at=scan.received_at,
        )
        await audit.record(
            scan.actor,
            f"checkin.{kind.value}",
            conflict,
            event_id=scan.event.id,
            tid=tid,
            checkpoint=scan.checkpoint.code,
            device=scan.device.key,
        )


async def _first_json(first: Checkin | queries.LiveScan, event: Event) -> dict[str, Any]:
    try:
        place = (await get_checkpoint(event, first.checkpoint)).label
    except CheckinError:
        place = first.checkpoint
    return {
        "at": first.scanned_at.isoformat(),
        "checkpoint": first.checkpoint,
        "place": place,
        "device": first.device_label,
        "time": clock.to_local(first.scanned_at, event.timezone).strftime("%H:%M"),
    }


async def _replay(done: Checkin, event: Event) -> Outcome:
    """The answer a stored scan gave (a retried request)."""
    result = ScanResult(done.result)
    card = (
        await _attendee_json(done.attendee_id, done.ticket_tid)
        if done.attendee_id
        else ({"tid": done.ticket_tid} if done.ticket_tid and result != ScanResult.UNKNOWN else {})
    )
    outcome = Outcome(result, card, checkin_id=done.id, admitted_unbooked=done.admitted_unbooked)
    if result == ScanResult.ALREADY_CHECKED_IN and done.first_checkin_id:
        first = await Checkin.get_or_none(id=done.first_checkin_id)
        if first is not None:
            outcome.first_checkin = await _first_json(first, event)
    return outcome
