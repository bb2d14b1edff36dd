"""Helpers for the tickets tests: an event with a venue and a workshop, one-call registrations,
and QR decoding of a rendered PDF (poppler's pdftoppm, then zbar's zbarimg)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Any

from festival.registration import services as registration
from festival.registration.models import Registration
from tests.factories import make_event, make_room, make_session, make_ticket_type, make_venue


async def setup_event(slug: str = "dld-2027") -> dict[str, Any]:
    event = await make_event(
        slug=slug, name="Dag van de Lokale Democratie", name_en="Local Democracy Day"
    )
    venue = await make_venue(event, name="Stadhuis Utrecht")
    room = await make_room(event, venue, name="Raadzaal")
    workshop = await make_session(
        event, title="Raad op Zaterdag", title_en="Council on Saturday", room=room
    )
    ticket_type = await make_ticket_type(event)
    return {
        "event": event,
        "venue": venue,
        "room": room,
        "workshop": workshop,
        "ticket_type": ticket_type,
    }


def person(
    name: str = "Anna de Vries", email: str = "anna@utrecht.nl", **overrides: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "email": email,
        "organisation": "Gemeente Utrecht",
        "role": "griffier",
    } | overrides


async def register(
    setup: dict[str, Any], *people: dict[str, Any], sessions: list[list[int]] | None = None
) -> Registration:
    attendees = list(people) or [person()]
    done = await registration.register(
        setup["event"],
        ticket_type_id=setup["ticket_type"].id,
        attendees=attendees,
        sessions_per_attendee=sessions or [[setup["workshop"].id] for _p in attendees],
        consent=True,
    )
    return done.registration


def qr_codes_in_pdf(content: bytes) -> list[str]:
    """Every QR code on the PDF's pages, decoded."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ticket.pdf"
        path.write_bytes(content)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", str(path), str(Path(folder) / "page")], check=True
        )
        pages = sorted(str(p) for p in Path(folder).glob("page*.png"))
        result = subprocess.run(
            ["zbarimg", "-q", "--raw", *pages], capture_output=True, text=True, check=False
        )
    return result.stdout.split()


def pdf_text(content: bytes) -> str:
    """The PDF's text with all white space (line breaks too) as single spaces."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        text = subprocess.run(
            ["pdftotext", handle.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return " ".join(text.split())
