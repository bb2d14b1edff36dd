"""The fast ticket PDF: its QR code is exactly qrcode's for a fixed mask and decodes, the page
is one small A4, workshops come in time order, and an event edit shows in the very next
render."""

from __future__ import annotations

import base64
import io
import secrets
import subprocess
import tempfile
import threading
from datetime import UTC, datetime
from typing import Any

import pytest
import qrcode
import qrcode.constants

from festival import pdfs
from festival.tickets import keys
from festival.tickets import services as tickets
from festival.tickets.services import pdf
from tests.factories import make_session
from tests.tickets.conftest import pdf_text, qr_codes_in_pdf, register, setup_event

PAYLOADS = [
    "F1A.abcdefgh." + "x" * 86,
    "F1A." + keys.b64url(secrets.token_bytes(6)) + "." + keys.b64url(secrets.token_bytes(64)),
    "F1z." + keys.b64url(secrets.token_bytes(6)) + "." + keys.b64url(secrets.token_bytes(64)),
    "A",
    "0" * 40,
    keys.b64url(secrets.token_bytes(200)),  # version 10 and up: version information blocks
]


def _reference(payload: str) -> qrcode.QRCode:  # type: ignore[type-arg]
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, mask_pattern=pdf.QR_MASK
    )
    code.add_data(payload)
    code.make(fit=True)
    return code


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: f"{p[:6]}..{len(p)}")
def test_qr_matrix_is_qrcodes_own_for_the_same_mask(payload: str) -> None:
    assert pdf.qr_matrix(payload) == _reference(payload).get_matrix()


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: f"{p[:6]}..{len(p)}")
def test_qr_png_decodes_to_the_payload(payload: str) -> None:
    from PIL import Image

    png = base64.b64decode(pdf.qr_png_data_uri(payload).split(",", 1)[1])
    image = Image.open(io.BytesIO(png)).convert("L")
    large = image.resize((image.width * 8, image.height * 8), Image.Resampling.NEAREST)
    with tempfile.NamedTemporaryFile(suffix=".png") as handle:
        large.save(handle.name)
        found = subprocess.run(
            ["zbarimg", "-q", "--raw", handle.name], capture_output=True, text=True, check=True
        )
    assert found.stdout.split("\n")[:-1] == [payload]


def _page_size(content: bytes) -> tuple[str, str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        info = subprocess.run(
            ["pdfinfo", handle.name], capture_output=True, text=True, check=True
        ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    return fields["Pages"].strip(), fields["Page size"].strip()


@pytest.mark.usefixtures("database")
async def test_ticket_pdf_is_one_small_a4_page() -> None:
    setup = await setup_event()
    done = await register(setup)
    [ticket] = await tickets.tickets_of_registration(done.id)
    content = await tickets.render_ticket_pdf(ticket.id) or b""
    assert _page_size(content) == ("1", "595.276 x 841.89 pts (A4)")
    assert len(content) < 150_000


@pytest.mark.usefixtures("database")
async def test_ticket_pdf_lists_workshops_in_time_order_with_rooms() -> None:
    setup = await setup_event()
    early = await make_session(
        setup["event"],
        title="Vroege vogels",
        room=setup["room"],
        starts_at=datetime(2027, 3, 20, 8, 30, tzinfo=UTC),
    )
    done = await register(setup, sessions=[[setup["workshop"].id, early.id]])
    [ticket] = await tickets.tickets_of_registration(done.id)
    text = pdf_text(await tickets.render_ticket_pdf(ticket.id) or b"")
    assert "09:30–10:30 Vroege vogels Raadzaal 11:00–12:00 Raad op Zaterdag Raadzaal" in text


@pytest.mark.usefixtures("database")
async def test_ticket_pdf_without_workshops_says_so() -> None:
    setup = await setup_event()
    done = await register(setup, sessions=[[]])
    [ticket] = await tickets.tickets_of_registration(done.id)
    content = await tickets.render_ticket_pdf(ticket.id) or b""
    assert "U hebt geen workshops gekozen." in pdf_text(content)
    links = await tickets.ticket_links(done.id, base_url="", secret_key="k" * 40)
    assert qr_codes_in_pdf(content) == [links[0]["qr_payload"]]


@pytest.mark.usefixtures("database")
async def test_event_edit_shows_in_the_next_ticket_pdf() -> None:
    setup = await setup_event()
    done = await register(setup)
    [ticket] = await tickets.tickets_of_registration(done.id)
    before = pdf_text(await tickets.render_ticket_pdf(ticket.id) or b"")
    assert "Dag van de Lokale Democratie" in before
    event, venue = setup["event"], setup["venue"]
    event.name = "Dag van de Raad"
    await event.save()
    venue.name = "Tivoli Vredenburg"
    await venue.save()
    text = pdf_text(await tickets.render_ticket_pdf(ticket.id) or b"")
    assert "Dag van de Raad" in text
    assert "Tivoli Vredenburg" in text
    assert "Dag van de Lokale Democratie" not in text


@pytest.mark.usefixtures("database")
async def test_rendering_a_ticket_pdf_leaves_the_event_loop_answering() -> None:
    setup = await setup_event()
    done = await register(setup)
    [ticket] = await tickets.tickets_of_registration(done.id)
    document = await tickets.ticket_document(ticket, for_pdf=True)
    threads: list[threading.Thread] = []

    def render(document: dict[str, Any]) -> bytes:
        threads.append(threading.current_thread())
        return pdf.render_pdf(document)

    content = await pdfs.render(render, document)
    assert content.startswith(b"%PDF")
    # on the PDF thread, never on the event loop's (which keeps answering meanwhile)
    assert [t.name.startswith("festival-pdf") for t in threads] == [True]
    assert threads[0] is not threading.main_thread()
