"""Access needs matched to rooms: what an attendee sees when choosing a workshop, the
organiser's list of mismatches per session, and the warning when a session changes room."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from festival.events import services as events
from festival.events.models import RoomFacility
from festival.i18n import ngettext
from festival.programme import queries as programme_queries
from festival.registration.models import AccessNeed
from festival.registration.queries import access as access_queries

ROOM_NEEDS = {facility.value for facility in RoomFacility}

_NEVER = datetime.max.replace(tzinfo=UTC)  # sessions without a time sort last


@dataclass(frozen=True)
class NeedFit:
    """One of a person's needs against one session's room; `met` is None without a room."""

    need: str
    label: str
    met: bool | None


@dataclass(frozen=True)
class Mismatch:
    """Attendees with a seat in a session who need something its room does not offer."""

    session_id: int
    title: str
    starts_at: datetime | None
    room: str
    need: str
    label: str
    attendees: int


async def access_fits(
    event_id: int, needs_per_person: Sequence[Sequence[str]]
) -> list[dict[int, list[NeedFit]]]:
    """Per person (in order): session id -> how its room fits each of their room needs."""
    rooms = await access_queries.session_rooms(event_id)
    session_ids = [
        i.id for i in (await programme_queries.session_infos(event_id=event_id)).values()
    ]
    out = []
    for needs in needs_per_person:
        wanted = events.room_needs(needs)
        fits: dict[int, list[NeedFit]] = {}
        for session_id in session_ids if wanted else ():
            room = rooms.get(session_id)
            offered = room.facilities if room else []
            fits[session_id] = [
                NeedFit(
                    need.value,
                    events.facility_label(need),
                    (need in offered) if room else None,
                )
                for need in wanted
            ]
        out.append(fits)
    return out


async def access_mismatches(
    event_id: int, *, session_ids: Sequence[int] | None = None
) -> list[Mismatch]:
    """Every (session, need) whose room lacks what seated attendees need, by time and title."""
    needs = await access_queries.needs_by_session(event_id, session_ids=session_ids)
    if not needs:
        return []
    rooms = await access_queries.session_rooms(event_id)
    infos = await programme_queries.session_infos(list(needs), event_id=event_id)
    found = []
    for session_id, counts in needs.items():
        room, info = rooms.get(session_id), infos.get(session_id)
        if room is None or info is None:
            continue  # unplaced sessions are listed as conflicts in the schedule editor
        for need in events.unmet_needs(counts, room):
            found.append(
                Mismatch(
                    session_id=session_id,
                    title=info.title,
                    starts_at=info.starts_at,
                    room=room.name,
                    need=need.value,
                    label=events.facility_label(need),
                    attendees=counts[need.value],
                )
            )
    order = [need.value for need in events.FACILITY_LABELS]
    return sorted(
        found,
        key=lambda m: (
            m.starts_at is None,
            m.starts_at or datetime.min,
            m.title,
            order.index(m.need),
        ),
    )


def mismatch_message(mismatch: Mismatch) -> str:
    """The warning for organisers, in the active language."""
    return ngettext(
        "%(n)s deelnemer met een plek heeft %(need)s nodig; %(room)s heeft dat niet.",
        "%(n)s deelnemers met een plek hebben %(need)s nodig; %(room)s heeft dat niet.",
        mismatch.attendees,
    ) % {"n": mismatch.attendees, "need": mismatch.label, "room": mismatch.room}


@dataclass(frozen=True)
class DoorNeed:
    """How many people on a door roster state a need, and whether the room offers it (None:
    not about rooms, or no room yet)."""

    need: str
    attendees: int
    met: bool | None


async def door_roster(roster: dict[str, Any]) -> dict[str, Any]:
    """The roster for the door: a count per need over everyone seated (with what they wrote
    under "other", without names), and needs beside a name only for who did not ask for
    discretion."""
    seated = roster["seated"]
    counts: Counter[str] = Counter(n for p in seated for n in set(p["access_needs"]))
    session = roster["session"]
    room = (await access_queries.session_rooms(session.event_id)).get(session.id)
    door = [
        DoorNeed(
            need.value,
            counts[need.value],
            (need.value in room.facilities) if room and need.value in ROOM_NEEDS else None,
        )
        for need in AccessNeed
        if counts[need.value]
    ]
    notes = sorted(p["access_other"] for p in seated if p["access_discreet"] and p["access_other"])
    shown = [
        p | {"access_needs": [], "access_other": ""} if p["access_discreet"] else p for p in seated
    ]
    private = sum(1 for p in seated if p["access_discreet"])
    return roster | {
        "seated": shown,
        "door_needs": door,
        "private_notes": notes,
        "private_count": private,
    }
