"""The archive's rules, one module per sub-concept; callers import from here."""

from festival.archive.services.agenda import AgendaItem, agenda, agenda_ics
from festival.archive.services.entries import index_all, index_event, outcome_text
from festival.archive.services.materials import (
    FOLDER as MATERIALS_FOLDER,
)
from festival.archive.services.materials import (
    MAX_MATERIAL_BYTES,
    add_file,
    add_recording,
    approve_material,
    download_name,
    material_of,
    materials_of,
    public_material_file,
    remove_material,
)
from festival.archive.services.outcomes import (
    KIND_FIELDS,
    approve_outcome,
    kind_for,
    outcome_of,
    outcomes_of_event,
    save_outcome,
    withdraw_approval,
)
from festival.archive.services.requests import REMINDER_AFTER, ask_for_outcomes, sweep
from festival.archive.services.sessions import (
    SessionRef,
    make_outcome_token,
    partner_sessions,
    require_ended,
    session_for_partner,
    session_for_token,
    session_in_event,
    sessions_of_event,
)
from festival.archive.services.summaries import (
    EvaluationSummary,
    PublicAnswer,
    publish_summaries,
    published_summary,
    summaries_published,
)

__all__ = [
    "KIND_FIELDS",
    "MATERIALS_FOLDER",
    "MAX_MATERIAL_BYTES",
    "REMINDER_AFTER",
    "AgendaItem",
    "EvaluationSummary",
    "PublicAnswer",
    "SessionRef",
    "add_file",
    "add_recording",
    "agenda",
    "agenda_ics",
    "approve_material",
    "approve_outcome",
    "ask_for_outcomes",
    "download_name",
    "index_all",
    "index_event",
    "kind_for",
    "make_outcome_token",
    "material_of",
    "materials_of",
    "outcome_of",
    "outcome_text",
    "outcomes_of_event",
    "partner_sessions",
    "public_material_file",
    "publish_summaries",
    "published_summary",
    "remove_material",
    "require_ended",
    "save_outcome",
    "session_for_partner",
    "session_for_token",
    "session_in_event",
    "sessions_of_event",
    "summaries_published",
    "sweep",
    "withdraw_approval",
]
