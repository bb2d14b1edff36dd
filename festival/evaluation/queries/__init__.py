"""Named reads of the evaluation area: the edition before an event and the report runs."""

from festival.evaluation.queries.report import (
    events_by_id,
    latest_done_run,
    previous_edition,
    runs_of,
)

__all__ = ["events_by_id", "latest_done_run", "previous_edition", "runs_of"]
