"""The feedback results pages of the demo's 2026 edition in a real browser on a phone (390 px):
axe-core finds nothing, no horizontal scrolling of the page, charts carry a text alternative."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from tests.browser.axe import check_a11y, login
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


async def _fits(page: Page) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


async def test_organiser_results_pages_on_a_phone(page: Page) -> None:
    await page.set_viewport_size(PHONE)
    await login(page, "organisator@demo.festival.nl")
    response = await page.goto("/admin/events/dld-demo-2026/feedback/results")
    assert response is not None and response.status == 200
    assert await page.locator("svg[role=img] desc").count() >= 1
    await check_a11y(page)
    await _fits(page)
    await page.get_by_role("link", name="Raad op Zaterdag: zo organiseert u het").click()
    assert await page.locator("h1").inner_text() == "Raad op Zaterdag: zo organiseert u het"
    await check_a11y(page)
    await _fits(page)
    await page.goto("/admin/events/dld-demo-2026/feedback/results/suggestions")
    await check_a11y(page)
    await _fits(page)


async def test_partner_results_on_a_phone(page: Page) -> None:
    await page.set_viewport_size(PHONE)
    await login(page, "partner@demo.festival.nl")
    await page.goto("/partners/results")
    await check_a11y(page)
    await page.get_by_role("link", name="Raad op Zaterdag: zo organiseert u het").first.click()
    assert await page.locator("h1").inner_text() == "Raad op Zaterdag: zo organiseert u het"
    await check_a11y(page)
    await _fits(page)
