"""Check-in: every scan at the entrance or a session door, conflicts found when offline scans
sync, and badge print batches."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class ScanResult(StrEnum):
    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    UNKNOWN = "unknown"
    CANCELLED = "cancelled"
    WRONG_EVENT = "wrong_event"
    NOT_BOOKED = "not_booked"


REFUSALS = (ScanResult.UNKNOWN, ScanResult.CANCELLED, ScanResult.WRONG_EVENT, ScanResult.NOT_BOOKED)
ENTRANCE = "entrance"


class ConflictKind(StrEnum):
    DUPLICATE = "duplicate"  # two devices admitted the same ticket at one checkpoint
    CANCELLED_AFTER_SYNC = "cancelled_after_sync"  # admitted offline, cancelled meanwhile


class BadgeLayout(StrEnum):
    A4_2X4 = "a4_2x4"  # 99.1 x 67.7 mm labels, 8 per sheet
    A4_3X8 = "a4_3x8"  # 70 x 37 mm labels, 24 per sheet
    SINGLE_89X36 = "single_89x36"  # label printer roll
    SINGLE_62X100 = "single_62x100"  # label printer roll, portrait


class BatchState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Checkin(Model):
    """One scan. The row that admitted someone holds the unique live_key (attendee:checkpoint),
    so the database lets exactly one scan win. An undo clears it, so the person can scan again."""

    id = fields.IntField(primary_key=True)
    event_id = fields.IntField(db_index=True)
    ticket_tid = fields.CharField(max_length=8, default="")
    attendee_id = fields.IntField(null=True, db_index=True)
    checkpoint = fields.CharField(max_length=20)  # "entrance" or a session id as text
    session_id = fields.IntField(null=True, db_index=True)
    result = fields.CharEnumField(ScanResult, max_length=24)
    scanned_at = fields.DatetimeField()  # device time (the server's when far off)
    received_at = fields.DatetimeField()
    clock_skew = fields.BooleanField(default=False)  # the device's clock was far off
    device = fields.CharField(max_length=40)  # "token:12" or "user:5"
    device_label = fields.CharField(max_length=120, default="")
    scan_id = fields.CharField(
        max_length=64, null=True, unique=True
    )  # idempotency key of the device
    live_key = fields.CharField(max_length=40, null=True, unique=True)
    offline = fields.BooleanField(default=False)  # arrived in a sync batch
    walk_in = fields.BooleanField(default=False)
    admitted_unbooked = fields.BooleanField(default=False)
    first_checkin_id = fields.IntField(null=True)  # for already_checked_in: the scan that won
    undone_at = fields.DatetimeField(null=True)
    undone_by = fields.CharField(max_length=120, default="")

    class Meta:
        table = "checkin"
        indexes = (("event_id", "result", "scanned_at"),)
        ordering = ["scanned_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_tid}@{self.checkpoint}:{self.result}"

    @property
    def is_live(self) -> bool:
        return self.result == ScanResult.OK and self.undone_at is None


class ScanConflict(Model):
    """Something a sync found that staff must know: a duplicate admission or a ticket cancelled
    after the device last downloaded the list."""

    id = fields.IntField(primary_key=True)
    event_id = fields.IntField(db_index=True)
    kind = fields.CharEnumField(ConflictKind, max_length=24)
    ticket_tid = fields.CharField(max_length=8)
    attendee_id = fields.IntField(null=True)
    checkpoint = fields.CharField(max_length=20)
    checkin_id = fields.IntField()  # the scan that lost (or was admitted while cancelled)
    winner_id = fields.IntField(null=True)  # the scan that counts
    device = fields.CharField(max_length=40)
    detected_at = fields.DatetimeField()

    class Meta:
        table = "checkin_conflict"
        ordering = ["-detected_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.ticket_tid}"


class BadgeBatch(Model):
    """A badge PDF rendered by the job render_badges(batch_id), with progress for its page."""

    id = fields.IntField(primary_key=True)
    event_id = fields.IntField(db_index=True)
    layout = fields.CharEnumField(BadgeLayout, max_length=20)
    attendee_ids: Any = fields.JSONField(default=list)  # empty: every active attendee
    state = fields.CharEnumField(BatchState, max_length=10, default=BatchState.QUEUED)
    total = fields.IntField(default=0)
    done = fields.IntField(default=0)
    pdf = fields.BinaryField(null=True)
    error = fields.TextField(default="")
    created_by = fields.CharField(max_length=120, default="")
    created_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "badge_batch"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"badges {self.id} ({self.state})"

    @property
    def is_finished(self) -> bool:
        """Done or failed: the progress page stops refreshing."""
        return self.state in (BatchState.DONE, BatchState.FAILED)

    @property
    def percent(self) -> int:
        return (
            100
            if self.state == BatchState.DONE
            else int(100 * self.done / self.total)
            if self.total
            else 0
        )
