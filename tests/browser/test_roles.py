"""Each role walks from logging in to its work in a real browser, through links only: staff reach
the desk and the scanner, a partner finds the open call from the event page and submits, a
reviewer reviews from the start page, an organiser sees where an accepted proposal stands.
Every page on the way passes axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from tests.browser.axe import DEMO_PASSWORD, check_a11y, login
from tests.browser.conftest import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

EVENT = "Dag van de Lokale Democratie 2027"
TITLE = "Rollentest: de raad op school"


async def test_staff_land_on_the_desk_and_reach_the_scanner(
    page: Page, live_server: LiveServer
) -> None:
    await login(page, "balie@demo.festival.nl")
    assert page.url == f"{live_server.url}/admin/events/dld-demo/desk", live_server.log_tail()
    await check_a11y(page)
    await page.fill("#desk-q", "an")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Zoeken").click()
    async with page.expect_navigation():
        await page.get_by_role("button", name="Inchecken").first.click()
    assert await page.locator(".notice-success").count() == 1
    await (
        page.get_by_role("navigation", name="Inchecken").get_by_role("link", name="Scanner").click()
    )
    await page.wait_for_url(f"{live_server.url}/scan")
    await page.select_option("#scan-event", "dld-demo")
    await page.get_by_role("button", name="Verbinden").click()
    await page.wait_for_selector("#checkpoint-box:not([hidden])")
    await check_a11y(page)


async def test_partner_finds_the_call_on_the_event_page_and_submits(
    page: Page, live_server: LiveServer
) -> None:
    await page.goto("/events/dld-demo")
    await check_a11y(page)
    await page.get_by_role("link", name=f"Oproep voor voorstellen: {EVENT}").click()
    await page.wait_for_url("**/partners/calls/dld-demo")
    await check_a11y(page)
    assert await page.get_by_role("link", name="Meld uw organisatie aan als partner").count() == 1
    await page.get_by_role("link", name="Log in om een voorstel in te sturen").click()
    await page.wait_for_url("**/login?next=/partners/calls/dld-demo")
    await check_a11y(page)
    await page.fill("input[name=email]", "partner@demo.festival.nl")
    await page.fill("input[name=password]", DEMO_PASSWORD)
    async with page.expect_navigation():
        await page.press("input[name=password]", "Enter")
    assert page.url == f"{live_server.url}/partners/calls/dld-demo", live_server.log_tail()
    await page.get_by_role("link", name="Nieuw voorstel").click()
    await page.fill("#title", TITLE)
    await page.fill("#summary", "Raadsleden geven een gastles over de gemeente.")
    await page.fill("#description", "Een les van een uur, met een stemming aan het eind.")
    await page.select_option("#format", "workshop")
    await page.fill("#duration_minutes", "60")
    await page.check("input[name=audiences][value=jongeren]")
    await page.fill("#answer_q1", "Hoe je de gemeente uitlegt aan jongeren.")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Opslaan").click()
    async with page.expect_navigation():
        await page.get_by_role("button", name="Voorstel indienen").click()
    assert await page.get_by_text("Het voorstel is ingediend.").count() == 1
    assert "Status: Ingediend" in await page.locator("main").inner_text()


async def test_reviewer_reviews_from_the_start_page(page: Page, live_server: LiveServer) -> None:
    await login(page, "beoordelaar@demo.festival.nl")
    assert page.url == f"{live_server.url}/admin/events/dld-demo/cfp/reviews", (
        live_server.log_tail()
    )
    await check_a11y(page)
    await page.get_by_role("link", name="Democratie Testlab: loting in de praktijk").click()
    async with page.expect_navigation():
        await page.get_by_role("button", name="Beoordeling opslaan").click()
    summary = page.locator("#form-error")
    assert (
        await summary.get_by_text("Relevantie voor de lokale democratie: kies een score").count()
        == 1
    )
    await check_a11y(page)
    for fieldset in await page.locator("form fieldset").all():
        await fieldset.get_by_label("4", exact=True).check()
    async with page.expect_navigation():
        await page.get_by_role("button", name="Beoordeling opslaan").click()
    assert page.url == f"{live_server.url}/admin/events/dld-demo/cfp/reviews"
    assert await page.get_by_text("Uw beoordeling is opgeslagen.").count() == 1


async def test_organiser_sees_where_an_accepted_proposal_stands(
    page: Page, live_server: LiveServer
) -> None:
    await login(page, "organisator@demo.festival.nl")
    await page.get_by_role("link", name=EVENT).click()
    await (
        page.get_by_role("navigation", name=f"Evenement: {EVENT}")
        .get_by_role("link", name="Voorstellen", exact=True)
        .click()
    )
    await page.get_by_role("link", name="Jongeren aan tafel bij de raad").click()
    await page.check("input[name=decision][value=accept]")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Besluit vastleggen").click()
    assert await page.get_by_text("Geaccepteerd. De partner weet dit nog niet.").count() == 1
    await check_a11y(page)
    await page.get_by_role("link", name="Naar de besluitmails").click()
    async with page.expect_navigation():
        await page.get_by_role("button", name="Alle besluitmails versturen").click()
    await page.get_by_role("link", name="Jongeren aan tafel bij de raad").click()
    progress = page.locator(".proposal-progress")
    assert "We wachten op de bevestiging van de partner." in await progress.inner_text()
    assert "pas in het programma als de partner heeft bevestigd" in await progress.inner_text()
    await check_a11y(page)
