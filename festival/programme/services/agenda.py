"""An attendee's own agenda as iCalendar: the one builder behind the agenda download
(registration) and the .ics attached to the ticket mail (tickets), with one UID scheme."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlparse

from icalendar import Calendar, Event

from festival import clock


@dataclass(frozen=True)
class AgendaItem:
    """One entry: a booked session, or the event itself (`session_id` None)."""

    title: str
    starts_at: datetime
    ends_at: datetime | None = None
    location: str = ""
    url: str = ""
    session_id: int | None = None


def agenda_uid(attendee_id: int, session_id: int | None, *, base_url: str) -> str:
    """Stable per attendee and session (or the event), whichever file it comes in, so a
    calendar app updates the entry instead of adding a second one."""
    host = urlparse(base_url).hostname or "localhost"
    what = "event" if session_id is None else f"session-{session_id}"
    return f"attendee-{attendee_id}-{what}@{host}"


def agenda_ics(
    *, attendee_id: int, calendar_name: str, items: Sequence[AgendaItem], base_url: str
) -> bytes:
    """The calendar of these entries (the caller decides which go in)."""
    calendar = Calendar()
    calendar.add("prodid", "-//festival//agenda//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", calendar_name)
    stamp = clock.now()
    for item in items:
        entry = Event()
        entry.add("uid", agenda_uid(attendee_id, item.session_id, base_url=base_url))
        entry.add("dtstamp", stamp)
        entry.add("summary", item.title)
        entry.add("dtstart", item.starts_at)
        if item.ends_at:
            entry.add("dtend", item.ends_at)
        if item.location:
            entry.add("location", item.location)
        if item.url:
            entry.add("url", item.url)
        calendar.add_component(entry)
    return calendar.to_ical()
