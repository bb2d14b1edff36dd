"""The ticket PDF: templates/tickets/ticket.html rendered by WeasyPrint (imported lazily: slow)."""

from __future__ import annotations

from functools import cache
from typing import Any

from festival import i18n, templating
from festival.templating import TEMPLATE_DIR


def ticket_html(document: dict[str, Any]) -> str:
    """The ticket as standalone HTML, in the registration's language."""
    with i18n.language(document["language"]):
        return templating.environment.get_template("tickets/ticket.html").render({"t": document})


@cache
def _font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(document: dict[str, Any]) -> bytes:
    """PDF bytes of one ticket document (see services.ticket_document)."""
    from weasyprint import HTML

    html = HTML(string=ticket_html(document), base_url=str(TEMPLATE_DIR))
    content: bytes = html.write_pdf(font_config=_font_config())
    return content
