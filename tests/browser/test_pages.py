"""Public and organiser pages in a real browser: status, axe-core (WCAG 2.1 AA), phone layout,
keyboard."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from playwright.async_api import Browser, Error, Page

from tests.browser.axe import axe_violations, check_a11y, describe_violations, login
from tests.browser.conftest import LiveServer
from tests.browser.vnu import PageLog

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

MAX_CRAWL_PAGES = 60
SKIPPED_PREFIXES = ("/logout", "/static", "/api/")
NOT_HTML_SUFFIXES = (".pdf", ".ics", ".xml", ".json", ".csv", ".zip", ".png", ".svg", ".eml")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/events/dld-demo", 200),
        ("/events/dld-demo?lang=en", 200),
        ("/login", 200),
        ("/bestaat-niet", 404),
    ],
    ids=["home", "event", "event-en", "login", "not-found"],
)
async def test_public_page_is_accessible(
    page: Page, live_server: LiveServer, path: str, status: int
) -> None:
    response = await page.goto(path)
    assert response is not None
    assert response.status == status, live_server.log_tail()
    assert await page.locator("h1").count() == 1
    await check_a11y(page)


async def test_event_page_in_english_says_so(page: Page) -> None:
    await page.goto("/events/dld-demo?lang=en")
    assert await page.get_attribute("html", "lang") == "en"


def _crawlable(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return False
    if parts.path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(NOT_HTML_SUFFIXES):
        return False
    return "lang=" not in parts.query  # the language switch is covered by the public pages


async def _links(page: Page) -> list[str]:
    hrefs: list[str] = await page.eval_on_selector_all(
        "a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    return [urldefrag(urljoin(page.url, href)).url for href in hrefs]


async def test_organiser_pages_are_accessible(page: Page, live_server: LiveServer) -> None:
    await login(page, "organisator@demo.festival.nl")
    start = f"{live_server.url}/admin"
    queue, seen, problems = [start], {start}, []
    visited = 0
    while queue and visited < MAX_CRAWL_PAGES:
        url = queue.pop(0)
        try:
            response = await page.goto(url)
        except Error as error:  # a download (PDF, CSV) instead of a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited += 1
        if response.status >= 400:
            problems.append(f"{url}: HTTP {response.status}")
            continue
        violations = await axe_violations(page)
        if violations:
            problems.append(describe_violations(url, violations))
        for link in await _links(page):
            if link not in seen and _crawlable(link, live_server.url):
                seen.add(link)
                queue.append(link)
    assert visited >= 1
    if problems:
        pytest.fail(
            f"{len(problems)} of {visited} organiser pages fail:\n"
            + "\n".join(problems)
            + "\n\nserver log:\n"
            + live_server.log_tail(),
            pytrace=False,
        )


@pytest.mark.parametrize("path", ["/", "/events/dld-demo"], ids=["home", "event"])
async def test_page_on_a_phone_has_no_horizontal_scroll(
    browser: Browser, live_server: LiveServer, page_log: PageLog, path: str
) -> None:
    context = await browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page_log.record(context)
    try:
        phone = await context.new_page()
        response = await phone.goto(path)
        assert response is not None
        assert response.status == 200, live_server.log_tail()
        widths = await phone.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert widths[0] <= widths[1], f"{path} scrolls sideways: {widths[0]} px > {widths[1]} px"
    finally:
        await page_log.settle()
        await context.close()


async def test_first_tab_focuses_a_visible_skip_link(page: Page) -> None:
    await page.goto("/")
    await page.keyboard.press("Tab")
    focused = await page.evaluate(
        """() => {
            const el = document.activeElement;
            const box = el.getBoundingClientRect();
            return {href: el.getAttribute('href'), left: box.left, top: box.top,
                    width: box.width, height: box.height, inner: window.innerWidth};
        }"""
    )
    assert focused["href"] == "#main"
    assert focused["width"] > 0
    assert focused["height"] > 0
    assert 0 <= focused["left"] < focused["inner"]
    assert focused["top"] >= 0
    await page.keyboard.press("Enter")
    assert await page.evaluate("() => document.activeElement.id") == "main"


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_public_pages_are_accessible(page: Page, live_server: LiveServer, lang: str) -> None:
    """Every public page reachable from the event page (the programme, each session and speaker,
    the changes, registration): no HTTP error, no axe violation; vnu checks their HTML."""
    await page.goto(f"/events/dld-demo?lang={lang}")
    start = f"{live_server.url}/events/dld-demo"
    queue, seen, problems, visited = [start], {start}, [], 0
    while queue and visited < MAX_CRAWL_PAGES:
        url = queue.pop(0)
        response = await page.goto(url)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited += 1
        if response.status >= 400:
            problems.append(f"{url}: HTTP {response.status}")
            continue
        if visited <= 12:  # axe on the first pages of each kind; vnu sees all of them
            violations = await axe_violations(page)
            if violations:
                problems.append(describe_violations(url, violations))
        for link in await _links(page):
            if link not in seen and _crawlable(link, live_server.url) and "/admin" not in link:
                seen.add(link)
                queue.append(link)
    assert visited > 20
    assert problems == [], "\n".join(problems)


async def test_registration_form_with_errors_is_accessible(page: Page) -> None:
    await page.goto("/events/dld-demo/register")
    await page.check("input[name=ticket_type] >> nth=0")
    await page.click("main button[type=submit]:not([formnovalidate])")
    await page.wait_for_selector("input[name='attendees.0.name']")
    # Empty required fields: the server answers with the messages (the browser check is off).
    await page.eval_on_selector("main form", "form => form.noValidate = true")
    await page.click("main button[type=submit]:not([formnovalidate])")
    await page.wait_for_selector("#form-error")
    assert await page.get_attribute("input[name='attendees.0.name']", "aria-invalid") == "true"
    assert await page.get_attribute("input[name='attendees.0.name']", "required") == ""
    await check_a11y(page)
