"""Files made from registration data: the attendee's iCal agenda and CSV/XLSX lists."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from icalendar import Calendar
from icalendar import Event as IcsEvent

from festival.events.models import Event

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def agenda_ics(event: Event, attendee: dict[str, Any], *, base_url: str) -> bytes:
    """An iCalendar file of the sessions that hold a seat for this attendee."""
    calendar = Calendar()
    calendar.add("prodid", "-//festival//registration//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{event.name}: {attendee['name']}")
    for booking in attendee["bookings"]:
        if booking["status"] not in ("confirmed", "offered") or booking["starts_at"] is None:
            continue
        item = IcsEvent()
        item.add("uid", f"booking-{booking['id']}@{base_url.split('://')[-1]}")
        item.add("summary", booking["title"])
        item.add("dtstart", booking["starts_at"])
        item.add("dtend", booking["ends_at"])
        item.add("dtstamp", booking["starts_at"])
        if booking["room"]:
            item.add("location", booking["room"])
        item.add("url", f"{base_url}/events/{event.slug}/programme")
        calendar.add_component(item)
    return calendar.to_ical()


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # keep spreadsheet apps from running a formula from attendee input
    return value


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def to_xlsx(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
