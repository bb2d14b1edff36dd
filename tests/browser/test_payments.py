"""Paying for a ticket on a phone: the demo's paid ticket goes to the local Stripe double's
checkout page, "Betalen (test)" pays (a signed webhook to the app), and the return page says
paid. axe finds nothing on the pages on the way."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from tests.browser.axe import check_a11y
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


async def _next(page: Page, label: str = "Volgende stap") -> None:
    async with page.expect_navigation():
        await page.get_by_role("button", name=label, exact=True).click()
    assert await page.locator(".notice-error").count() == 0, await page.inner_text("main")


async def test_pay_for_a_ticket_on_a_phone(phone: Page) -> None:
    await phone.goto("/events/dld-demo/register")
    await phone.get_by_label("Lunch en excursie", exact=False).check()
    await phone.get_by_label("Met hoeveel personen komt u?").fill("1")
    await _next(phone)
    await phone.fill("#attendees-0-name", "Fleur Bakker")
    await phone.fill("#attendees-0-email", "fleur.bakker@gemeente-zeist.nl")
    await _next(phone)
    if await phone.inner_text("h1") == "Kies workshops":
        await _next(phone)
    await phone.get_by_label("Ik geef toestemming", exact=False).check()
    await _next(phone, "Aanmelding versturen")
    # on the Stripe double's checkout page
    assert "/_stripe-test/pay/" in phone.url
    assert "Betalen (testomgeving)" in await phone.inner_text("h1")
    await check_a11y(phone)
    async with phone.expect_navigation():
        await phone.get_by_role("button", name="Betalen (test)").click()
    assert "/betaling" in phone.url
    assert await phone.inner_text("h1") == "Betaald. U bent aangemeld!"
    await check_a11y(phone)
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    async with phone.expect_navigation():
        await phone.get_by_role("link", name="Naar uw aanmelding").click()
    assert "aangemeld" in await phone.inner_text("main")
    await check_a11y(phone)
