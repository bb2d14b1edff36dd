"""The schedule editor in a real browser: drag a session to another room and time, see it saved,
publish, and find it moved on the public programme; a double booking drawn side by side in its
own rows; the conflicts panel's two states; dragging beyond the window scrolls; axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from playwright.async_api import Page

from tests.browser.axe import check_a11y, login
from tests.browser.conftest import LiveServer, demo_server

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

EDITOR = "/admin/events/dld-demo/programme"


@pytest.fixture(scope="module")
def live_server(
    browser_tools: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """This module's own server on a freshly loaded demo (replacing the session's for the tests
    here): the editor starts without conflicts whatever other modules did, and the double
    bookings made here do not reach the pages other modules check."""
    with demo_server(tmp_path_factory.mktemp("editor-app")) as server:
        yield server


# The conflicts panel's state, as a user and a screen reader meet it.
CONFLICTS_PANEL = """() => {
  const panel = document.getElementById('conflicts-panel');
  return {classes: panel.className, heading: panel.querySelector('h2').textContent.trim(),
          alerts: document.querySelectorAll(
            '#conflicts-panel[role=alert], #conflicts-panel [role=alert]').length,
          border: getComputedStyle(panel).borderLeftColor};
}"""
OK_GREEN, BAD_RED = "rgb(30, 107, 48)", "rgb(163, 0, 0)"  # --ok and --bad in festival.css


async def test_conflicts_panel_without_conflicts_is_not_an_error(page: Page) -> None:
    # Runs first: the demo as loaded has no conflicts (the tests below make some).
    await login(page, "organisator@demo.festival.nl")
    await page.goto(EDITOR)
    panel = await page.evaluate(CONFLICTS_PANEL)
    assert panel == {
        "classes": "conflicts-panel conflicts-ok",
        "heading": "✓ Conflicten (0)",
        "alerts": 0,
        "border": OK_GREEN,
    }
    text = await page.locator("#conflicts-panel").inner_text()
    assert "Geen conflicten" in text


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


# A block B of an hour or more, and the nearest shorter block A in another room starting at
# another time (neither in a conflict yet): moving A to B's room and start makes a double
# booking that ends before B does.
PICK_DOUBLE_BOOKING = """() => {
  const blocks = [...document.querySelectorAll(
    '#schedule-editor td[data-slot] .session-block:not(.has-conflict)')];
  const length = b => new Date(b.dataset.endsAt) - new Date(b.dataset.startsAt);
  const top = b => b.getBoundingClientRect().top;
  const long = blocks.find(b => length(b) >= 60 * 60 * 1000);
  const short = blocks
    .filter(b => b.dataset.roomId !== long.dataset.roomId
                 && b.dataset.startsAt !== long.dataset.startsAt && length(b) < length(long))
    .sort((a, b) => Math.abs(top(a) - top(long)) - Math.abs(top(b) - top(long)))[0];
  return {id: short.id, target: long.id, room: long.dataset.roomId,
          startsAt: long.dataset.startsAt};
}"""

# Where a block is drawn against the 15-minute rows of its own times (found by their labels, in
# the event's time zone), and every other block it overlaps.
PLACEMENT = """(id) => {
  const block = document.getElementById(id);
  const tz = document.getElementById('schedule-editor').dataset.tz;
  const label = ms => new Date(ms).toLocaleTimeString('nl-NL', {
    hour: '2-digit', minute: '2-digit', hour12: false, timeZone: tz});
  const quarter = 15 * 60 * 1000;
  const start = Math.floor(new Date(block.dataset.startsAt).getTime() / quarter) * quarter;
  const last = Math.ceil(new Date(block.dataset.endsAt).getTime() / quarter) * quarter - quarter;
  const rows = [...block.closest('table').querySelectorAll('tbody tr')];
  const row = ms => rows.find(tr => tr.querySelector('th').textContent.trim() === label(ms));
  const box = block.getBoundingClientRect();
  const overlaps = [...document.querySelectorAll('#schedule-editor td[data-slot] .session-block')]
    .filter(other => other !== block)
    .filter(other => {
      const r = other.getBoundingClientRect();
      return Math.min(r.right, box.right) - Math.max(r.left, box.left) > 1
          && Math.min(r.bottom, box.bottom) - Math.max(r.top, box.top) > 1;
    })
    .map(other => other.id);
  return {top: box.top, bottom: box.bottom,
          rowsTop: row(start).getBoundingClientRect().top,
          rowsBottom: row(last).getBoundingClientRect().bottom,
          rows: label(start) + '-' + label(last), overlaps};
}"""


async def _drag(page: Page, block_id: str, target_id: str) -> None:
    """Press on a block's title, drag it onto the top row of another block and let go there
    (both in view, away from the window's edges, where dragging scrolls)."""
    await page.evaluate(
        """([a, b]) => window.scrollBy(0, Math.min(
             document.getElementById(a).getBoundingClientRect().top,
             document.getElementById(b).getBoundingClientRect().top) - 150)""",
        [block_id, target_id],
    )
    source = await page.locator(f"#{block_id} .block-title").bounding_box()
    target = await page.locator(f"#{target_id}").bounding_box()
    assert source is not None and target is not None
    for box in (source, target):
        assert 100 < box["y"] < (page.viewport_size or {"height": 0})["height"] - 100, box
    await page.mouse.move(source["x"] + 5, source["y"] + 3)
    await page.mouse.down()
    await page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 4, steps=12)
    await page.mouse.up()


