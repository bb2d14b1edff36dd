"""HTML validity for the browser tests: every HTML page a browser test receives is kept as sent
by the server, and the Nu HTML Checker (vnu.jar, npm `vnu-jar`, run with Java) checks them all in
one run at the end of the session. axe sees the parsed DOM; vnu sees the markup, so it catches
what the parser silently repairs (a lost space between attributes, a stray end tag)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import BrowserContext, Response

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
VNU_TIMEOUT = 600.0


def java() -> str | None:
    return shutil.which("java")


@dataclass
class PageLog:
    """The distinct HTML documents the browser tests received, with the URL of each."""

    pages: dict[str, tuple[str, str]] = field(default_factory=dict)  # digest -> (url, html)
    _pending: set[asyncio.Task[None]] = field(default_factory=set)

    def record(self, context: BrowserContext) -> None:
        """Keep every HTML document (main frame, not a redirect) that `context` receives."""
        context.on("response", self._on_response)

    def _on_response(self, response: Response) -> None:
        request = response.request
        content_type = response.headers.get("content-type", "")
        if request.resource_type != "document" or "text/html" not in content_type:
            return
        if 300 <= response.status < 400:
            return  # a redirect has no body
        task = asyncio.get_running_loop().create_task(self._keep(response))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _keep(self, response: Response) -> None:
        try:
            html = await response.text()
        except Exception:  # the page was closed before its body was read
            return
        digest = hashlib.sha256(html.encode()).hexdigest()
        self.pages.setdefault(digest, (response.url, html))

    async def settle(self) -> None:
        """Wait for the bodies still being read (call before closing a context)."""
        if self._pending:
            await asyncio.gather(*list(self._pending), return_exceptions=True)


def validate(pages: dict[str, tuple[str, str]], folder: Path) -> list[str]:
    """Run vnu once over all pages; return one line per error ("URL:line:col: message")."""
    if not pages:
        return []
    urls: dict[str, str] = {}  # file name -> URL
    for index, (url, html) in enumerate(pages.values()):
        path = folder / f"page{index:04d}.html"
        path.write_text(html, encoding="utf-8")
        urls[path.name] = url
    java_bin = java()
    assert java_bin is not None
    files = sorted(str(path) for path in folder.glob("page*.html"))
    done = subprocess.run(
        [
            java_bin,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=VNU_TIMEOUT,
        check=False,
    )
    try:
        messages = json.loads(done.stderr or done.stdout)["messages"]
    except (ValueError, KeyError):
        return [f"vnu failed ({done.returncode}): {done.stderr[-2000:]}"]
    errors = []
    for message in messages:
        reported = str(message.get("url", "?"))
        where = urls.get(reported.rsplit("/", 1)[-1], reported)
        line = message.get("lastLine", "?")
        column = message.get("firstColumn", message.get("lastColumn", "?"))
        extract = " ".join(str(message.get("extract", "")).split())
        errors.append(f"{where}:{line}:{column}: {message['message']} [{extract}]")
    return errors
