"""What a scanner sends besides the payload, made safe: its scan id and its clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from festival.checkin.services.checkpoints import CheckinError
from festival.i18n import _

MAX_FUTURE_SKEW = timedelta(minutes=5)  # a device clock ahead by more is not trusted
MAX_OFFLINE_AGE = timedelta(hours=48)  # an offline scan older than this has a wrong clock
MAX_SCAN_ID = 64


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
