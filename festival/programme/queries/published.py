"""The latest published version of an event's programme, built once per web process and
version, with live seats laid over it; and the list of published versions."""

from __future__ import annotations

import copy
from collections import OrderedDict, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from festival.events import queries as events
from festival.events.models import Event
from festival.programme.models import ScheduleVersion
from festival.programme.queries.build import build_programme
from festival.programme.queries.items import Programme, VersionInfo
from festival.programme.queries.labels import change_lines

# Built programmes per published version and language. A version never changes once
# written, so each web process may keep what it built; the key also holds the event's
# last change and the version's publication time, so neither a reused row id nor an edited
# event (name, time zone) ever matches an old entry.
_BUILT: OrderedDict[tuple[Any, ...], Programme] = OrderedDict()
_BUILT_MAX = 32

SeatReader = Callable[[int], Awaitable[dict[int, int | None]]]
_live_seats: list[SeatReader] = []


def read_live_seats_with(reader: SeatReader) -> None:
    """Registration owns the seat counts and hands in its `seats_left(event_id)` when it loads:
    programme sits below registration and imports nothing of it."""
    _live_seats[:] = [reader]


def _key(event: Event, row: dict[str, Any], *extra: Any) -> tuple[Any, ...]:
    return (event.id, event.updated_at, row["id"], row["number"], row["published_at"], *extra)


async def latest_version(event: Event, *, lang: str = "nl") -> Programme:
    """The newest published version, built (without seats): one small query when this process
    has built it before, two (the snapshot too) the first time."""
    row = (
        await ScheduleVersion.filter(event_id=event.id)
        .order_by("-number")
        .first()
        .values("id", "number", "published_at")
    )
    if row is None:
        return Programme(event=event, version=None)
    key = _key(event, row, lang)
    built = _BUILT.get(key)
    if built is None:
        data = await ScheduleVersion.get(id=row["id"]).values("snapshot", "changelog")
        version = VersionInfo(
            row["id"],
            row["number"],
            row["published_at"],
            len(data["changelog"] or []),
            data["snapshot"],
        )
        built = build_programme(event, version, lang=lang, version_key=key)
        _BUILT[key] = built
        while len(_BUILT) > _BUILT_MAX:
            _BUILT.popitem(last=False)
    _BUILT.move_to_end(key)
    return Programme(
        event=event,
        version=built.version,
        sessions=built.sessions,
        rooms=built.rooms,
        tracks=built.tracks,
        speakers=built.speakers,
    )


def _apply_seats(programme: Programme, seats: dict[int, int | None]) -> Programme:
    """A copy whose sessions carry the live seats (registration's `seats_left`, the one
    source of every page; None: no limit)."""
    sessions = []
    for item in programme.sessions:
        left = seats.get(item.id, item.seats_left) if item.requires_registration else None
        if left is not None and left != item.seats_left:  # shared items are never changed
            item = copy.copy(item)
            item.seats_left = left
        sessions.append(item)
    programme.sessions = sessions
    return programme


async def published_programme(
    event: Event, *, lang: str = "nl", with_seats: bool = True
) -> Programme:
    """The latest version with live seats: a fixed number of queries, whatever its size."""
    programme = await latest_version(event, lang=lang)
    if programme.version is None or not with_seats or not _live_seats:
        return programme
    return _apply_seats(programme, await _live_seats[0](event.id))


async def programme_for_slug(slug: str, *, lang: str = "nl", with_seats: bool = True) -> Programme:
    """The public event by slug and its published programme. Raises NotFound."""
    event = await events.public_event(slug)
    return await published_programme(event, lang=lang, with_seats=with_seats)


async def versions_for_event(slug: str) -> tuple[Event, list[dict[str, Any]]]:
    """The public event and every published version, newest first (without snapshots), each
    with its changelog as lines: [(entry, ChangeLine)]."""
    event = await events.public_event(slug)
    rows = (
        await ScheduleVersion.filter(event_id=event.id)
        .order_by("-number")
        .values("number", "published_at", "changelog", "comment")
    )
    for row in rows:
        entries = row["changelog"] or []
        row["lines"] = list(zip(entries, change_lines(entries, event.timezone), strict=True))
    return event, list(rows)


@dataclass(frozen=True)
class VersionRef:
    id: int
    event_id: int
    number: int


async def published_version(version_id: int) -> VersionRef | None:
    """Which event a published version belongs to and its number (None when it is gone)."""
    row = await ScheduleVersion.get_or_none(id=version_id).values("id", "event_id", "number")
    return VersionRef(row["id"], row["event_id"], row["number"]) if row else None


ANNOUNCED_CHANGES = ("moved", "changed", "cancelled", "removed")


async def changes_to_announce(version_id: int) -> dict[int, list[dict[str, Any]]]:
    """Per changed session id, the changelog entries of this version that people booked on it
    should hear about (everything but additions). Empty when the version is gone.

    What registration's announce_schedule_changes job mails to the people booked on them."""
    version = await ScheduleVersion.get_or_none(id=version_id)
    if version is None or version.number == 1:
        return {}
    result: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in version.changelog:
        if item["change"] in ANNOUNCED_CHANGES:
            result[item["session_id"]].append(item)
    return dict(result)
