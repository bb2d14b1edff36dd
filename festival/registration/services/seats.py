"""Seat counters per session: the one place that takes and hands on seats.

Every seat is taken by a guarded UPDATE (`taken < capacity`) inside the caller's transaction;
its row count decides. A freed seat goes to the next person waiting before anyone else.
"""

from __future__ import annotations

from tortoise import connections
from tortoise.expressions import F

from festival.programme.queries import (
    UNLIMITED,
    SessionInfo,
    event_session_infos,
    session_infos,
)
from festival.registration.models import SessionSeats

__all__ = ["UNLIMITED", "SessionInfo", "event_session_infos", "session_infos"]


async def ensure_seat_rows(sessions: list[SessionInfo]) -> None:
    """Create the missing seat counters; concurrent creators are ignored by the unique key."""
    if not sessions:
        return
    existing = set(
        await SessionSeats.filter(session_id__in=[s.id for s in sessions]).values_list(
            "session_id", flat=True
        )
    )
    missing = [
        SessionSeats(session_id=s.id, event_id=s.event_id, capacity=s.capacity, taken=0)
        for s in sessions
        if s.id not in existing
    ]
    if missing:
        await SessionSeats.bulk_create(missing, ignore_conflicts=True)


async def take_seats(session_ids: list[int]) -> list[bool]:
    """Take one seat for each entry of `session_ids` (a session named twice: two seats), in
    order, guarded like take_seat. Call inside the use case's transaction. One statement per
    round of distinct sessions (one round unless a group picks the same session twice)."""
    taken = [False] * len(session_ids)
    rounds: list[dict[int, int]] = []  # per round: session id -> index in session_ids
    for index, session_id in enumerate(session_ids):
        spot = next((r for r in rounds if session_id not in r), None)
        if spot is None:
            spot = {}
            rounds.append(spot)
        spot[session_id] = index
    db = connections.get("default")
    for spot in rounds:
        ids = sorted(spot)
        # execute_query_dict: it returns the RETURNING rows on both engines.
        rows = await db.execute_query_dict(_take_sql(db.capabilities.dialect, len(ids)), ids)
        for row in rows:
            taken[spot[int(row["session_id"])]] = True
    return taken


def _take_sql(dialect: str, count: int) -> str:
    table = SessionSeats._meta.db_table  # identifiers from the model; values are parameters
    if dialect == "sqlite":  # one writer at a time: no row locks to order
        marks = ", ".join("?" * count)
        return (
            f'UPDATE "{table}" SET "taken" = "taken" + 1 '  # noqa: S608
            f'WHERE "session_id" IN ({marks}) AND "taken" < "capacity" RETURNING "session_id"'
        )
    # PostgreSQL: lock the rows in session order first, so two registrations choosing the same
    # sessions wait for each other instead of deadlocking; the guard is checked on the row
    # version that holds the lock.
    marks = ", ".join(f"${n}" for n in range(1, count + 1))
    return (
        f'UPDATE "{table}" AS s SET "taken" = s."taken" + 1 FROM ('  # noqa: S608
        f'SELECT "session_id" FROM "{table}" WHERE "session_id" IN ({marks}) '
        f'ORDER BY "session_id" FOR UPDATE) AS locked '
        f'WHERE s."session_id" = locked."session_id" AND s."taken" < s."capacity" '
        f'RETURNING s."session_id"'
    )


async def take_seat(session_id: int) -> bool:
    """Take one seat if one is left. Call inside the use case's transaction."""
    rows = await SessionSeats.filter(session_id=session_id, taken__lt=F("capacity")).update(
        taken=F("taken") + 1
    )
    return rows == 1


async def release_seat(session_id: int) -> None:
    """Give one held seat back to the free pool (nobody is waiting for it)."""
    await SessionSeats.filter(session_id=session_id, taken__gt=0).update(taken=F("taken") - 1)


async def set_capacity(session: SessionInfo, capacity: int) -> None:
    await ensure_seat_rows([session])
    await SessionSeats.filter(session_id=session.id).update(capacity=capacity)
