"""The knowledge archive on a phone (390x844): search with the plain GET form (no script
needed), open a result, and axe reports nothing on either page."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from tests.browser.axe import check_a11y
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


async def test_archive_search_on_a_phone(phone: Page) -> None:
    await phone.goto("/kennisbank")
    assert await phone.inner_text("h1") == "Kennisbank: wat werkt in de lokale democratie?"
    await phone.get_by_label("Zoekwoorden").fill("burgerberaad")
    await phone.get_by_label("Werkt het?").select_option("werkt")
    async with phone.expect_navigation():
        await phone.get_by_role("button", name="Zoeken").click()
    assert "outcome=werkt" in phone.url
    # The Testlab of this edition and the one of 2026 it repeats.
    assert await phone.inner_text("#results-heading") == "2 sessies gevonden"
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    await check_a11y(phone)

    async with phone.expect_navigation():
        await phone.locator(".card-list a").first.click()
    assert await phone.inner_text("h1") == "Burgerberaad in uw gemeente: van loting tot advies"
    assert "Werkt" in await phone.inner_text("#outcome-heading + dl")
    await check_a11y(phone)


async def test_archive_evaluation_summary_on_a_phone(phone: Page) -> None:
    await phone.goto("/kennisbank?q=zaterdag+organiseert&year=2026")
    async with phone.expect_navigation():
        await phone.get_by_role("link", name="Raad op Zaterdag: zo organiseert u het").click()
    summary = await phone.inner_text("#evaluation-heading + p")
    assert summary.endswith("deelnemers vulden de evaluatie in.")
    assert await phone.locator("section[aria-labelledby=evaluation-heading] table").count() == 2
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    await check_a11y(phone)
