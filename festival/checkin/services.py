"""Check-in rules: a scan becomes one of six result codes, the database lets exactly one scan per
person and checkpoint win, offline scans merge (earliest scan wins), walk-ins, undo.

Results: ok | already_checked_in | unknown | cancelled | wrong_event | not_booked.
Locking rule: the winning scan holds the unique `live_key` "attendee:checkpoint"; a second insert
fails in the database, under any concurrency, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.audit import Actor
from festival.checkin import queries
from festival.checkin.models import (
    ENTRANCE,
    Checkin,
    ConflictKind,
    ScanConflict,
    ScanResult,
)
from festival.errors import Conflict, DomainError, NotFound, ValidationError
from festival.events.models import Event
from festival.i18n import _
from festival.registration import queries as registration_queries
from festival.tickets import services as tickets

MAX_FUTURE_SKEW = timedelta(minutes=5)  # a device clock ahead by more is not trusted
MAX_OFFLINE_AGE = timedelta(hours=48)  # an offline scan older than this has a wrong clock
MAX_BATCH = 1000
MAX_SCAN_ID = 64


class CheckinError(DomainError):
    """A check-in request that cannot be handled (bad checkpoint, bad batch, not checked in)."""


@dataclass(frozen=True)
class Device:
    """Who scans: a device token or a logged-in staff member."""

    kind: str  # token | user
    id: int
    label: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def actor(self) -> Actor:
        return Actor(self.kind, self.id, self.label)


@dataclass(frozen=True)
class Checkpoint:
    code: str  # "entrance" or the session id as text
    session_id: int | None
    label: str
    requires_booking: bool = False


@dataclass
class Outcome:
    """What a scan answers: the result code, who it is, and the winning scan when refused."""

    result: ScanResult
    attendee: dict[str, Any] = field(default_factory=dict)
    first_checkin: dict[str, Any] | None = None
    checkin_id: int | None = None
    admitted_unbooked: bool = False
    seats_free: bool = False  # for not_booked: could be admitted by an organiser's setting

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "result": self.result.value,
            "attendee": self.attendee,
            "message": result_message(self.result),
        }
        if self.first_checkin is not None:
            data["first_checkin"] = self.first_checkin
        if self.checkin_id is not None:
            data["checkin_id"] = self.checkin_id
        if self.admitted_unbooked:
            data["admitted_unbooked"] = True
        return data


def result_message(result: ScanResult | str) -> str:
    messages = {
        ScanResult.OK: _("Welkom! Ingecheckt."),
        ScanResult.ALREADY_CHECKED_IN: _("Al ingecheckt."),
        ScanResult.UNKNOWN: _("Onbekend of ongeldig ticket."),
        ScanResult.CANCELLED: _("Dit ticket is geannuleerd."),
        ScanResult.WRONG_EVENT: _("Dit ticket is voor een ander evenement."),
        ScanResult.NOT_BOOKED: _("Niet aangemeld voor deze sessie."),
    }
    return messages[ScanResult(result)]


# ---------------------------------------------------------------- checkpoints


async def checkpoints(event: Event) -> list[Checkpoint]:
    """The entrance and every session door of the event, in time order."""
    from festival.registration.services.seats import session_infos

    infos = sorted(
        (await session_infos(event_id=event.id)).values(),
        key=lambda i: (i.starts_at or event.starts_at, i.title),
    )
    out = [Checkpoint(ENTRANCE, None, _("Ingang"))]
    for info in infos:
        if info.state == "cancelled":
            continue
        out.append(
            Checkpoint(
                str(info.id),
                info.id,
                _session_label(info.title, info.room, info.starts_at, event),
                info.requires_registration,
            )
        )
    return out


def _session_label(title: str, room: str, starts_at: datetime | None, event: Event) -> str:
    when = clock.to_local(starts_at, event.timezone).strftime("%H:%M") + " " if starts_at else ""
    return f"{when}{title}" + (f" ({room})" if room else "")


async def get_checkpoint(event: Event, code: object) -> Checkpoint:
    """The checkpoint named `code` ("entrance" or a session id of the event).
    Raises CheckinError."""
    from festival.registration.services.seats import session_infos

    text = str(code).strip() if isinstance(code, str | int) and not isinstance(code, bool) else ""
    if text == ENTRANCE:
        return Checkpoint(ENTRANCE, None, _("Ingang"))
    if text.isdigit() and len(text) < 12:
        info = (await session_infos([int(text)], event_id=event.id)).get(int(text))
        if info is not None:
            return Checkpoint(
                text,
                info.id,
                _session_label(info.title, info.room, info.starts_at, event),
                info.requires_registration,
            )
    message = _("Kies de ingang of een sessie van dit evenement.")
    raise CheckinError("invalid_checkpoint", message, {"checkpoint": message})


# ---------------------------------------------------------------- scanning


def clean_scan_id(scan_id: object) -> str | None:
    if scan_id is None or scan_id == "":
        return None
    if not isinstance(scan_id, str) or len(scan_id) > MAX_SCAN_ID or not scan_id.isprintable():
        message = _("Een scan-id is tekst van hoogstens 64 tekens.")
        raise CheckinError("invalid_scan_id", message, {"scan_id": message})
    return scan_id


def device_time(scanned_at: object, received_at: datetime) -> tuple[datetime, bool]:
    """The scan time to keep, and whether the device clock was too far off to trust."""
    if isinstance(scanned_at, str):
        try:
            scanned_at = datetime.fromisoformat(scanned_at.replace("Z", "+00:00"))
        except ValueError:
            return received_at, True
    if not isinstance(scanned_at, datetime):
        return received_at, scanned_at is not None
    if scanned_at.tzinfo is None:
        return received_at, True
    if scanned_at > received_at + MAX_FUTURE_SKEW or scanned_at < received_at - MAX_OFFLINE_AGE:
        return received_at, True
    return scanned_at, False


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
    return await queries.insert_scan(
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
    """A confirmed booking for someone at the door, if a seat is free (inside the transaction).
    The guarded update takes the seat and keeps the row locked; book() then confirms it."""
    from festival.registration.models import Attendee
    from festival.registration.services import seats, signup

    assert scan.checkpoint.session_id is not None
    info = (await seats.session_infos([scan.checkpoint.session_id]))[scan.checkpoint.session_id]
    await seats.ensure_seat_rows([info])
    if not await seats.take_seat(info.id):
        return False
    await seats.release_seat(info.id)  # book() takes it again, within this same transaction
    attendee = await Attendee.get(id=attendee_id)
    booking = await signup.book(attendee, info)
    await audit.record(
        scan.actor,
        "booking.admitted_at_door",
        booking,
        event_id=scan.event.id,
        session_id=info.id,
        attendee_id=attendee_id,
    )
    return str(booking.status) == "confirmed"


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


# ---------------------------------------------------------------- undo


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


# ---------------------------------------------------------------- offline sync


async def sync_scans(
    batch: object, *, event: Event, device: Device, actor: Actor | None = None
) -> dict[str, Any]:
    """Merge scans a device made offline, earliest first: the first scan wins; duplicates from
    other devices and tickets cancelled since the device's list are reported and audited.
    A replayed batch answers the same. Raises ValidationError for a malformed batch."""
    items = _clean_batch(batch)
    results: list[dict[str, Any]] = []
    flagged: list[dict[str, Any]] = []
    for index, item in sorted(enumerate(items), key=lambda pair: _sort_key(pair[1])):
        answer = await _sync_one(item, event=event, device=device, actor=actor)
        answer["index"] = index
        results.append(answer)
        if answer.get("flag"):
            flagged.append(answer)
    results.sort(key=lambda r: r["index"])
    return {"results": results, "flagged": flagged, "server_time": clock.now().isoformat()}


def _clean_batch(batch: object) -> list[dict[str, Any]]:
    scans = batch.get("scans") if isinstance(batch, dict) else batch
    if not isinstance(scans, list) or len(scans) > MAX_BATCH:
        message = _("Stuur een lijst van hoogstens %(n)s scans.") % {"n": MAX_BATCH}
        raise ValidationError("invalid_batch", message, {"scans": message})
    return [s if isinstance(s, dict) else {} for s in scans]


def _sort_key(item: dict[str, Any]) -> str:
    value = item.get("scanned_at")
    return value if isinstance(value, str) else ""


async def _sync_one(
    item: dict[str, Any], *, event: Event, device: Device, actor: Actor | None
) -> dict[str, Any]:
    scan_id = item.get("scan_id")
    try:
        if item.get("attendee_id") is not None and isinstance(item.get("attendee_id"), int):
            outcome = await check_in_attendee(
                item["attendee_id"],
                event=event,
                checkpoint=item.get("checkpoint"),
                device=device,
                actor=actor,
                scan_id=scan_id,
            )
        else:
            outcome = await scan_ticket(
                item.get("payload"),
                event=event,
                checkpoint=item.get("checkpoint"),
                device=device,
                scan_id=scan_id,
                scanned_at=item.get("scanned_at"),
                actor=actor,
                offline=True,
            )
    except DomainError as error:
        return {
            "scan_id": scan_id if isinstance(scan_id, str) else None,
            "error": error.as_json()["error"],
        }
    answer = {"scan_id": scan_id, **outcome.as_json()}
    if outcome.result == ScanResult.CANCELLED and item.get("offline_result", "ok") == "ok":
        answer["flag"] = ConflictKind.CANCELLED_AFTER_SYNC.value
        await _flag_cancelled(outcome, event=event, device=device, actor=actor)
    elif (
        outcome.result == ScanResult.ALREADY_CHECKED_IN
        and outcome.first_checkin
        and outcome.first_checkin.get("device") != device.label
    ):
        answer["flag"] = ConflictKind.DUPLICATE.value
    return answer


async def _flag_cancelled(
    outcome: Outcome, *, event: Event, device: Device, actor: Actor | None
) -> None:
    if (
        outcome.checkin_id is None
        or await ScanConflict.filter(checkin_id=outcome.checkin_id).exists()
    ):
        return
    checkin = await Checkin.get(id=outcome.checkin_id)
    scan = _Scan(
        event,
        Checkpoint(checkin.checkpoint, checkin.session_id, checkin.checkpoint),
        device,
        actor or device.actor,
        None,
        checkin.scanned_at,
        checkin.received_at,
        False,
        True,
    )
    await _conflict(
        scan,
        ConflictKind.CANCELLED_AFTER_SYNC,
        tid=checkin.ticket_tid,
        attendee_id=checkin.attendee_id,
        checkin_id=checkin.id,
        winner_id=None,
    )


# ---------------------------------------------------------------- offline list, search, walk-ins


async def offline_bundle(event: Event) -> dict[str, Any]:
    """What a scanner keeps for offline use: keys, checkpoints, tickets (with who is already in)."""
    live = await Checkin.filter(event_id=event.id, live_key__isnull=False).values_list(
        "ticket_tid", "checkpoint", "scanned_at"
    )
    seen: dict[str, list[list[str]]] = {}
    for tid, checkpoint, at in live:
        seen.setdefault(tid, []).append([checkpoint, at.isoformat()])
    rows = await tickets.ticket_list(event.id)
    for row in rows:
        row["checked_in"] = seen.get(row["tid"], [])
    return {
        "event": {
            "slug": event.slug,
            "name": event.name,
            "timezone": event.timezone,
            "admit_unbooked_if_seats": event.admit_unbooked_if_seats,
        },
        "keys": await tickets.public_keys(event.id),
        "tickets": rows,
        "checkpoints": [
            {"code": c.code, "label": c.label, "requires_booking": c.requires_booking}
            for c in await checkpoints(event)
        ],
        "generated_at": clock.now().isoformat(),
    }


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


async def walk_in(
    event: Event,
    *,
    ticket_type_id: object,
    name: str,
    email: str,
    organisation: str = "",
    role: str = "",
    device: Device,
    actor: Actor,
) -> tuple[int, Outcome]:
    """Register someone at the desk and check them in at the entrance at once.
    Returns (attendee id, outcome). Raises the registration refusals (ValidationError, Conflict)."""
    from festival.registration import services as registration

    person = {"name": name, "email": email, "organisation": organisation, "role": role or "anders"}
    done = await registration.register(
        event,
        ticket_type_id=ticket_type_id,
        attendees=[person],
        sessions_per_attendee=[[]],
        consent=True,
        walk_in=True,  # at the desk on the day: the online registration window does not apply
        actor=actor,
    )
    issued = await tickets.tickets_of_registration(done.id)
    attendee_id = (
        issued[0].attendee_id
        if issued
        else (await registration_queries.ticket_holders(registration_id=done.id))[0]["id"]
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


async def set_admit_unbooked(event: Event, value: bool, *, actor: Actor) -> Event:
    """Turn on or off admitting people without a booking at a session door when seats are free."""
    async with in_transaction():
        await Event.filter(id=event.id).update(admit_unbooked_if_seats=value)
        await audit.record(actor, "event.admit_unbooked_changed", event, value=value)
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


# ---------------------------------------------------------------- who may scan


async def device_for_token(
    authorization: str | None, *, slug: str | None = None
) -> tuple[Event, Device]:
    """The event and device of a bearer token of scope checkin; a token works for its own event
    only. Raises Unauthorized or PermissionDenied."""
    from festival.accounts import services as accounts
    from festival.accounts.models import TokenScope
    from festival.events import services as events

    event_id = (await events.get_event(slug)).id if slug else None
    token = await accounts.authenticate_bearer(
        authorization, event_id=event_id, scopes=(TokenScope.CHECKIN,)
    )
    # The token comes with its event (both cached for a few seconds, see accounts).
    event = token.event if isinstance(token.event, Event) else await Event.get(id=token.event_id)
    return event, Device("token", token.id, token.name or token.prefix)


async def device_for_user(user: Any, *, slug: object) -> tuple[Event, Device]:
    """The event and device of a logged-in user with a check-in role in the event's organisation.
    Raises NotFound or PermissionDenied."""
    from festival.accounts import services as accounts
    from festival.accounts.models import CHECKIN_ROLES
    from festival.errors import PermissionDenied
    from festival.events import services as events

    if not isinstance(slug, str) or not slug:
        raise CheckinError(
            "event_required", _("Kies een evenement."), {"event": _("Kies een evenement.")}
        )
    event = await events.get_event(slug)
    role = await accounts.role_in_organisation(user, event.organisation_id)
    if role not in CHECKIN_ROLES and not user.is_admin:
        raise PermissionDenied("forbidden", _("U mag bij dit evenement niet inchecken."))
    return event, Device("user", user.id, user.name)


async def scannable_events(user: Any) -> list[Event]:
    """Events the user may scan for (a check-in role in their organisation), newest first."""
    from festival.accounts import services as accounts
    from festival.accounts.models import CHECKIN_ROLES

    organisations = await accounts.organisations_for(user, CHECKIN_ROLES)
    return await Event.filter(organisation_id__in=[o.id for o in organisations] or [0]).order_by(
        "-starts_at"
    )
