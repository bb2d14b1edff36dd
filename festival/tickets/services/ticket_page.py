"""The ticket PDF drawn directly (tagged_pdf), with the look of templates/tickets/ticket.html +
ticket.css: the pass (QR left, name, organisation, event, date, venues, codes), then the
workshops and the hint. `draw` returns None for what only WeasyPrint lays out well (a
cancelled ticket, a character outside Liberation Sans, more than one page); the caller then
renders the template. Keep the two in step: a change to one is a change to the other."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from festival import i18n
from festival.i18n import _
from festival.tickets.services import tagged_pdf
from festival.tickets.services.tagged_pdf import MM, Element, Font, Page

FONT_DIR = Path("/usr/share/fonts/truetype/liberation")
WIDTH, HEIGHT = 210 * MM, 297 * MM
LEFT, TOP, BOTTOM = 14 * MM, 12 * MM, HEIGHT - 12 * MM
CONTENT = 182 * MM
BORDER, PADDING, QR = 0.6 * MM, 6 * MM, 78 * MM
TEXT_LEFT = LEFT + BORDER + 92 * MM  # .pass padding-left
TEXT_WIDTH = CONTENT - 2 * BORDER - 92 * MM - PADDING
PASS_HEIGHT = 91.2 * MM  # min-height, border box
INK, GREY = 0.067, 0.2  # #111, #333


class DoesNotFit(Exception):
    """The ticket needs WeasyPrint (a long word, a second page)."""


@cache
def _faces() -> tuple[Font, Font] | None:
    regular, bold = FONT_DIR / "LiberationSans-Regular.ttf", FONT_DIR / "LiberationSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return None
    return tagged_pdf.font(str(regular)), tagged_pdf.font(str(bold))


def draw(document: dict[str, Any], qr: list[list[bool]]) -> bytes | None:
    """The ticket's PDF, or None when the template must render it (see the module's note)."""
    faces = _faces()
    if faces is None or document["status"] == "cancelled":
        return None
    with i18n.language(document["language"]):
        texts = _texts(document)
        if not all(faces[0].covers(t) and faces[1].covers(t) for t in _all_text(texts)):
            return None
        try:
            return _Writer(faces, texts).page(qr).write(title=texts["title"], lang=texts["lang"])
        except DoesNotFit:
            return None


def _texts(t: dict[str, Any]) -> dict[str, Any]:
    """Every string the page shows, in the ticket's language, as the template words them."""
    tz = t["timezone"]
    return {
        "lang": i18n.get_language(),
        "title": f"{_('Ticket')} {t['event_name']} · {t['name']}",
        "alt": _("QR-code van het ticket"),
        "name": t["name"],
        "organisation": t["organisation"] or "",
        "event": t["event_name"],
        "when": [
            i18n.fmt_date(t["starts_at"], "full", tz),
            f"{i18n.fmt_time(t['starts_at'], tz)}–{i18n.fmt_time(t['ends_at'], tz)}",
        ],
        "where": [
            v["name"]
            + (
                ", " + ", ".join(p for p in (v["address"], v["city"]) if p)
                if v["address"] or v["city"]
                else ""
            )
            for v in t["venues"]
        ],
        "code": f"{_('Ticket')} {t['tid']} · {_('Aanmelding')} {t['registration_code']}",
        "heading": _("Uw workshops"),
        "sessions": [
            (
                (
                    i18n.fmt_time(s["starts_at"], tz)
                    + (f"–{i18n.fmt_time(s['ends_at'], tz)}" if s["ends_at"] else "")
                )
                if s["starts_at"]
                else "",
                s["title"],
                s["room"] or "",
            )
            for s in t["sessions"]
        ],
        "none": _("U hebt geen workshops gekozen."),
        "hint": _(
            "Laat de QR-code zien bij de ingang en bij de deur van uw workshop, op papier of "
            "op uw telefoon."
        ),
    }


