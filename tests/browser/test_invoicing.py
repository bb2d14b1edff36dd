"""Invoicing in a real browser: axe-core (WCAG 2.1 AA) on the organiser's invoices page in Dutch
and English and on the seller form; on a 390 px phone the invoices page does not scroll
sideways and the billing step of a pay-on-invoice registration works without JavaScript."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, Page

from tests.browser.axe import check_a11y, login
from tests.browser.conftest import PHONE, LiveServer
from tests.browser.vnu import PageLog

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

INVOICES = "/admin/events/dld-demo/invoices"


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_invoices_page_is_accessible(page: Page, live_server: LiveServer, lang: str) -> None:
    await login(page, "owner@demo.festival.nl")
    response = await page.goto(f"{INVOICES}?lang={lang}")
    assert response is not None and response.status == 200, live_server.log_tail()
    assert await page.locator("#invoices tbody tr").count() == 4  # the demo's invoices
    assert await page.locator("#invoices .badge-warn").count() == 1  # one overdue
    await check_a11y(page)
    await page.goto("/admin/events/dld-demo/invoices/seller")
    assert await page.input_value("#iban") == "NL91ABNA0417164300"
    await check_a11y(page)


async def test_invoices_page_and_billing_step_on_a_phone_without_javascript(
    browser: Browser, live_server: LiveServer, page_log: PageLog
) -> None:
    context = await browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
        locale="nl-NL",
    )
    page_log.record(context)
    try:
        phone = await context.new_page()
        await phone.goto("/events/dld-demo/register")
        ticket = phone.locator("label", has_text="Gemeenten en raden (betalen op factuur)")
        assert await ticket.count() == 1, await phone.inner_text("main")
        await ticket.click()
        async with phone.expect_navigation():
            await phone.get_by_role("button", name="Volgende stap", exact=True).click()
        await phone.fill("#attendees-0-name", "Griet Griffier")
        await phone.fill("#attendees-0-email", "griet@zeist.nl")
        await phone.fill("#billing-organisation_name", "Gemeente Zeist")
        await phone.fill("#billing-address", "Het Rond 1")
        await phone.fill("#billing-postcode", "3701hs")
        await phone.fill("#billing-city", "Zeist")
        await phone.fill("#billing-invoice_email", "facturen@zeist.nl")
        async with phone.expect_navigation():
            await phone.get_by_role("button", name="Volgende stap", exact=True).click()
        assert await phone.inner_text("h1") == "Kies workshops", await phone.inner_text("main")
        async with phone.expect_navigation():
            await phone.get_by_role("button", name="Volgende stap", exact=True).click()
        main = await phone.inner_text("main")
        assert "Factuurgegevens" in main and "3701 HS Zeist" in main, main
        widths = await phone.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert widths[0] <= widths[1], f"the step scrolls sideways: {widths[0]} > {widths[1]}"
        await login(phone, "organisator@demo.festival.nl")
        await phone.goto(INVOICES)
        widths = await phone.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert widths[0] <= widths[1], f"the invoices scroll sideways: {widths[0]} > {widths[1]}"
    finally:
        await page_log.settle()
        await context.close()
