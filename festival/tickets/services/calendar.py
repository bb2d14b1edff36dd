"""An attendee's own sessions as an iCalendar file (attached to the ticket mail)."""

from __future__ import annotations

from typing import Any

from icalendar import Calendar, Event

from festival import clock


def attendee_ics(document: dict[str, Any]) -> bytes:
    """The sessions of a ticket document (see services.ticket_document); the event itself when
    the attendee booked none."""
    cal = Calendar()
    cal.add("prodid", "-//festival//tickets//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", document["event_name"])
    place = ", ".join(v["name"] for v in document["venues"])
    entries = [
        (
            f"{s['session_id']}-{document['tid']}",
            s["title"],
            s["starts_at"],
            s["ends_at"],
            ", ".join(p for p in (s["room"], place) if p),
        )
        for s in document["sessions"]
        if s["starts_at"]
    ]
    if not entries:
        entries = [
            (
                f"event-{document['tid']}",
                document["event_name"],
                document["starts_at"],
                document["ends_at"],
                place,
            )
        ]
    stamp = clock.now()
    for uid, title, starts_at, ends_at, location in entries:
        item = Event()
        item.add("uid", f"{uid}@festival")
        item.add("dtstamp", stamp)
        item.add("summary", title)
        item.add("dtstart", starts_at)
        if ends_at:
            item.add("dtend", ends_at)
        if location:
            item.add("location", location)
        cal.add_component(item)
    return cal.to_ical()
