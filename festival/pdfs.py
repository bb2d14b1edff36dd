"""Every PDF made from HTML (reports, invoices, badge sheets, rosters, privacy exports, tickets
the direct drawing cannot do) goes through `from_html`: a tagged PDF/UA-1 by WeasyPrint.

WeasyPrint is imported on the first PDF, not when the app loads: it is about 43 MB of a web
process that renders PDFs only on demand (the job process renders the rest), and the web
process stays under its 100 MiB this way. This module is the one place that imports it.

Renders run on one thread of their own, off the event loop (`render`): pages, registrations
and scans keep answering while a PDF renders. One thread, because renders share WeasyPrint's
font configuration and are CPU-bound under one GIL anyway; the thread sees the caller's
context (language, clock)."""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from festival.templating import TEMPLATE_DIR

_renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="festival-pdf")


async def render(function: Callable[..., bytes], *args: Any, **kwargs: Any) -> bytes:
    """`function(*args, **kwargs)` on the PDF thread, in a copy of the caller's context."""
    call = functools.partial(contextvars.copy_context().run, function, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_renderer, call)


def from_html(html: str, *, stylesheet: Path | None = None) -> bytes:
    """`html` (images and CSS found from templates/) as a tagged PDF/UA-1, with `stylesheet`
    (parsed once per process) as well as the document's own styles."""
    from weasyprint import HTML  # see the module's docstring: not at import time

    sheets = [_stylesheet(stylesheet)] if stylesheet is not None else None
    content: bytes = HTML(string=html, base_url=str(TEMPLATE_DIR)).write_pdf(
        stylesheets=sheets, font_config=_font_config(), pdf_variant="pdf/ua-1", pdf_tags=True
    )
    return content


@functools.cache
def _font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def _stylesheet(path: Path) -> Any:
    # Parsing a stylesheet on every render cost about 2 ms per ticket.
    from weasyprint import CSS

    return CSS(filename=str(path), font_config=_font_config())
