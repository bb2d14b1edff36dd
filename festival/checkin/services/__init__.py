"""Check-in rules: a scan becomes one of six result codes, the database lets exactly one scan per
person and checkpoint win, offline scans merge (earliest scan wins), walk-ins, undo.

Results: ok | already_checked_in | unknown | cancelled | wrong_event | not_booked.
Locking rule: the winning scan holds the unique `live_key` "attendee:checkpoint"; a second insert
fails in the database, under any concurrency, on SQLite and PostgreSQL alike.
"""

from festival.checkin.services.access import (
    device_for_token,
    device_for_user,
    scannable_events,
)
from festival.checkin.services.checkpoints import (
    CheckinError,
    Checkpoint,
    Device,
    Outcome,
    checkpoints,
    get_checkpoint,
    result_message,
)
from festival.checkin.services.desk import (
    conflicts,
    recent_checkins,
    search,
    set_admit_unbooked,
    undo_checkin,
    walk_in,
    walk_in_bookings,
    walk_in_choices,
)
from festival.checkin.services.retention import delete_badge_batches
from festival.checkin.services.scan_input import (
    MAX_FUTURE_SKEW,
    MAX_OFFLINE_AGE,
    MAX_SCAN_ID,
    clean_scan_id,
    device_time,
)
from festival.checkin.services.scanning import check_in_attendee, scan_ticket
from festival.checkin.services.sync import (
    MAX_BATCH,
    offline_bundle,
    sync_scans,
)
from festival.errors import ValidationError
from festival.tickets import services as tickets

__all__ = [
    "MAX_BATCH",
    "MAX_FUTURE_SKEW",
    "MAX_OFFLINE_AGE",
    "MAX_SCAN_ID",
    "CheckinError",
    "Checkpoint",
    "Device",
    "Outcome",
    "ValidationError",
    "check_in_attendee",
    "checkpoints",
    "clean_scan_id",
    "conflicts",
    "delete_badge_batches",
    "device_for_token",
    "device_for_user",
    "device_time",
    "get_checkpoint",
    "offline_bundle",
    "recent_checkins",
    "result_message",
    "scan_ticket",
    "scannable_events",
    "search",
    "set_admit_unbooked",
    "sync_scans",
    "tickets",
    "undo_checkin",
    "walk_in",
    "walk_in_bookings",
    "walk_in_choices",
]
