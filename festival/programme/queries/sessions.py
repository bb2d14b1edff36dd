"""Sessions as other areas read them (registration, check-in, tickets): one query, each with
its effective capacity (its own or its room's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from festival import cache
from festival.programme.models import Session, SessionState

UNLIMITED = 1_000_000  # a session without any capacity set (no room): never full


@dataclass(frozen=True)
class SessionInfo:
    id: int
    event_id: int
    code: str
    title: str
    title_en: str
    starts_at: datetime | None
    ends_at: datetime | None
    capacity: int
    requires_registration: bool
    state: str
    room: str
    room_id: int | None = None

    @property
    def is_published(self) -> bool:
        return self.state == SessionState.PUBLISHED


async def session_infos(
    session_ids: list[int] | None = None, *, event_id: int | None = None
) -> dict[int, SessionInfo]:
    """Sessions with their effective capacity (own or the room's), read in one query."""
    query = Session.all()
    if session_ids is not None:
        query = query.filter(id__in=session_ids)
    if event_id is not None:
        query = query.filter(event_id=event_id)
    rows = await query.values(
        "id",
        "event_id",
        "code",
        "title",
        "title_en",
        "starts_at",
        "ends_at",
        "capacity",
        "requires_registration",
        "state",
        "room__capacity",
        "room__name",
        "room_id",
    )
    infos = {}
    for row in rows:
        capacity = row["capacity"] if row["capacity"] is not None else row["room__capacity"]
        infos[row["id"]] = SessionInfo(
            id=row["id"],
            event_id=row["event_id"],
            code=row["code"],
            title=row["title"],
            title_en=row["title_en"] or "",
            starts_at=row["starts_at"],
            ends_at=row["ends_at"],
            capacity=UNLIMITED if capacity is None else int(capacity),
            requires_registration=row["requires_registration"],
            state=str(row["state"]),
            room=row["room__name"] or "",
            room_id=row["room_id"],
        )
    return infos


# Hot paths (the registration API) read an event's sessions from a per-process cache.
cache.clear_on_change(Session)
_event_sessions: cache.TTLCache[dict[int, SessionInfo]] = cache.TTLCache(seconds=2.0)


async def event_session_infos(event_id: int) -> dict[int, SessionInfo]:
    """Every session of the event, from the per-process cache (festival/cache.py): at most two
    seconds old when another process changed them. Read only; seats are not in it."""

    async def load() -> dict[int, SessionInfo]:
        return await session_infos(event_id=event_id)

    return await _event_sessions.get(event_id, load)


@dataclass(frozen=True)
class SessionProfile:
    """What results and suggestions group sessions by: format, track, the session it repeats."""

    id: int
    event_id: int
    title: str
    title_en: str
    format: str
    track_id: int | None
    track: str
    room: str
    starts_at: datetime | None
    ends_at: datetime | None
    capacity: int
    state: str
    repeat_of_id: int | None


async def session_profiles(
    session_ids: list[int] | None = None, *, event_id: int | None = None
) -> dict[int, SessionProfile]:
    """Sessions with format, track and repeat_of, in time order, read in one query."""
    query = Session.all()
    if session_ids is not None:
        query = query.filter(id__in=session_ids)
    if event_id is not None:
        query = query.filter(event_id=event_id)
    rows = await query.order_by("starts_at", "id").values(
        "id",
        "event_id",
        "title",
        "title_en",
        "format",
        "track_id",
        "track__name",
        "room__name",
        "room__capacity",
        "starts_at",
        "ends_at",
        "capacity",
        "state",
        "repeat_of_id",
    )
    out = {}
    for row in rows:
        capacity = row["capacity"] if row["capacity"] is not None else row["room__capacity"]
        out[row["id"]] = SessionProfile(
            id=row["id"],
            event_id=row["event_id"],
            title=row["title"],
            title_en=row["title_en"] or "",
            format=str(row["format"]),
            track_id=row["track_id"],
            track=row["track__name"] or "",
            room=row["room__name"] or "",
            starts_at=row["starts_at"],
            ends_at=row["ends_at"],
            capacity=UNLIMITED if capacity is None else int(capacity),
            state=str(row["state"]),
            repeat_of_id=row["repeat_of_id"],
        )
    return out


async def earlier_sessions_by_title(event_id: int) -> dict[int, int]:
    """Session id -> the latest session of the same title (case and spaces aside) at an earlier
    event of the same organisation: the 'similar' session the editor compares with when a
    session does not name the one it repeats. Two queries."""
    current = await Session.filter(event_id=event_id).values_list(
        "id", "title", "event__starts_at", "event__organisation_id"
    )
    if not current:
        return {}
    keys = {_title_key(title): sid for sid, title, _s, _o in current}
    starts_at, organisation_id = current[0][2], current[0][3]
    earlier = (
        await Session.filter(event__organisation_id=organisation_id, event__starts_at__lt=starts_at)
        .exclude(state="cancelled")
        .order_by("event__starts_at", "starts_at", "id")
        .values_list("id", "title")
    )
    out = {}
    for earlier_id, title in earlier:  # later events overwrite earlier ones
        session_id = keys.get(_title_key(title))
        if session_id is not None:
            out[session_id] = earlier_id
    return out


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())
