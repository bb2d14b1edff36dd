"""In a real browser: a clerk registers a group of two with workshops on the demo edition,
then cancels one workshop on the manage page; axe-core checks every step."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from tests.browser.axe import check_a11y

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


async def _next(page: Page, label: str = "Volgende stap") -> None:
    async with page.expect_navigation():
        await page.get_by_role("button", name=label, exact=True).click()
    assert await page.locator(".notice-error").count() == 0, await page.inner_text("main")


async def test_register_group_of_two_then_cancel_one_workshop(page: Page) -> None:
    await page.goto("/events/dld-demo/register")
    await check_a11y(page)
    await page.get_by_label("Algemene toegang").check()
    await page.get_by_label("Met hoeveel personen komt u?").fill("2")
    await _next(page)
    await check_a11y(page)
    for index, (name, email) in enumerate(
        (("Anna de Vries", "anna@utrecht.nl"), ("Bram Jansen", "bram@utrecht.nl"))
    ):
        await page.fill(f"#attendees-{index}-name", name)
        await page.fill(f"#attendees-{index}-email", email)
    await page.select_option("#attendees-0-role", "griffier")
    await _next(page)
    await check_a11y(page)
    first_choice = page.locator(
        "input[type=radio][name='attendees.0.slot.0']:not([value=''])"
    ).first
    chosen_title = await page.locator(
        f"label[for='{await first_choice.get_attribute('id')}']"
    ).inner_text()
    await first_choice.check()
    await page.locator("input[type=radio][name='attendees.1.slot.0']:not([value=''])").first.check()
    await _next(page)
    await check_a11y(page)
    await page.get_by_label("Ik geef toestemming", exact=False).check()
    await _next(page, "Aanmelding versturen")
    assert "Bedankt!" in await page.inner_text("h1")
    assert chosen_title.split(" · ")[0] in await page.inner_text("main")
    await check_a11y(page)
    async with page.expect_navigation():
        await page.get_by_role("link", name="Workshops wijzigen (Anna de Vries)").click()
    await check_a11y(page)
    await page.locator("input[type=radio][name='attendees.0.slot.0'][value='']").check()
    async with page.expect_navigation():
        await page.get_by_role("button", name="Opslaan").click()
    assert "Uw keuze van workshops is opgeslagen." in await page.inner_text("main")
    anna = page.locator("section.person").first
    assert chosen_title.split(" · ")[0] not in await anna.inner_text()
    await check_a11y(page)


async def test_organiser_registration_pages_are_accessible(page: Page) -> None:
    from tests.browser.axe import login

    await login(page, "organisator@demo.festival.nl")
    base = "/admin/events/dld-demo"
    for path in ("/registrations", "/registrations?q=utrecht", "/seats", "/registration-settings"):
        response = await page.goto(base + path)
        assert response is not None and response.status == 200, path
        await check_a11y(page)
    await page.goto(base + "/registrations")
    async with page.expect_navigation():
        await page.locator("table a").first.click()  # a registration from the list
    assert "Aanmelding" in await page.inner_text("h1")
    await check_a11y(page)
    await page.goto(base + "/seats")
    async with page.expect_navigation():
        await page.locator("table a").first.click()  # one workshop: attendees and waiting list
    assert await page.locator("h1").count() == 1
    await check_a11y(page)
