"""A partner submits a proposal in a real browser, an organiser accepts it and sends the
decision mail, and the partner confirms: every page passes axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from tests.browser.axe import check_a11y, login
from tests.browser.conftest import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

TITLE = "Browsertest: inwoners aan het woord"


async def test_partner_submits_and_organiser_accepts(page: Page, live_server: LiveServer) -> None:
    await login(page, "partner@demo.festival.nl")
    await page.goto("/partners")
    await check_a11y(page)
    await page.get_by_role("link", name="Dag van de Lokale Democratie 2027").click()
    await check_a11y(page)
    await page.get_by_role("link", name="Nieuw voorstel").click()
    await check_a11y(page)
    await page.fill("#title", TITLE)
    await page.fill("#summary", "Inwoners vertellen wat zij van de raad verwachten.")
    await page.fill("#description", "Een gesprek in kleine groepen, met <b>echte</b> voorbeelden.")
    await page.select_option("#format", "workshop")
    await page.fill("#duration_minutes", "60")
    await page.check("input[name=audiences][value=inwoners]")
    await page.fill("#answer_q1", "Drie werkvormen voor het gesprek met inwoners.")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Opslaan").click()
    assert "/partners/proposals/" in page.url, live_server.log_tail()
    proposal_url = page.url
    await check_a11y(page)
    async with page.expect_navigation():
        await page.get_by_role("button", name="Voorstel indienen").click()
    assert await page.get_by_text("Het voorstel is ingediend.").count() == 1
    assert "Status: Ingediend" in await page.locator("main").inner_text()

    await page.context.clear_cookies()
    await login(page, "organisator@demo.festival.nl")
    await page.goto("/admin/events/dld-demo/cfp/proposals")
    await check_a11y(page)
    await page.get_by_label(f"Kies {TITLE}").check()
    await page.check("input[name=decision][value=accept]")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Besluit vastleggen").click()
    await page.goto("/admin/events/dld-demo/cfp/mails")
    await check_a11y(page)
    assert await page.get_by_text(f'Uw voorstel "{TITLE}" is geaccepteerd').count() == 1
    async with page.expect_navigation():
        await page.get_by_role("button", name="Alle besluitmails versturen").click()
    assert await page.get_by_text("1 e-mail staat in de outbox en wordt verstuurd.").count() == 1

    await page.context.clear_cookies()
    await login(page, "partner@demo.festival.nl")
    await page.goto(proposal_url)
    async with page.expect_navigation():
        await page.get_by_role("button", name="Deelname bevestigen").click()
    assert await page.get_by_text("Uw deelname is bevestigd.").count() == 1
    assert "Status: Bevestigd" in await page.locator("main").inner_text()
