"""Helpers for browser tests: axe-core at WCAG 2.1 A/AA, and logging in through the form."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_TIMEOUT = 60.0
DEMO_PASSWORD = "demo-festival-2027"


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; return its violations."""
    if not await page.evaluate("() => typeof window.axe !== 'undefined'"):
        await page.add_script_tag(path=str(AXE_PATH))
    results = await asyncio.wait_for(
        page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        ),
        timeout=AXE_TIMEOUT,
    )
    return list(results["violations"])


def describe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{url}: {len(violations)} axe violation(s)"]
    for violation in violations:
        lines.append(f"  - {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"      {' '.join(map(str, node['target']))}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


async def check_a11y(page: Page) -> None:
    """Fail the test if axe-core finds any WCAG 2.1 A/AA violation on the page."""
    violations = await axe_violations(page)
    if violations:
        pytest.fail(describe_violations(page.url, violations), pytrace=False)


async def login(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real login form; fail if it does not lead away from /login."""
    await page.goto("/login")
    await page.fill("input[name=email]", email)
    await page.fill("input[name=password]", password)
    async with page.expect_navigation():
        await page.press("input[name=password]", "Enter")
    if "/login" in page.url:
        pytest.fail(f"login as {email} failed: still on {page.url}", pytrace=False)
