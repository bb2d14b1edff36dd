"""Accessible PDFs (issue 17): tickets, badge sheets and workshop rosters are tagged PDF/UA-1,
their text layer carries the attendee's name and, next to every QR code, the ticket code; the
QR still decodes. A ticket is drawn directly (ticket_page) unless only the template can show
it; both ways give the same text."""

from __future__ import annotations

import subprocess
import tempfile

import pytest

from festival.checkin.services import badges
from festival.registration import queries
from festival.registration.services import roster_pdf
from festival.tickets import services as tickets
from festival.tickets.models import Ticket
from festival.tickets.services import pdf, ticket_page
from tests.tickets.conftest import pdf_text, person, qr_codes_in_pdf, register, setup_event


def pdf_info(content: bytes) -> dict[str, str]:
    """pdfinfo's fields (Tagged, Title, Pages, ...)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        info = subprocess.run(
            ["pdfinfo", handle.name], capture_output=True, text=True, check=True
        ).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in info.splitlines())}


async def _ticket_and_document(name: str) -> tuple[Ticket, dict[str, object]]:
    setup = await setup_event()
    done = await register(setup, person(name))
    [ticket] = await tickets.tickets_of_registration(done.id)
    return ticket, await tickets.ticket_document(ticket, for_pdf=True)


@pytest.mark.usefixtures("database")
@pytest.mark.parametrize(
    "name",
    ["Anna de Vries", "Zoë Çelik-Ñúñez d'Arçy", "Łukasz Ødegård"],
    ids=["plain", "accents", "latin-ext"],
)
async def test_ticket_pdf_is_tagged_with_name_code_and_a_decoding_qr(name: str) -> None:
    ticket, document = await _ticket_and_document(name)
    payload = str(document["payload"])
    assert ticket_page.draw(document, pdf.qr_matrix(payload)) is not None  # drawn directly
    content = await tickets.render_ticket_pdf(ticket.id) or b""
    info = pdf_info(content)
    assert (info["Tagged"], info["Pages"]) == ("yes", "1")
    assert info["Title"] == f"Ticket Dag van de Lokale Democratie · {name}"
    text = pdf_text(content)
    assert text.startswith(f"{name} Gemeente Utrecht Dag van de Lokale Democratie ")
    assert f"Ticket {ticket.tid} · Aanmelding " in text
    assert qr_codes_in_pdf(content) == [payload]


@pytest.mark.usefixtures("database")
async def test_ticket_drawn_directly_reads_as_the_template_does() -> None:
    _ticket, document = await _ticket_and_document("Zoë Çelik")
    direct = pdf.render_pdf(document)
    template = pdf.template_pdf(document)
    assert pdf_text(direct) == pdf_text(template)
    assert pdf_info(direct)["Title"] == pdf_info(template)["Title"]


@pytest.mark.usefixtures("database")
@pytest.mark.parametrize(
    ("name", "status"),
    [("王秀英", "valid"), ("Anna de Vries", "cancelled"), ("A" * 60, "valid")],
    ids=["outside-the-font", "cancelled", "word-too-long"],
)
async def test_ticket_the_template_renders_is_tagged_too(name: str, status: str) -> None:
    ticket, document = await _ticket_and_document(name)
    document = {**document, "status": status}
    assert ticket_page.draw(document, pdf.qr_matrix(str(document["payload"]))) is None
    content = pdf.render_pdf(document)
    assert pdf_info(content)["Tagged"] == "yes"
    text = pdf_text(content)
    assert name.replace(" ", "") in text.replace(" ", "")  # a word too long for a line wraps
    assert f"Ticket {ticket.tid}" in text
    assert qr_codes_in_pdf(content) == [document["payload"]]


@pytest.mark.usefixtures("database")
async def test_ticket_with_many_workshops_for_pages_goes_to_the_template() -> None:
    _ticket, document = await _ticket_and_document("Anna de Vries")
    many = [{**document["sessions"][0], "title": f"Werkvorm {n}"} for n in range(40)]  # type: ignore[index]
    document = {**document, "sessions": many}
    assert ticket_page.draw(document, pdf.qr_matrix(str(document["payload"]))) is None
    content = pdf.render_pdf(document)
    assert (pdf_info(content)["Tagged"], pdf_info(content)["Pages"]) == ("yes", "3")


@pytest.mark.usefixtures("database")
async def test_badge_sheet_is_tagged_with_name_and_ticket_code() -> None:
    setup = await setup_event()
    done = await register(setup, person("Zoë Çelik"), person("Bram Jansen", "bram@utrecht.nl"))
    zoe, bram = await tickets.tickets_of_registration(done.id)
    people = await badges.badge_people(setup["event"], None)
    content = badges.render_pdf(
        setup["event"],
        badges.LAYOUTS[badges.BadgeLayout.A4_2X4],
        [{**p, "qr_svg": tickets.qr_svg(p["payload"])} for p in people],
    )
    assert pdf_info(content)["Tagged"] == "yes"
    text = pdf_text(content)
    assert (
        f"Zoë Çelik Gemeente Utrecht GRIFFIER Dag van de Lokale Democratie Ticket {zoe.tid}" in text
    )
    assert (
        f"Bram Jansen Gemeente Utrecht GRIFFIER Dag van de Lokale Democratie Ticket {bram.tid}"
        in text
    )
    assert sorted(qr_codes_in_pdf(content)) == sorted(p["payload"] for p in people)


@pytest.mark.usefixtures("database")
async def test_workshop_roster_is_tagged_with_the_names() -> None:
    setup = await setup_event()
    await register(setup, person("Zoë Çelik"), person("Bram Jansen", "bram@utrecht.nl"))
    roster = await queries.session_roster(setup["workshop"].id, setup["event"].id)
    assert roster is not None
    content = roster_pdf.render_roster_pdf(
        roster, event_name=setup["event"].name, timezone=setup["event"].timezone
    )
    info = pdf_info(content)
    assert (info["Tagged"], info["Title"]) == ("yes", "Deelnemerslijst · Raad op Zaterdag")
    text = pdf_text(content)
    assert "Zoë Çelik Gemeente Utrecht Griffier" in text
    assert "Bram Jansen Gemeente Utrecht Griffier" in text
