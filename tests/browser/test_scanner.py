"""The scanner in Chromium with a fake camera showing real demo tickets' QR codes: a green result
online, then a scan offline (verified in the browser with the event's public key), synced when
the network returns."""

from __future__ import annotations

import json
import subprocess
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import qrcode
from playwright.async_api import Browser, Page, async_playwright

from tests.browser.axe import check_a11y, login
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer
from tests.browser.vnu import PageLog

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


def _post_json(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(  # noqa: S310 (loopback URL)
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (loopback URL)
        return dict(json.loads(response.read()))


def _register(server: LiveServer, name: str, email: str) -> str:
    """A new registration on the demo event; returns its ticket's QR payload."""
    with urllib.request.urlopen(f"{server.url}/api/events/dld-demo", timeout=20) as response:  # noqa: S310
        event = json.loads(response.read())
    ticket_type = next(
        t for t in event["ticket_types"] if t["available"] and not t["requires_code"]
    )
    done = _post_json(
        f"{server.url}/api/events/dld-demo/registrations",
        {
            "ticket_type": ticket_type["id"],
            "consent": True,
            "attendees": [
                {"name": name, "email": email, "organisation": "Gemeente Zeist", "role": "raadslid"}
            ],
        },
    )
    return str(done["tickets"][0]["qr_payload"])


def _camera_video(folder: Path, payloads: list[str]) -> Path:
    """A .y4m video showing each payload's QR code in turn (Chromium loops it as its camera)."""
    inputs: list[str] = []
    for index, payload in enumerate(payloads):
        image = folder / f"qr{index}.png"
        qrcode.make(payload, border=4, box_size=6).save(str(image))
        inputs += ["-loop", "1", "-t", "2", "-i", str(image)]
    video = folder / "camera.y4m"
    scale = "".join(
        f"[{i}]scale=400:400,pad=640:480:120:40:white,setsar=1[v{i}];" for i in range(len(payloads))
    )
    concat = (
        "".join(f"[v{i}]" for i in range(len(payloads)))
        + f"concat=n={len(payloads)}:v=1,format=yuv420p"
    )
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-loglevel",
            "error",
            *inputs,
            "-filter_complex",
            scale + concat,
            "-r",
            "15",
            str(video),
        ],
        check=True,
        timeout=120,
    )
    return video


@pytest_asyncio.fixture(loop_scope="session")
async def camera_browser(
    live_server: LiveServer, tmp_path: Path
) -> AsyncIterator[tuple[Browser, dict[str, str]]]:
    people = {
        "Carla Camera": _register(live_server, "Carla Camera", "carla@zeist.nl"),
        "Otto Offline": _register(live_server, "Otto Offline", "otto@zeist.nl"),
    }
    video = _camera_video(tmp_path, list(people.values()))
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
        "--autoplay-policy=no-user-gesture-required",
    ]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=args, headless=True
        )
        try:
            yield browser, people
        finally:
            await browser.close()


async def _result(page: Page) -> tuple[str, str]:
    await page.wait_for_selector("#scan-result:not([hidden])", timeout=20_000)
    result = await page.get_attribute("#scan-result", "data-result")
    name = await page.text_content("#scan-result .scan-result-name")
    return result or "", name or ""


async def _api(page: Page, path: str) -> Any:
    return await page.evaluate(
        "path => fetch(path, {credentials: 'same-origin'}).then(r => r.json())", path
    )


async def test_scanner_checks_in_online_then_offline_and_syncs(
    camera_browser: tuple[Browser, dict[str, str]], live_server: LiveServer, page_log: PageLog
) -> None:
    browser, people = camera_browser
    context = await browser.new_context(base_url=live_server.url, locale="nl-NL")  # the real CSP
    context.set_default_timeout(20_000)
    page_log.record(context)
    await context.grant_permissions(["camera"], origin=live_server.url)
    page = await context.new_page()
    try:
        await login(page, "balie@demo.festival.nl")
        await page.goto("/scan")
        await page.select_option("#scan-event", "dld-demo")
        await page.click("#setup-form button[type=submit]")
        await page.wait_for_selector("#checkpoint-box:not([hidden])")
        await page.select_option("#scan-checkpoint", "entrance")
        await page.click("#scan-start")

        result, shown = await _result(page)
        assert result == "ok", live_server.log_tail()
        first = next(name for name in people if name in shown)
        other = next(name for name in people if name != first)
        assert await page.text_content("#scan-result .scan-result-title") == "Welkom! Ingecheckt."

        await context.set_offline(True)
        for _attempt in range(10):
            await page.click("#scan-next")
            result, shown = await _result(page)
            if other in shown:
                break
        assert (result, other in shown) == ("ok", True)
        assert "Offline gecontroleerd" in (
            await page.text_content("#scan-result .scan-result-detail") or ""
        )
        assert await page.get_attribute("#scan-status", "data-pending") == "1"

        await context.set_offline(False)
        await page.wait_for_selector(
            "#scan-status[data-pending='0'][data-online='yes']", timeout=30_000
        )
        found = await _api(page, "/api/checkin/search?event=dld-demo&q=" + other.split()[1])
        assert [(r["name"], r["entered"]) for r in found["results"]] == [(other, True)]
    finally:
        await page_log.settle()
        await context.close()


@pytest.mark.parametrize(
    "path",
    ["/scan", "/admin/events/dld-demo/desk?q=an", "/admin/events/dld-demo/attendance"],
    ids=["scanner", "desk", "attendance"],
)
async def test_desk_and_attendance_pages_are_accessible(
    page: Page, live_server: LiveServer, path: str
) -> None:
    await login(page, "balie@demo.festival.nl")
    response = await page.goto(path)
    assert response is not None
    assert response.status == 200, live_server.log_tail()
    assert await page.locator("h1").count() == 1
    await check_a11y(page)
