"""Files made from registration data: the attendee's iCal agenda (built by programme's one
agenda builder) and CSV/XLSX lists."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from festival.events.models import Event
from festival.programme import services as programme

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def agenda_ics(event: Event, attendee: dict[str, Any], *, base_url: str) -> bytes:
    """An iCalendar file of the sessions that hold a seat for this attendee."""
    items = [
        programme.AgendaItem(
            booking["title"],
            booking["starts_at"],
            booking["ends_at"],
            location=booking["room"] or "",
            url=f"{base_url}/events/{event.slug}/programme",
            session_id=booking["session_id"],
        )
        for booking in attendee["bookings"]
        if booking["status"] in ("confirmed", "offered") and booking["starts_at"] is not None
    ]
    return programme.agenda_ics(
        attendee_id=attendee["id"],
        calendar_name=f"{event.name}: {attendee['name']}",
        items=items,
        base_url=base_url,
    )


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _plain(value: Any) -> Any:
    """A value a spreadsheet cell can hold: text, number, date or empty."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, list | tuple | set):
        return ", ".join(str(_plain(v)) for v in value)
    return str(value)


def _is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _csv_cell(value: Any) -> Any:
    value = _plain(value)
    if _is_formula_like(value):
        return "'" + value  # keep spreadsheet apps from running a formula from attendee input
    return "" if value is None else value


def sheet_title(title: str) -> str:
    """A valid worksheet name: no []:*?/\\, at most 31 characters, not empty."""
    clean = " ".join(SHEET_TITLE_FORBIDDEN.sub(" ", title).split()).strip("'")
    return clean[:31].strip() or "export"


def answer_columns(
    rows: Sequence[dict[str, Any]], questions: Sequence[Any]
) -> tuple[list[str], list[dict[str, Any]]]:
    """One column per question (its label) instead of the raw answers mapping."""
    labels = [f"{q.label} ({q.id})" for q in questions]
    out = []
    for row in rows:
        answers = row.get("answers") or {}
        extra = {
            label: answers.get(str(q.id), "") for label, q in zip(labels, questions, strict=True)
        }
        out.append({k: v for k, v in row.items() if k != "answers"} | extra)
    return labels, out


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def to_xlsx(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title(title)
    for number, row in enumerate([list(headers), *rows], start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column)
            plain = _plain(value)
            if isinstance(plain, str):
                # Typed as text, never as a formula; the quote prefix keeps it text when edited.
                cell.value = CONTROL_CHARACTERS.sub("", plain)  # XLSX cannot hold them
                cell.data_type = "s"
                cell.quotePrefix = _is_formula_like(plain)
            else:
                cell.value = plain
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
