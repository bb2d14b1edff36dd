"""The ticket PDF, tagged (PDF/UA-1): drawn directly by ticket_page (about 2 ms) when it can,
else templates/tickets/ticket.html + ticket.css rendered by WeasyPrint through festival.pdfs
(about 30 ms; the stylesheet parsed once per process), with the QR code as a tiny PNG."""

from __future__ import annotations

import base64
import io
from typing import Any

import qrcode
import qrcode.constants

from festival import i18n, pdfs, templating
from festival.templating import TEMPLATE_DIR
from festival.tickets.services import ticket_page

STYLESHEET = TEMPLATE_DIR / "tickets" / "ticket.css"
QR_MASK = 0


def ticket_html(document: dict[str, Any]) -> str:
    """The ticket as HTML, in the registration's language (styled by STYLESHEET)."""
    with i18n.language(document["language"]):
        return templating.environment.get_template("tickets/ticket.html").render({"t": document})


def render_pdf(document: dict[str, Any]) -> bytes:
    """PDF bytes of one ticket document (see services.ticket_document)."""
    return ticket_page.draw(document, qr_matrix(document["payload"])) or template_pdf(document)


def template_pdf(document: dict[str, Any]) -> bytes:
    """The ticket rendered from its template by WeasyPrint: anything ticket_page cannot draw."""
    html = ticket_html({**document, "qr_png": qr_png_data_uri(document["payload"])})
    return pdfs.from_html(html, stylesheet=STYLESHEET)


# ---------------------------------------------------------------- QR code


def qr_png_data_uri(payload: str) -> str:
    """The QR code as a PNG with one pixel per module in a data: URI: WeasyPrint draws it
    faster than an SVG path, and CSS scales it up without smoothing."""
    from PIL import Image

    matrix = qr_matrix(payload)
    size = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    buffer = io.BytesIO()
    Image.frombytes("L", (size, size), pixels).convert("1").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR code (error correction M, 4 modules quiet zone) with a fixed mask: every mask
    gives a valid symbol, and qrcode draws the whole symbol once instead of eight times to
    score each mask (6.5 ms of its 7.5 ms per code)."""
    code: qrcode.QRCode[Any] = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, mask_pattern=QR_MASK
    )
    code.add_data(payload)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    return matrix
