"""iCalendar of whole events (the national agenda); the programme's own feed is in exports.py."""

from __future__ import annotations

import re
from datetime import UTC
from typing import Any
from urllib.parse import urlparse

import icalendar

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def events_ics(events: list[tuple[Any, str]], *, base_url: str) -> bytes:
    """One VEVENT per whole event, (event, place) pairs: the instance's national agenda."""
    host = urlparse(base_url).hostname or "localhost"
    cal = icalendar.Calendar()
    cal.add("prodid", "-//festival//agenda//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Agenda")
    for event, place in events:
        vevent = icalendar.Event()
        vevent.add("uid", f"event-{event.slug}@{host}")
        vevent.add("dtstamp", event.updated_at.astimezone(UTC))
        vevent.add("dtstart", event.starts_at.astimezone(UTC))
        vevent.add("dtend", event.ends_at.astimezone(UTC))
        vevent.add("summary", event.name)
        if place:
            vevent.add("location", place)
        url = f"{base_url}/events/{event.slug}"
        vevent.add(
            "description",
            "\n\n".join(p for p in (_INVALID.sub("", event.description or ""), url) if p),
        )
        vevent.add("url", url)
        cal.add_component(vevent)
    return bytes(cal.to_ical())
