"""Pictograms for session formats and practical help (static/icons/*.svg, drawn for festival),
inlined as decorative SVG: hidden from screen readers, always shown beside their text."""

from __future__ import annotations

from markupsafe import Markup

from festival.programme.models import Accessibility, SessionFormat
from festival.templating import ROOT

ICON_DIR = ROOT / "static" / "icons"
_SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
_INLINE_OPEN = (
    '<svg class="pictogram pictogram-{name}" aria-hidden="true" focusable="false" '
    'viewBox="0 0 24 24" width="20" height="20">'
)


def _inline(name: str) -> Markup:
    """The icon file as inline SVG; a file without the expected opening tag fails at start."""
    svg = (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8").strip()
    if not svg.startswith(_SVG_OPEN):
        raise ValueError(f"static/icons/{name}.svg does not start with {_SVG_OPEN}")
    return Markup(_INLINE_OPEN.format(name=name) + svg.removeprefix(_SVG_OPEN))  # noqa: S704 - our own files


FOOD = _inline("food")
# Keys: the Accessibility values, and "format-" + each SessionFormat value (one dict, so the
# cached session cards take a single `icons` argument).
PICTOGRAMS: dict[str, Markup] = {a.value: _inline(f"access-{a.value}") for a in Accessibility}
PICTOGRAMS |= {
    f"format-{f.value}": FOOD if f == SessionFormat.BREAK else _inline(f"format-{f.value}")
    for f in SessionFormat
}
PICTOGRAMS["food"] = FOOD
