"""Keyboard-only journeys in a real browser (Tab, arrows, Space, Enter; no mouse): register a
group of two with a workshop, change a workshop on the manage page, and move a session in the
schedule editor with the arrow keys. At every step the focused element shows a visible focus
indicator (outline or box-shadow), and axe-core reports nothing on the pages reached."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.async_api import Page

from tests.browser.axe import check_a11y, login
from tests.browser.conftest import LiveServer, demo_server

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

EDITOR = "/admin/events/dld-demo/programme"
MAX_TABS = 150  # more Tab presses than any page here has focusable elements

# The focused element and whether its focus can be seen (an outline or a box-shadow drawn).
FOCUS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== 'none';
  return {id: el.id, tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || '').trim()
          .slice(0, 60), visible: outline || shadow, body: el === document.body};
}"""


@pytest.fixture(scope="module")
def live_server(
    browser_tools: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """This module's own freshly loaded demo: the editor moves here reach no other module."""
    with demo_server(tmp_path_factory.mktemp("keyboard-app")) as server:
        yield server


async def focused(page: Page) -> dict[str, Any]:
    """The focused element; fails the test when its focus is not visible."""
    now: dict[str, Any] = await page.evaluate(FOCUS)
    if not now["body"]:
        assert now["visible"], f"focus not visible on {now} at {page.url}"
    return now


async def tab_to(page: Page, selector: str) -> None:
    """Press Tab until `selector` has the focus, checking the focus is visible at each step."""
    for _ in range(MAX_TABS):
        await page.keyboard.press("Tab")
        await focused(page)
        if await page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} not reached with {MAX_TABS} Tab presses on {page.url}")


async def press(page: Page, key: str) -> dict[str, Any]:
    await page.keyboard.press(key)
    return await focused(page)


async def choose_radio(page: Page, name: str, value: str) -> None:
    """Tab into a radio group, then arrow to the radio with `value` (arrows also check it)."""
    await tab_to(page, f"input[type=radio][name='{name}']")
    target = f"input[type=radio][name='{name}'][value='{value}']"
    for _ in range(30):
        if await page.evaluate("(s) => document.activeElement.matches(s)", target):
            await press(page, "Space")
            assert await page.locator(target).is_checked()
            return
        await press(page, "ArrowDown")
    pytest.fail(f"radio {value} of {name} not reached with the arrow keys")


async def submit_with(page: Page, selector: str) -> None:
    """Tab to a button or link and press Enter: a new page loads."""
    await tab_to(page, selector)
    async with page.expect_navigation():
        await page.keyboard.press("Enter")
    assert await page.locator(".notice-error").count() == 0, await page.inner_text("main")


async def type_into(page: Page, selector: str, text: str) -> None:
    await tab_to(page, selector)
    await page.keyboard.type(text)


async def test_register_group_and_change_a_workshop_with_the_keyboard_alone(page: Page) -> None:
    await page.goto("/events/dld-demo/register")
    await check_a11y(page)
    general = await page.get_by_label("Algemene toegang").get_attribute("value")
    assert general is not None
    await choose_radio(page, "ticket_type", general)
    count = await page.get_by_label("Met hoeveel personen komt u?").get_attribute("id")
    await tab_to(page, f"#{count}")
    await page.keyboard.press("Control+A")
    await page.keyboard.type("2")
    await submit_with(page, "button[type=submit]:not([name=back])")

    await check_a11y(page)
    await type_into(page, "#attendees-0-name", "Anna de Vries")
    await type_into(page, "#attendees-0-email", "anna.keyboard@utrecht.nl")
    await tab_to(page, "#attendees-0-need-hearing_loop")
    await press(page, "Space")
    assert await page.locator("#attendees-0-need-hearing_loop").is_checked()
    await type_into(page, "#attendees-1-name", "Bram Jansen")
    await type_into(page, "#attendees-1-email", "bram.keyboard@utrecht.nl")
    await submit_with(page, "button[type=submit]:not([name=back])")

    # The workshop step says, in words, whether each room has the hearing loop Anna needs.
    await check_a11y(page)
    anna = page.locator("section.person").first
    assert "ringleiding: " in await anna.inner_text()
    assert "ringleiding: " not in await page.locator("section.person").nth(1).inner_text()
    first = page.locator("input[type=radio][name='attendees.0.slot.0']:not([value=''])").first
    workshop = await first.get_attribute("value")
    assert workshop is not None
    title = await page.locator(f"label[for='{await first.get_attribute('id')}']").inner_text()
    await choose_radio(page, "attendees.0.slot.0", workshop)
    await submit_with(page, "button[type=submit]:not([name=back])")

    await check_a11y(page)
    await tab_to(page, "input[name=consent]")
    await press(page, "Space")
    await submit_with(page, "button[type=submit]:not([name=back])")
    assert "Bedankt!" in await page.inner_text("h1")
    assert title in await page.inner_text("main")
    await check_a11y(page)

    # The manage page: change Anna's workshop back to none, by keyboard.
    link = page.get_by_role("link", name="Workshops wijzigen (Anna de Vries)")
    href = await link.get_attribute("href")
    await submit_with(page, f"a[href='{href}']")
    await check_a11y(page)
    assert "ringleiding: " in await page.inner_text("main")
    await choose_radio(page, "attendees.0.slot.0", "")
    await submit_with(page, "button[type=submit]")
    assert "Uw keuze van workshops is opgeslagen." in await page.inner_text("main")
    assert title not in await page.locator("section.person").first.inner_text()
    await check_a11y(page)


