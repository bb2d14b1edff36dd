"""On a phone (390x844) the workshop step of the demo stays short for a group of two: one
compact choice per time slot, each radio button on the line of its workshop's title. And the
privacy page reads well on a phone, in Dutch and English."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from tests.browser.axe import check_a11y
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

# The demo's workshop step for two people (29 choices each) was about 7,700 px high on this
# phone, each radio on a line of its own; compact choices make it about 4,200 px.
MAX_STEP_HEIGHT = 4_500


async def _next(page: Page) -> None:
    async with page.expect_navigation():
        await page.get_by_role("button", name="Volgende stap", exact=True).click()
    assert await page.locator(".notice-error").count() == 0, await page.inner_text("main")


async def _workshop_step_for_two(page: Page) -> None:
    await page.goto("/events/dld-demo/register")
    await page.get_by_label("Algemene toegang").check()
    await page.get_by_label("Met hoeveel personen komt u?").fill("2")
    await _next(page)
    for index, (name, email) in enumerate(
        (("Anna de Vries", "anna@utrecht.nl"), ("Bram Jansen", "bram@utrecht.nl"))
    ):
        await page.fill(f"#attendees-{index}-name", name)
        await page.fill(f"#attendees-{index}-email", email)
    await _next(page)
    assert await page.inner_text("h1") == "Kies workshops"


async def test_workshop_step_is_compact_on_a_phone(phone: Page) -> None:
    await _workshop_step_for_two(phone)
    height = await phone.evaluate("document.documentElement.scrollHeight")
    assert height <= MAX_STEP_HEIGHT
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing sticks out sideways

    radios = phone.locator("fieldset.slot input[type=radio]")
    assert await radios.count() > 40  # two people, every workshop of the demo
    apart = []
    for index in range(await radios.count()):
        radio = radios.nth(index)
        label = phone.locator(f"label[for='{await radio.get_attribute('id')}']")
        if not await radio.is_visible():
            continue
        box, text = await radio.bounding_box(), await label.bounding_box()
        assert box is not None and text is not None
        # Same line: the radio's middle lies within the first line of its label, to its left.
        middle = box["y"] + box["height"] / 2
        if not (text["y"] <= middle <= text["y"] + 32 and box["x"] + box["width"] <= text["x"]):
            apart.append(await label.inner_text())
    assert apart == []
    await check_a11y(phone)


async def test_workshop_choice_on_a_phone_reaches_the_summary(phone: Page) -> None:
    await _workshop_step_for_two(phone)
    first = phone.locator("input[type=radio][name='attendees.1.slot.0']:not([value=''])").first
    title = await phone.locator(f"label[for='{await first.get_attribute('id')}']").inner_text()
    await phone.locator(f"label[for='{await first.get_attribute('id')}']").click()
    assert await first.is_checked()
    await _next(phone)
    assert title.split(" · ")[0].strip() in await phone.inner_text("main")


@pytest.mark.parametrize("lang", ["", "?lang=en"], ids=["nl", "en"])
async def test_privacy_page_is_accessible_on_a_phone(phone: Page, lang: str) -> None:
    response = await phone.goto("/events/dld-demo/privacy" + lang)
    assert response is not None and response.status == 200
    assert await phone.inner_text("h1") == ("Privacy statement" if lang else "Privacyverklaring")
    assert await phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    await check_a11y(phone)
