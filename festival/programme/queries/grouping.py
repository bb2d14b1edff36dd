"""Sessions grouped into days and time slots in the event's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from festival.programme.queries.items import SessionItem


@dataclass
class TimeSlot:
    starts_at: datetime
    sessions: list[SessionItem]


@dataclass
class Day:
    date: date
    slots: list[TimeSlot]

    @property
    def count(self) -> int:
        return sum(len(slot.sessions) for slot in self.slots)


def group_by_day(sessions: list[SessionItem], tz: str) -> list[Day]:
    """Days (in the event's zone) with their time slots, each slot ordered by room."""
    zone = ZoneInfo(tz)
    days: dict[date, dict[datetime, list[SessionItem]]] = {}
    for item in sorted(sessions, key=lambda s: (s.starts_at, s.room.position, s.room.name, s.id)):
        local = item.starts_at.astimezone(zone)
        days.setdefault(local.date(), {}).setdefault(item.starts_at, []).append(item)
    return [
        Day(day, [TimeSlot(start, items) for start, items in slots.items()])
        for day, slots in sorted(days.items())
    ]
