"""The evaluation report in a real browser: axe-core (WCAG 2.1 AA) on the organisers' page, in
Dutch and English, and on a 390 px phone without sideways scrolling; asking for the PDF works
without JavaScript."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, Page

from tests.browser.axe import check_a11y, login
from tests.browser.conftest import LiveServer
from tests.browser.vnu import PageLog

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

REPORT = "/admin/events/dld-demo/report"


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_report_page_is_accessible(page: Page, live_server: LiveServer, lang: str) -> None:
    await login(page, "organisator@demo.festival.nl")
    response = await page.goto(f"{REPORT}?lang={lang}")
    assert response is not None and response.status == 200, live_server.log_tail()
    assert await page.locator("h1").count() == 1
    assert await page.locator("svg[role=img]").count() >= 1
    await check_a11y(page)


async def test_report_pdf_is_asked_for_without_javascript(
    browser: Browser, live_server: LiveServer, page_log: PageLog
) -> None:
    context = await browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    page_log.record(context)
    try:
        phone = await context.new_page()
        await login(phone, "organisator@demo.festival.nl")
        await phone.goto(REPORT)
        widths = await phone.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert widths[0] <= widths[1], f"the report scrolls sideways: {widths[0]} > {widths[1]}"
        async with phone.expect_navigation():
            await phone.click("button:has-text('Maak een nieuwe PDF')")
        assert phone.url.endswith(REPORT)
        assert await phone.locator("#report-runs tbody tr").count() >= 1  # (axe needs JS: above)
    finally:
        await page_log.settle()
        await context.close()
