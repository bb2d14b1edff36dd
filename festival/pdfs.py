"""Every PDF (tickets, badge sheets, workshop rosters) is rendered by WeasyPrint on one thread of
its own, off the event loop: pages, registrations and scans keep answering while a PDF renders
(with jobs in the web process, the embedded default, a ticket render used to hold every request
for its 30 ms). One thread, because renders share WeasyPrint's font configuration and are
CPU-bound under one GIL anyway; the thread sees the caller's context (language, clock)."""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

_renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="festival-pdf")


async def render(function: Callable[..., bytes], *args: Any, **kwargs: Any) -> bytes:
    """`function(*args, **kwargs)` on the PDF thread, in a copy of the caller's context."""
    call = functools.partial(contextvars.copy_context().run, function, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_renderer, call)
