"""The audit log: one table every area writes to, inside its own transaction (who, when, what)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise import fields
from tortoise.models import Model

from festival import clock


@dataclass(frozen=True)
class Actor:
    """Who did something: a user, an API token, an attendee by e-mail link, or the system."""

    kind: str  # user | token | attendee | partner | system
    id: int | None
    label: str


SYSTEM = Actor("system", None, "system")


class AuditEntry(Model):
    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(db_index=True)
    actor_kind = fields.CharField(max_length=20)
    actor_id = fields.IntField(null=True)
    actor_label = fields.CharField(max_length=255)
    action = fields.CharField(max_length=80, db_index=True)
    subject_type = fields.CharField(max_length=40)
    subject_id = fields.CharField(max_length=64, null=True)
    event_id = fields.IntField(null=True, db_index=True)
    data: Any = fields.JSONField(default=dict)

    class Meta:
        table = "audit_entry"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


async def record(
    actor: Actor,
    action: str,
    subject: Model | None = None,
    *,
    event_id: int | None = None,
    **data: Any,
) -> AuditEntry:
    """Write one audit row. Call it inside the use case's transaction, so both commit together."""
    subject_type, subject_id = "", None
    if subject is not None:
        subject_type = type(subject).__name__.lower()
        subject_id = str(subject.pk)
        if event_id is None:
            event_id = getattr(subject, "event_id", None)
            if event_id is None and subject_type == "event":
                event_id = subject.pk
    return await AuditEntry.create(
        at=clock.now(),
        actor_kind=actor.kind,
        actor_id=actor.id,
        actor_label=actor.label[:255],
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        event_id=event_id,
        data=_jsonable(data),
    )


async def scrub(changes: dict[int, tuple[str, Any]]) -> None:
    """Replace the actor label and data of entries (retention blanks personal data); call it
    inside the caller's transaction. `changes` maps an entry id to (actor_label, data)."""
    for entry_id, (label, data) in changes.items():
        await AuditEntry.filter(id=entry_id).update(actor_label=label, data=data)


# A writer on the hot path (the check-in scan) puts its subject's row and the audit row into one
# statement batch of its own. The audit table's columns and their database form are kept here, so
# no other module knows this table's layout.
ENTRY_COLUMNS = (
    "at",
    "actor_kind",
    "actor_id",
    "actor_label",
    "action",
    "subject_type",
    "event_id",
    "data",
    "subject_id",
)


def entry_values(
    actor: Actor, action: str, *, subject_type: str, event_id: int | None, data: dict[str, Any]
) -> list[Any]:
    """The values of one audit row in ENTRY_COLUMNS order, as the database takes them (data as
    JSON text), without the last one, subject_id: the batch adds it once its subject is written.
    The same row that record() writes."""
    return [
        clock.now(),
        actor.kind,
        actor.id,
        actor.label[:255],
        action,
        subject_type,
        event_id,
        _encode(_jsonable(data)),
    ]


def insert_entry_sql(marks: list[str], *, source: str = "") -> str:
    """An INSERT of one audit row in ENTRY_COLUMNS order: `marks` are the engine's parameter marks
    or expressions; with `source` they are selected from it (a CTE of the subject's insert)."""
    names = ", ".join(f'"{c}"' for c in ENTRY_COLUMNS)
    table = AuditEntry._meta.db_table
    if source:
        return f'INSERT INTO "{table}" ({names}) SELECT {", ".join(marks)} FROM {source}'  # noqa: S608
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join(marks)})'  # noqa: S608


_encode = AuditEntry._meta.fields_map["data"].encoder  # type: ignore[attr-defined]


async def entries_for_event(
    event_id: int, *, action_prefix: str | None = None, limit: int = 200, offset: int = 0
) -> list[AuditEntry]:
    query = AuditEntry.filter(event_id=event_id)
    if action_prefix:
        query = query.filter(action__startswith=action_prefix)
    return await query.offset(offset).limit(limit)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, str | int | float | bool | type(None) | list | dict):
            out[key] = value
        else:
            out[key] = str(value)
    return out
