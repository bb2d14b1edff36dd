"""Offline scanning: the bundle a scanner keeps and merging its synced batch of scans."""

from __future__ import annotations

import logging
from typing import Any

from tortoise.exceptions import DBConnectionError

from festival import clock, db
from festival.audit import Actor
from festival.checkin.models import (
    Checkin,
    ConflictKind,
    ScanConflict,
    ScanResult,
)
from festival.checkin.services.checkpoints import (
    CheckinError,
    Checkpoint,
    Device,
    Outcome,
    checkpoints,
)
from festival.checkin.services.scanning import _conflict, _Scan, check_in_attendee, scan_ticket
from festival.errors import DomainError, ValidationError
from festival.events.models import Event
from festival.i18n import _
from festival.tickets import services as tickets

MAX_BATCH = 1000
log = logging.getLogger("festival")


async def sync_scans(
    batch: object, *, event: Event, device: Device, actor: Actor | None = None
) -> dict[str, Any]:
    """Merge scans a device made offline, earliest first: the first scan wins; duplicates from
    other devices and tickets cancelled since the device's list are reported and audited.
    A scan that cannot be taken gets an error result, and the scans after it are still taken.
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


def _clean_batch(batch: object) -> list[object]:
    scans = batch.get("scans") if isinstance(batch, dict) else batch
    if not isinstance(scans, list) or len(scans) > MAX_BATCH:
        message = _("Stuur een lijst van hoogstens %(n)s scans.") % {"n": MAX_BATCH}
        raise ValidationError("invalid_batch", message, {"scans": message})
    return scans


def _sort_key(item: object) -> str:
    value = item.get("scanned_at") if isinstance(item, dict) else None
    return value if isinstance(value, str) else ""


async def _sync_one(
    item: object, *, event: Event, device: Device, actor: Actor | None
) -> dict[str, Any]:
    """One scan of the batch: its result, or an error result when this scan cannot be taken
    (a malformed item, or a fault on our side: `retry` asks the device to send it again later).
    Either way the scans after it are taken."""
    scan_id = item.get("scan_id") if isinstance(item, dict) else None
    try:
        answer = await _merge_one(_clean_item(item), event=event, device=device, actor=actor)
    except DomainError as error:
        answer = {"error": error.as_json()["error"]}
    except (DBConnectionError, ConnectionError):
        raise  # the database is away: the whole batch answers 503 and is sent again
    except Exception:
        log.exception("offline scan %r of event %s could not be merged", scan_id, event.slug)
        message = _("Deze scan kon niet worden verwerkt. Het apparaat stuurt hem later opnieuw.")
        answer = {"error": {"code": "scan_failed", "message": message}, "retry": True}
    else:
        return answer
    return {"scan_id": scan_id if isinstance(scan_id, str) else None, **answer}


def _clean_item(item: object) -> dict[str, Any]:
    """The scan as sent, once its shape is right: an object, a whole-number attendee id that
    can be an id (others would reach the database). Raises CheckinError."""
    if not isinstance(item, dict):
        message = _("Elke scan is een JSON-object.")
        raise CheckinError("invalid_scan", message, {"scans": message})
    attendee_id = item.get("attendee_id")
    if attendee_id is not None and not (
        isinstance(attendee_id, int)
        and not isinstance(attendee_id, bool)
        and 1 <= attendee_id <= db.MAX_INT
    ):
        message = _("Kies een deelnemer.")
        raise CheckinError("invalid_attendee", message, {"attendee_id": message})
    return item


async def _merge_one(
    item: dict[str, Any], *, event: Event, device: Device, actor: Actor | None
) -> dict[str, Any]:
    scan_id = item.get("scan_id")
    if item.get("attendee_id") is not None:
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
