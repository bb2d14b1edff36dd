"""No third parties: Chromium walks the pages every demo role reaches through links (like the
crawl: each route template once), and every request those pages make (styles, scripts, images,
fonts, frames, fetches) goes to festival's own origin. Requests elsewhere are recorded and
aborted, never sent; CSP is bypassed so a page that tries is seen trying."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.async_api import Browser, Error, Page, Request, Route

from festival.app import create_app
from festival.settings import Settings
from tests.browser import vnu
from tests.browser.axe import login
from tests.browser.conftest import LiveServer
from tests.crawl import FILE_PATH, app_routes, route_of

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

ROLES = [
    None,  # not logged in
    "owner@demo.festival.nl",
    "organisator@demo.festival.nl",
    "beoordelaar@demo.festival.nl",
    "balie@demo.festival.nl",
    "partner@demo.festival.nl",
    "admin@demo.festival.nl",
]
SEEDS = ["/", "/events/dld-demo", "/events/dld-demo/programme", "/agenda", "/kennisbank", "/scan"]
# Links not followed: leaving the session, the language switch (the same pages again).
SKIP = ("/logout", "lang=")


def _own(url: str, origin: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" == origin


async def _links(page: Page, origin: str) -> list[str]:
    hrefs = await page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if _own(href, origin) and parts.scheme.startswith("http"):
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not any(skip in path for skip in SKIP) and not FILE_PATH.search(parts.path):
                found.append(path)
    return found


async def test_every_page_reached_requests_only_its_own_origin(
    browser: Browser, live_server: LiveServer, page_log: vnu.PageLog
) -> None:
    origin = live_server.url
    routes = app_routes(create_app(Settings(secret_key="x" * 40)))
    seen_routes: set[str] = set()
    elsewhere: list[tuple[str, str]] = []  # (page, request)
    requests = 0
    current = {"page": ""}  # the page being walked, for the message

    for email in ROLES:
        context = await browser.new_context(base_url=origin, bypass_csp=True, locale="nl-NL")
        context.set_default_timeout(20_000)
        page_log.record(context)

        async def guard(route: Route, request: Request) -> None:
            nonlocal requests
            requests += 1
            if _own(request.url, origin):
                await route.continue_()
            else:
                elsewhere.append((current["page"], request.url))
                await route.abort()

        await context.route("**/*", guard)
        page = await context.new_page()
        try:
            if email is not None:
                await login(page, email)
            queue = [urlsplit(page.url).path] if email else list(SEEDS)
            visited: set[str] = set()
            while queue:
                path = queue.pop(0)
                route = route_of(routes, urlsplit(path).path)
                if path in visited or route is None or route.path in seen_routes:
                    continue
                visited.add(path)
                seen_routes.add(route.path)
                current["page"] = f"{email or 'anonymous'} {path}"
                try:
                    response = await page.goto(path, wait_until="load")
                except Error as error:
                    if "Download is starting" in str(error):  # an attachment: no page
                        continue
                    raise
                if response is None or "text/html" not in response.headers.get("content-type", ""):
                    continue
                queue += [link for link in await _links(page, origin) if link not in visited]
        finally:
            await page_log.settle()
            await context.close()

    # the guard sees what a page would fetch elsewhere (here: one planted by this test)
    probe = await browser.new_context(base_url=origin, bypass_csp=True)
    await probe.route("**/*", guard)
    tab = await probe.new_page()
    await tab.goto("/events/dld-demo")
    current["page"] = "probe"
    await tab.evaluate("() => fetch('https://cdn.example.org/font.woff2').catch(() => null)")
    await probe.close()
    assert elsewhere.pop() == ("probe", "https://cdn.example.org/font.woff2")
    assert elsewhere == [], "requests to other origins:\n" + "\n".join(
        f"  {page}: {url}" for page, url in elsewhere
    )
    # the walk really went round: the public pages, the back office, the partner portal
    assert len(seen_routes) > 60, sorted(seen_routes)
    assert {"/events/{slug}", "/admin", "/partners", "/scan"} <= seen_routes
    assert requests > len(seen_routes)  # pages and their styles, scripts and images