def _all_text(texts: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for value in texts.values():
        if isinstance(value, str):
            found.append(value)
        else:
            for item in value:
                found += [item] if isinstance(item, str) else list(item)
    return found


class _Writer:
    """Blocks top to bottom, as CSS stacks them: `y` is the top of the next line box."""

    def __init__(self, faces: tuple[Font, Font], texts: dict[str, Any]) -> None:
        self.regular, self.bold = faces
        self.t = texts
        self.sheet = Page(WIDTH, HEIGHT)
        self.y = 0.0

    def lines(
        self,
        element: Element,
        text: str,
        x: float,
        width: float,
        size: float,
        *,
        bold: bool = False,
        height: float = 1.35,
        grey: float = INK,
    ) -> None:
        """`text` wrapped at spaces into `width`, each line box `height` times `size` high."""
        face = self.bold if bold else self.regular
        # The baseline sits half the leading plus the ascent below the line box's top.
        baseline = (height - face.ascent - face.descent) / 2 + face.ascent
        for line in _wrap(face, text, width, size):
            if self.y + height * size > BOTTOM:
                raise DoesNotFit
            self.sheet.text(element, x, self.y + baseline * size, line, face, size, grey)
            self.y += height * size

    def page(self, qr: list[list[bool]]) -> Page:
        t, sheet = self.t, self.sheet
        top = TOP
        sheet.image(
            sheet.element("Figure", alt=t["alt"]),
            LEFT + BORDER + PADDING,
            top + BORDER + PADDING,
            QR,
            qr,
        )
        self.y = top + BORDER + PADDING
        self.lines(sheet.element("H1"), t["name"], TEXT_LEFT, TEXT_WIDTH, 24, bold=True, height=1.1)
        self.y += 2 * MM
        if t["organisation"]:
            self.lines(sheet.element("P"), t["organisation"], TEXT_LEFT, TEXT_WIDTH, 13)
            self.y += 5 * MM
        self.lines(sheet.element("P"), t["event"], TEXT_LEFT, TEXT_WIDTH, 16, bold=True)
        self.y += 1 * MM
        when = sheet.element("P")
        for line in t["when"]:
            self.lines(when, line, TEXT_LEFT, TEXT_WIDTH, 13)
        for venue in t["where"]:
            self.y += 1 * MM
            self.lines(sheet.element("P"), venue, TEXT_LEFT, TEXT_WIDTH, 13)
        self.y += 4 * MM  # .code's top margin; the 1 mm above collapses into it
        self.lines(sheet.element("P"), t["code"], TEXT_LEFT, TEXT_WIDTH, 10, grey=GREY)
        bottom = max(self.y + PADDING + BORDER, top + PASS_HEIGHT)
        sheet.box(LEFT, top, CONTENT, bottom - top, line=BORDER, radius=4 * MM)
        self.y = bottom + 9 * MM
        self.lines(sheet.element("H2"), t["heading"], LEFT, CONTENT, 14, bold=True)
        self.y += 1 * MM
        sheet.rule(LEFT, self.y, CONTENT, line=0.5 * MM, grey=INK)
        self.y += 0.5 * MM + 2 * MM
        self._workshops()
        self.y += 8 * MM
        self.lines(sheet.element("P"), t["hint"], LEFT, CONTENT, 10, grey=GREY)
        return sheet

    def _workshops(self) -> None:
        sheet = self.sheet
        if not self.t["sessions"]:
            self.y += 11 - 2 * MM  # the paragraph's 1em margin; the heading's 2 mm collapse in
            self.lines(sheet.element("P"), self.t["none"], LEFT, CONTENT, 11)
            self.y += max(0.0, 11 - 8 * MM)
            return
        listing = sheet.element("L")
        for when, title, room in self.t["sessions"]:
            item = sheet.element("LI", listing)
            self.y += 2 * MM
            top = self.y
            if when:
                self.lines(sheet.element("Lbl", item), when, LEFT, 32 * MM, 11)
            self.y = top
            body = sheet.element("LBody", item)
            self.lines(body, title, LEFT + 32 * MM, CONTENT - 32 * MM, 11, bold=True)
            if room:
                self.lines(body, room, LEFT + 32 * MM, CONTENT - 32 * MM, 11)
            self.y += 2 * MM
            sheet.rule(LEFT, self.y, CONTENT, line=0.3 * MM, grey=0.6)
            self.y += 0.3 * MM


def _wrap(face: Font, text: str, width: float, size: float) -> list[str]:
    """Greedy line breaking at spaces; a word wider than the line does not fit."""
    space = face.width(" ", size)
    lines: list[list[str]] = [[]]
    used = 0.0
    for word in text.split(" "):
        wide = face.width(word, size)
        if wide > width:
            raise DoesNotFit
        if lines[-1] and used + space + wide > width:
            lines.append([])
            used = 0.0
        used += (space if lines[-1] else 0.0) + wide
        lines[-1].append(word)
    return [" ".join(words) for words in lines]
