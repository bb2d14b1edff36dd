"""The knowledge archive on a phone (390x844): search with the plain GET form (no script
needed), open a result, and axe reports nothing on either page."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page

from tests.browser import vnu
from tests.browser.axe import check_a11y
from tests.browser.conftest import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

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


async def test_archive_search_on_a_phone(phone: Page) -> None:
    await phone.goto("/kennisbank")
    assert await phone.inner_text("h1") == "Kennisbank: wat werkt in de lokale democratie?"
    await phone.get_by_label("Zoekwoorden").fill("burgerberaad")
    await phone.get_by_label("Werkt het?").select_option("werkt")
    async with phone.expect_navigation():
        await phone.get_by_role("button", name="Zoeken").click()
    assert "outcome=werkt" in phone.url
    assert await phone.inner_text("#results-heading") == "1 sessie gevonden"
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    await check_a11y(phone)

    async with phone.expect_navigation():
        await phone.locator(".card-list a").first.click()
    assert await phone.inner_text("h1") == "Burgerberaad in uw gemeente: van loting tot advies"
    assert "Werkt" in await phone.inner_text("#outcome-heading + dl")
    await check_a11y(phone)