async def _wait_for_move(page: Page) -> str:
    status = page.locator("#editor-status")
    await status.filter(has_text="staat nu in").wait_for()
    return await status.inner_text()


async def test_moved_block_lies_in_its_new_rows_and_overlaps_no_other_block(
    page: Page, live_server: LiveServer
) -> None:
    await page.set_viewport_size({"width": 1600, "height": 1200})
    await login(page, "organisator@demo.festival.nl")
    await page.goto(EDITOR)
    pick = await page.evaluate(PICK_DOUBLE_BOOKING)
    await _drag(page, pick["id"], pick["target"])
    await _wait_for_move(page)

    moved = page.locator(f"#{pick['id']}")
    assert await moved.get_attribute("data-room-id") == pick["room"]
    starts_at = await moved.get_attribute("data-starts-at")
    assert starts_at is not None
    assert datetime.fromisoformat(starts_at) == datetime.fromisoformat(pick["startsAt"])
    for _ in range(2):  # as refreshed after the move, and as loaded afresh
        placed = await page.evaluate(PLACEMENT, pick["id"])
        assert placed["top"] >= placed["rowsTop"] - 1, placed
        assert placed["bottom"] <= placed["rowsBottom"] + 1, placed
        assert placed["overlaps"] == [], placed
        await page.reload()

    # The double booking is a conflict: now the panel is an error, by icon and text too.
    panel = await page.evaluate(CONFLICTS_PANEL)
    assert panel["classes"] == "conflicts-panel conflicts-error"
    assert panel["heading"].startswith("⚠ Conflicten (")
    assert panel["heading"] != "⚠ Conflicten (0)"
    assert panel["border"] == BAD_RED
    await check_a11y(page)


# The first placed block, and an empty cell far below it (beyond a 500 px high window), in the
# first room whose column is in view, early enough that the block still fits in the day.
PICK_FAR_BELOW = """() => {
  const block = document.querySelector('#schedule-editor td[data-slot] .session-block');
  const length = new Date(block.dataset.endsAt) - new Date(block.dataset.startsAt);
  const rows = [...block.closest('table').querySelectorAll('tbody tr')];
  const dayEnd = new Date(rows[rows.length - 1].querySelector('td[data-slot]').dataset.slot)
    .getTime() + 15 * 60 * 1000;
  const below = block.getBoundingClientRect().bottom + 2 * window.innerHeight;
  const target = [...block.closest('table').querySelectorAll('td[data-slot]:not(.has-session)')]
    .filter(cell => cell.getBoundingClientRect().top > below
                    && cell.getBoundingClientRect().right < window.innerWidth
                    && new Date(cell.dataset.slot).getTime() + length <= dayEnd)[0];
  target.id = 'drop-here';
  return {id: block.id, room: target.dataset.roomId, slot: target.dataset.slot};
}"""


async def test_dragging_to_a_slot_below_the_window_scrolls_there(page: Page) -> None:
    await page.set_viewport_size({"width": 1024, "height": 500})
    await login(page, "organisator@demo.festival.nl")
    await page.goto(EDITOR)
    first_block = page.locator("#schedule-editor td[data-slot] .session-block").first
    await first_block.scroll_into_view_if_needed()
    pick = await page.evaluate(PICK_FAR_BELOW)
    target = page.locator("#drop-here")
    cell = await target.bounding_box()
    assert cell is not None and cell["y"] > 2 * 500  # two windows below the visible part

    title = await page.locator(f"#{pick['id']} .block-title").bounding_box()
    assert title is not None
    await page.mouse.move(title["x"] + 5, title["y"] + 3)
    await page.mouse.down()
    x = cell["x"] + cell["width"] / 2
    await page.mouse.move(x, 490, steps=12)  # hold the block at the window's bottom edge
    try:
        await page.wait_for_function(
            "() => document.getElementById('drop-here').getBoundingClientRect().top"
            " < window.innerHeight - 200"
        )
    except Exception:
        await page.mouse.up()
        pytest.fail("the page did not scroll while a block was held at the bottom edge")
    await page.mouse.move(x, 250, steps=2)  # away from the edge: scrolling stops
    cell = await target.bounding_box()
    assert cell is not None
    assert 0 <= cell["y"] and cell["y"] + cell["height"] <= 500, cell
    await page.mouse.move(x, cell["y"] + 4, steps=4)
    await page.mouse.up()
    await _wait_for_move(page)

    await page.reload()
    moved = page.locator(f"#{pick['id']}")
    assert await moved.get_attribute("data-room-id") == pick["room"]
    starts_at = await moved.get_attribute("data-starts-at")
    assert starts_at is not None
    assert datetime.fromisoformat(starts_at) == datetime.fromisoformat(pick["slot"])
