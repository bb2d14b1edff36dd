"""Publishing: frozen schedule versions, their changelog, and the changes to announce."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from festival import audit, cache, clock, errors, jobs
from festival.audit import Actor
from festival.events.models import Event
from festival.i18n import _, ngettext
from festival.programme.models import ScheduleVersion, Session, SessionState
from festival.programme.services.conflict_rules import Conflict, conflicts
from festival.programme.services.snapshot import build_snapshot

COMPARED_FIELDS = (
    "title",
    "title_en",
    "abstract",
    "abstract_en",
    "format",
    "track_id",
    "capacity",
    "requires_registration",
    "language",
    "audiences",
    "accessibility",
    "speaker_ids",
    "repeat_of_id",
)
PLACEMENT_FIELDS = ("room_id", "starts_at", "ends_at")


def _comparable(session: dict[str, Any], name: str) -> Any:
    value = session.get(name)
    if name in ("speaker_ids", "audiences", "accessibility") and value is not None:
        return sorted(value)
    return value


def _where(session: dict[str, Any], room_names: dict[Any, str]) -> dict[str, Any]:
    return {
        "room_id": session.get("room_id"),
        "room": room_names.get(session.get("room_id"), ""),
        "starts_at": session.get("starts_at"),
        "ends_at": session.get("ends_at"),
    }


def compute_changelog(
    previous: dict[str, Any] | None, current: dict[str, Any]
) -> list[dict[str, Any]]:
    """What changed between two snapshots: added, moved (room or time), changed (other fields),
    cancelled, removed. Pure; each entry names the session (id, code, title) and where it is."""
    before = {s["id"]: s for s in (previous or {}).get("sessions", [])}
    old_rooms = {r["id"]: r["name"] for r in (previous or {}).get("rooms", [])}
    new_rooms = {r["id"]: r["name"] for r in current.get("rooms", [])}
    entries: list[dict[str, Any]] = []

    def entry(change: str, s: dict[str, Any], rooms: dict[Any, str], **extra: Any) -> None:
        entries.append(
            {
                "change": change,
                "session_id": s["id"],
                "code": s.get("code"),
                "title": s.get("title"),
                **_where(s, rooms),
                **extra,
            }
        )

    for s in sorted(current.get("sessions", []), key=lambda s: (s.get("starts_at") or "", s["id"])):
        old = before.get(s["id"])
        if old is None:
            entry("added", s, new_rooms)
            continue
        if s.get("state") == "cancelled" and old.get("state") != "cancelled":
            entry("cancelled", s, new_rooms)
            continue
        if any(old.get(name) != s.get(name) for name in PLACEMENT_FIELDS):
            entry(
                "moved",
                s,
                new_rooms,
                **{"from": _where(old, old_rooms), "to": _where(s, new_rooms)},
            )
        changed = [
            name for name in COMPARED_FIELDS if _comparable(old, name) != _comparable(s, name)
        ]
        if old.get("state") != s.get("state"):
            changed.append("state")
        if changed:
            entry("changed", s, new_rooms, fields=changed)
    current_ids = {s["id"] for s in current.get("sessions", [])}
    for old in sorted(before.values(), key=lambda s: (s.get("starts_at") or "", s["id"])):
        if old["id"] not in current_ids:
            entry("removed", old, old_rooms)
    return entries


# ---------------------------------------------------------------- publishing


class _Rollback(Exception):
    def __init__(self, result: Any) -> None:
        super().__init__("rollback")
        self.result = result


@dataclass(frozen=True)
class PublishPreview:
    changelog: list[dict[str, Any]]
    conflicts: list[Conflict]
    next_number: int


async def _publish_drafts(event: Event) -> int:
    return await Session.filter(
        event_id=event.id,
        state=SessionState.DRAFT,
        room_id__isnull=False,
        starts_at__isnull=False,
        ends_at__isnull=False,
    ).update(state=SessionState.PUBLISHED)


async def _latest(event: Event) -> ScheduleVersion | None:
    return await ScheduleVersion.filter(event_id=event.id).order_by("-number").first()


async def publish_preview(event: Event) -> PublishPreview:
    """What publishing now would change, computed in a transaction that is rolled back."""
    found = await conflicts(event)
    try:
        async with in_transaction():
            await _publish_drafts(event)
            snapshot = await build_snapshot(event.id)
            latest = await _latest(event)
            raise _Rollback(
                PublishPreview(
                    compute_changelog(latest.snapshot if latest else None, snapshot),
                    found,
                    (latest.number if latest else 0) + 1,
                )
            )
    except _Rollback as rollback:
        result: PublishPreview = rollback.result
        return result


async def publish_programme(
    event: Event, *, actor: Actor, confirm_conflicts: bool = False, comment: str = ""
) -> ScheduleVersion:
    """Publish every placed draft session and freeze the schedule as the next version with its
    changelog. Audits programme.published; then queues announce_schedule_changes.
    Raises Conflict unresolved_conflicts (unless confirmed) or publish_in_progress."""
    try:
        async with in_transaction():
            found = await conflicts(event)
            if found and not confirm_conflicts:
                raise errors.Conflict(
                    "unresolved_conflicts",
                    ngettext(
                        "Er is nog %(n)s conflict in het programma. "
                        "Los het op of bevestig dat u toch wilt publiceren.",
                        "Er zijn nog %(n)s conflicten in het programma. "
                        "Los ze op of bevestig dat u toch wilt publiceren.",
                        len(found),
                    )
                    % {"n": len(found)},
                )
            published = await _publish_drafts(event)
            snapshot = await build_snapshot(event.id)
            latest = await _latest(event)
            changelog = compute_changelog(latest.snapshot if latest else None, snapshot)
            version = await ScheduleVersion.create(
                event_id=event.id,
                number=(latest.number if latest else 0) + 1,
                published_at=clock.now(),
                published_by=actor.label,
                snapshot=snapshot,
                changelog=changelog,
                comment=comment.strip()[:5000],
            )
            counts: dict[str, int] = defaultdict(int)
            for item in changelog:
                counts[item["change"]] += 1
            await audit.record(
                actor,
                "programme.published",
                version,
                event_id=event.id,
                number=version.number,
                sessions_published=published,
                conflicts=len(found),
                changes=dict(counts),
            )
    except IntegrityError as error:
        raise errors.Conflict(
            "publish_in_progress", _("Iemand anders publiceerde tegelijk. Probeer het opnieuw.")
        ) from error
    cache.clear_all()  # sessions went from draft to published with a bulk UPDATE
    await jobs.enqueue("announce_schedule_changes", version_id=version.id)
    return version


async def versions_for_event(event: Event) -> list[ScheduleVersion]:
    return await ScheduleVersion.filter(event_id=event.id).order_by("-number")
