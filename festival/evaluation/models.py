"""The evaluation area's table: one generated report PDF per row, with its job's state."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class ReportState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


FINISHED_STATES = (ReportState.DONE, ReportState.FAILED)


class ReportRun(Model):
    """An evaluation report PDF, rendered by the job render_report(run_id)."""

    id = fields.IntField(primary_key=True)
    event_id = fields.IntField(db_index=True)
    state = fields.CharEnumField(ReportState, max_length=10, default=ReportState.QUEUED)
    pdf = fields.BinaryField(null=True)
    error = fields.TextField(default="")
    requested_by = fields.CharField(max_length=120, default="")
    created_at = fields.DatetimeField()
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "report_run"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"report {self.id} ({self.state})"

    @property
    def is_finished(self) -> bool:
        """Done or failed: the page stops refreshing."""
        return self.state in FINISHED_STATES
