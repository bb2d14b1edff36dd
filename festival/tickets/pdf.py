"""The ticket PDF: templates/tickets/ticket.html + ticket.css rendered by WeasyPrint (imported
lazily: slow), with the QR code as a tiny PNG. A worker renders one after another, so the
parsed stylesheet, the fonts and the QR mask tables are made once per process."""

from __future__ import annotations

import base64
import io
import itertools
from functools import cache
from typing import Any

import qrcode
import qrcode.constants
import qrcode.util

from festival import i18n, templating
from festival.templating import TEMPLATE_DIR

STYLESHEET = TEMPLATE_DIR / "tickets" / "ticket.css"


def ticket_html(document: dict[str, Any]) -> str:
    """The ticket as HTML, in the registration's language (styled by STYLESHEET)."""
    with i18n.language(document["language"]):
        return templating.environment.get_template("tickets/ticket.html").render({"t": document})


@cache
def _font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def _stylesheet() -> Any:
    # Parsing the CSS on every render cost about 2 ms per ticket.
    from weasyprint import CSS

    return CSS(filename=str(STYLESHEET), font_config=_font_config())


def render_pdf(document: dict[str, Any]) -> bytes:
    """PDF bytes of one ticket document (see services.ticket_document)."""
    from weasyprint import HTML

    html = ticket_html({**document, "qr_png": qr_png_data_uri(document["payload"])})
    content: bytes = HTML(string=html, base_url=str(TEMPLATE_DIR)).write_pdf(
        stylesheets=[_stylesheet()], font_config=_font_config()
    )
    return content


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
    """The QR code (error correction M, 4 modules quiet zone) exactly as `qrcode` makes it,
    mask included. qrcode draws the whole symbol 8 times to choose the mask (6.5 ms of the
    7.5 ms per code); here the other masks are one XOR per row on the first drawing."""
    code: qrcode.QRCode[Any] = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=4
    )
    code.add_data(payload)
    code.best_fit()
    code.makeImpl(True, 0)  # what qrcode's own mask choice scores: format modules blank
    code.makeImpl(False, best_mask(code.modules, code.version))
    matrix: list[list[bool]] = code.get_matrix()
    return matrix


def best_mask(modules: list[list[Any]], version: int) -> int:
    """The mask qrcode.QRCode.best_mask_pattern picks, given the symbol drawn with mask 0 in
    test mode (the lowest penalty, the first one on a tie)."""
    rows = [_bits(row) for row in modules]
    cols = [_bits(col) for col in zip(*modules, strict=True)]
    size = len(modules)
    scores = [
        penalty(
            [r ^ f for r, f in zip(rows, row_flips, strict=True)],
            [c ^ f for c, f in zip(cols, col_flips, strict=True)],
            size,
        )
        for row_flips, col_flips in _mask_flips(version)
    ]
    return scores.index(min(scores))


def penalty(rows: list[int], cols: list[int], size: int) -> int:
    """qrcode.util.lost_point of a symbol given as bit rows and bit columns (bit j = module j):
    runs of 5+ (length - 2 each), 2x2 blocks (3 each), finder-like patterns (40 each) and the
    dark share (10 per 5 % away from half)."""
    full, inner, windows = (1 << size) - 1, (1 << (size - 1)) - 1, (1 << (size - 4)) - 1
    points = 0
    for line in (*rows, *cols):
        same = ~(line ^ (line >> 1)) & inner  # bit j: module j+1 has module j's colour
        run = same & (same >> 1) & (same >> 2) & (same >> 3) & windows  # j..j+4 one colour
        # A run of n >= 5 has n - 4 such windows, one of them its first: n - 2 points.
        points += run.bit_count() + 2 * (run & ~(run << 1)).bit_count()
    text = " ".join(format(line, f"0{size}b") for line in (*rows, *cols))
    points += 40 * (text.count("10111010000") + text.count("00001011101"))  # never overlap
    for upper, lower in itertools.pairwise(rows):
        same_below = ~(upper ^ lower) & full
        same_right = ~(upper ^ (upper >> 1)) & inner
        points += 3 * (same_below & (same_below >> 1) & same_right).bit_count()
    dark = sum(row.bit_count() for row in rows)
    return points + int(abs(float(dark) / size**2 * 100 - 50) / 5) * 10


def _bits(modules: Any) -> int:
    return sum(1 << j for j, dark in enumerate(modules) if dark)


@cache
def _mask_flips(version: int) -> list[tuple[list[int], list[int]]]:
    """Per mask 0-7: which modules differ from mask 0, as bit rows and bit columns (only data
    modules are masked; the function patterns stay)."""
    code: qrcode.QRCode[Any] = qrcode.QRCode(version=version)
    size = code.modules_count = version * 4 + 17
    code.modules = [[None] * size for _row in range(size)]
    code.setup_position_probe_pattern(0, 0)
    code.setup_position_probe_pattern(size - 7, 0)
    code.setup_position_probe_pattern(0, size - 7)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    code.setup_type_info(True, 0)
    if version >= 7:
        code.setup_type_number(True)
    data = [[cell is None for cell in row] for row in code.modules]
    base = qrcode.util.mask_func(0)
    out = []
    for pattern in range(8):
        other = qrcode.util.mask_func(pattern)
        flips = [
            [data[r][c] and base(r, c) != other(r, c) for c in range(size)] for r in range(size)
        ]
        out.append(
            ([_bits(row) for row in flips], [_bits(col) for col in zip(*flips, strict=True)])
        )
    return out
