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
