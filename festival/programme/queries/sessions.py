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
