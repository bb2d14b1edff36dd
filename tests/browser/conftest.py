"""Browser tests: the real app served by uvicorn on 127.0.0.1 (a fresh SQLite file with the demo
loaded), driven by the Debian Chromium through Playwright, with axe-core on every page, and the
Nu HTML Checker over every HTML page any browser test received (once, at the end of the session).

Outside CI the tests skip when Chromium or axe-core is missing; in CI (CI set) they fail instead.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from tests.browser import vnu
from tests.browser.axe import AXE_PATH
from tests.servers import free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 60.0


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def _missing_tools() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (Debian package chromium)")
    if not AXE_PATH.exists():
        missing.append(f"{AXE_PATH} (run ./scripts/test, or npm install)")
    if not vnu.VNU_JAR.exists():
        missing.append(f"{vnu.VNU_JAR} (run ./scripts/test, or npm install --ignore-scripts)")
    if vnu.java() is None:
        missing.append("java (Debian package default-jre-headless)")
    return missing


@pytest.fixture(scope="session")
def browser_tools() -> None:
    missing = _missing_tools()
    if not missing:
        return
    reason = "browser tests need " + " and ".join(missing)
    if os.environ.get("CI"):
        pytest.fail(reason + " (CI is set, so this fails instead of skipping)")
    pytest.skip(reason)


@dataclass(frozen=True)
class LiveServer:
    url: str
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's output, for failure messages (the full log stays on disk)."""
        tail = self.log.read_text(errors="replace").splitlines()[-lines:]
        return "\n".join([f"(last {lines} lines of {self.log})", *tail])


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text(errors="replace")
            pytest.fail(f"the app exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback URL)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    output = log.read_text(errors="replace")
    pytest.fail(f"{url} did not answer within {SERVER_START_TIMEOUT:.0f} s:\n{output}")


@contextlib.contextmanager
def demo_server(data_dir: Path) -> Iterator[LiveServer]:
    """The app in a uvicorn subprocess on a fresh SQLite file in `data_dir` with the demo loaded;
    stopped on leaving. Never the suite's PostgreSQL/Redis: it owns a throwaway database."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {key: value for key, value in os.environ.items() if not key.startswith("FESTIVAL_")}
    env.update(
        FESTIVAL_ENV="development",
        FESTIVAL_DATA_DIR=str(data_dir),
        FESTIVAL_DATABASE_URL=f"sqlite://{data_dir}/festival.sqlite3",
        FESTIVAL_BASE_URL=base_url,
        FESTIVAL_STRIPE_DOUBLE="1",  # the demo's paid ticket pays through the local double
    )
    demo = subprocess.run(
        [sys.executable, "-m", "festival.cli", "demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if demo.returncode != 0:
        pytest.fail(f"`festival demo` failed ({demo.returncode}):\n{demo.stdout}\n{demo.stderr}")
    log = data_dir / "server.log"
    command = ["-m", "uvicorn", "festival.asgi:app", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, *command, "--no-access-log"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        # the web process queues jobs in the database; a job process runs them, as beside
        # `festival serve`
        job_process = subprocess.Popen(
            [sys.executable, "-m", "festival", "worker"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(f"{base_url}/healthz", process, log)
        yield LiveServer(url=base_url, log=log)
    finally:
        for running in (process, job_process):
            running.terminate()
            try:
                running.wait(timeout=10)
            except subprocess.TimeoutExpired:
                running.kill()
                running.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server(
    browser_tools: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """The app in a uvicorn subprocess on a fresh SQLite file with the demo loaded."""
    with demo_server(tmp_path_factory.mktemp("browser-app")) as server:
        yield server


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser(browser_tools: None) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture(scope="session")
def page_log() -> vnu.PageLog:
    """Every HTML page the browser tests receive; a test with its own context calls record()."""
    return vnu.PageLog()


@pytest.fixture(scope="session", autouse=True)
def html_is_valid(
    page_log: vnu.PageLog, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """After the last browser test: zero Nu HTML Checker errors on all the pages they received."""
    yield
    if not page_log.pages or _missing_tools():
        return
    errors = vnu.validate(page_log.pages, tmp_path_factory.mktemp("vnu"))
    if errors:
        pytest.fail(
            f"{len(errors)} HTML error(s) in {len(page_log.pages)} pages (Nu HTML Checker):\n"
            + "\n".join(errors),
            pytrace=False,
        )


@pytest_asyncio.fixture(loop_scope="session")
async def context(
    browser: Browser, live_server: LiveServer, page_log: vnu.PageLog
) -> AsyncIterator[BrowserContext]:
    # bypass_csp: axe-core is injected as an inline script, which the app's CSP forbids.
    ctx = await browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    ctx.set_default_timeout(15_000)
    page_log.record(ctx)
    try:
        yield ctx
    finally:
        await page_log.settle()
        await ctx.close()


# A phone-sized screen (an iPhone 12-15 in CSS pixels), for the pages people use on the spot.
PHONE = {"width": 390, "height": 844}


@pytest_asyncio.fixture(loop_scope="session")
async def phone(
    browser: Browser, live_server: LiveServer, page_log: vnu.PageLog
) -> AsyncIterator[Page]:
    context = await browser.new_context(
        base_url=live_server.url,
        bypass_csp=True,
        locale="nl-NL",
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    page_log.record(context)
    tab = await context.new_page()
    try:
        yield tab
    finally:
        await page_log.settle()
        await context.close()


@pytest_asyncio.fixture(loop_scope="session")
async def page(context: BrowserContext) -> AsyncIterator[Page]:
    tab = await context.new_page()
    yield tab
    await tab.close()
