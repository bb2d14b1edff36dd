"""The schedule editor in a real browser: drag a session to another room and time, see it saved,
publish, and find it moved on the public programme; axe-core on the editor."""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.async_api import Page

from tests.browser.axe import check_a11y, login
from tests.browser.conftest import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

EDITOR = "/admin/events/dld-demo/programme"

# A placed session block and an empty cell in another room at another time, found in the page.
PICK = """() => {
  const block = document.querySelector('#schedule-editor td[data-slot] .session-block');
  const cells = [...document.querySelectorAll('#schedule-editor td[data-slot]:not(.has-session)')];
  const top = block.getBoundingClientRect().top;
  const start = new Date(block.dataset.startsAt).getTime();
  const target = cells
    .filter(cell => cell.dataset.roomId !== block.dataset.roomId
                    && new Date(cell.dataset.slot).getTime() !== start)
    .sort((a, b) => Math.abs(a.getBoundingClientRect().top - top)
                    - Math.abs(b.getBoundingClientRect().top - top))[0];
  const th = document.querySelector(`th[data-room-id="${target.dataset.roomId}"]`);
  return {id: block.id, title: block.querySelector('.block-title').textContent.trim(),
          room: target.dataset.roomId, slot: target.dataset.slot,
          roomName: th.firstChild.textContent.trim()};
}"""


async def test_drag_session_moves_it_and_publishing_shows_it(
    page: Page, live_server: LiveServer
) -> None:
    await page.set_viewport_size({"width": 1600, "height": 1000})
    seen: list[str] = []
    page.on("response", lambda r: seen.append(f"{r.request.method} {r.url} {r.status}"))
    page.on("console", lambda m: seen.append(f"console: {m.text}"))
    await login(page, "organisator@demo.festival.nl")
    response = await page.goto(EDITOR)
    assert response is not None
    assert response.status == 200, live_server.log_tail()
    await check_a11y(page)

    pick = await page.evaluate(PICK)
    block = page.locator(f"#{pick['id']}")
    target = page.locator(
        f'#schedule-editor td[data-room-id="{pick["room"]}"][data-slot="{pick["slot"]}"]'
    )
    await block.scroll_into_view_if_needed()
    await target.scroll_into_view_if_needed()
    target_box = await target.bounding_box()
    source_box = await block.locator(".block-title").bounding_box()
    assert source_box is not None and target_box is not None
    await page.mouse.move(source_box["x"] + 5, source_box["y"] + 3)
    await page.mouse.down()
    await page.mouse.move(target_box["x"] + target_box["width"] / 2, target_box["y"] + 4, steps=12)
    await page.mouse.up()

    status = page.locator("#editor-status")
    try:
        await status.filter(has_text="staat nu in").wait_for()
    except Exception:
        pytest.fail(f"no move announced; status: {await status.inner_text()!r}\n{seen[-8:]}")
    assert pick["roomName"] in await status.inner_text()
    # The grid was refreshed in place and the moved block has the focus.
    assert await page.evaluate("() => document.activeElement.id") == pick["id"]

    await page.reload()
    moved = page.locator(f"#{pick['id']}")
    assert await moved.get_attribute("data-room-id") == pick["room"]
    starts_at = await moved.get_attribute("data-starts-at")
    assert starts_at is not None
    assert datetime.fromisoformat(starts_at) == datetime.fromisoformat(pick["slot"])

    await page.goto(EDITOR + "/publish")
    assert "Verplaatst:" in await page.locator("main").inner_text()
    confirm = page.locator("#confirm_conflicts")
    if await confirm.count():
        await confirm.check()
    async with page.expect_navigation():
        await page.click("main form button[type=submit]")
    assert page.url.endswith(EDITOR + "/versions")

    await page.goto("/events/dld-demo/programme")
    link = page.get_by_role("link", name=pick["title"]).first
    async with page.expect_navigation():
        await link.click()
    text = await page.locator("main").inner_text()
    assert pick["roomName"] in text
    assert pick["slot"][11:16] in text


async def test_editor_move_link_opens_the_form_by_keyboard(page: Page) -> None:
    await login(page, "organisator@demo.festival.nl")
    await page.goto(EDITOR)
    first = page.locator("#schedule-editor .session-block").first
    await first.focus()
    await page.keyboard.press("Tab")
    focused = await page.evaluate("() => document.activeElement.className")
    assert focused == "block-move"
    async with page.expect_navigation():
        await page.keyboard.press("Enter")
    assert "/programme/sessions/" in page.url
    assert await page.locator("#room_id").count() == 1
    await check_a11y(page)