# The first placed block whose column has a room to its right, in the first day's grid.
PICK = """() => {
  const blocks = [...document.querySelectorAll('#schedule-editor td[data-slot] .session-block')];
  for (const block of blocks) {
    const rooms = [...block.closest('table').querySelectorAll('thead th[data-room-id]')]
      .map(th => th.dataset.roomId);
    const at = rooms.indexOf(block.dataset.roomId);
    if (at >= 0 && at < rooms.length - 1) {
      return {id: block.id, room: block.dataset.roomId, next: rooms[at + 1],
              startsAt: block.dataset.startsAt, endsAt: block.dataset.endsAt};
    }
  }
  return null;
}"""


async def _arrow(page: Page, key: str) -> dict[str, Any]:
    """Press an arrow key on the focused block; the server's answer, once it is announced."""
    async with page.expect_response(lambda r: r.url.endswith("/move")) as answer:
        await page.keyboard.press(key)
    data: dict[str, Any] = await (await answer.value).json()
    status = page.locator("#editor-status")
    await status.filter(has_text="staat nu in").wait_for()
    text = await status.inner_text()
    warnings = [w["message"] for w in data["access_warnings"]]
    for message in warnings:
        assert message in text  # announced in the live region
    box = page.locator("#editor-access")
    assert await box.is_visible() == bool(warnings)
    if warnings:
        assert await box.locator("li").all_inner_texts() == warnings  # and shown as text
    return data


async def test_schedule_editor_moves_a_block_with_the_arrow_keys(page: Page) -> None:
    await page.set_viewport_size({"width": 1400, "height": 1000})
    await login(page, "organisator@demo.festival.nl")
    await page.goto(EDITOR)
    await check_a11y(page)
    assert await page.get_attribute("#editor-status", "aria-live") == "polite"
    pick = await page.evaluate(PICK)
    assert pick is not None
    await tab_to(page, f"#{pick['id']}")

    data = await _arrow(page, "ArrowDown")
    now = await focused(page)
    assert now["id"] == pick["id"]  # the refreshed block keeps the focus
    later = datetime.fromisoformat(pick["startsAt"]) + timedelta(minutes=15)
    assert datetime.fromisoformat(data["session"]["starts_at"]) == later
    block = page.locator(f"#{pick['id']}")
    assert datetime.fromisoformat(await block.get_attribute("data-starts-at") or "") == later

    await _arrow(page, "ArrowRight")
    assert (await focused(page))["id"] == pick["id"]
    assert await block.get_attribute("data-room-id") == pick["next"]
    room = await page.locator(f"th[data-room-id='{pick['next']}']").inner_text()
    assert room.split(" (")[0] in await page.inner_text("#editor-status")

    await _arrow(page, "ArrowUp")
    await _arrow(page, "ArrowLeft")
    assert await block.get_attribute("data-room-id") == pick["room"]
    assert await block.get_attribute("data-starts-at") == pick["startsAt"]
    assert (await focused(page))["id"] == pick["id"]
    await check_a11y(page)

    # Enter on the block's "Verplaats" link (one Tab on) opens its form.
    await press(page, "Tab")
    async with page.expect_navigation():
        await page.keyboard.press("Enter")
    assert "/programme/sessions/" in page.url
    await check_a11y(page)


async def test_access_pages_pass_axe_and_list_the_demo_mismatches(page: Page) -> None:
    await login(page, "organisator@demo.festival.nl")
    await page.goto("/admin/events/dld-demo/access-needs")
    await check_a11y(page)
    rows = page.locator("#access-mismatches tbody tr")
    assert await rows.count() > 0  # the demo's committee rooms lack a hearing loop
    session_link = rows.first.locator("a")
    await submit_with(page, f"a[href='{await session_link.get_attribute('href')}']")
    assert "Toegankelijkheid in deze groep" in await page.inner_text("main")
    await check_a11y(page)
    await page.goto("/admin/events/dld-demo/rooms")
    await check_a11y(page)
    async with page.expect_navigation():
        await page.locator("tr:has(th:text-is('Raadzaal')) a").first.click()
    checked = [
        await page.locator(f"#facility-{f}").is_checked()
        for f in ("step_free", "hearing_loop", "sign_language", "quiet_space")
    ]
    assert checked == [True, True, True, False]  # as the demo fills in the council chamber
    await check_a11y(page)
