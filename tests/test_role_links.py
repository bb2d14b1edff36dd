"""Each demo role logs in, lands on the page it works on, and every link there and in its menus
opens: no 403, no 404, no 5xx. Menus are followed through the back office and the partner
portal (the pages a role moves between), so a sub-menu offering a refused page fails here."""

from __future__ import annotations

from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import httpx
import pytest

from festival import clock, demo
from tests.helpers import csrf_token

# Inside the demo call's window (1 Sep 2026 - 14 Feb 2027): the open call is linked and opens.
DURING_THE_CALL = clock.from_local(datetime(2026, 12, 1, 10, 0), "Europe/Amsterdam")
WORK_AREAS = ("/admin", "/partners", "/account")
LANDINGS = {
    "owner@demo.festival.nl": "/admin",
    "organisator@demo.festival.nl": "/admin",
    "beoordelaar@demo.festival.nl": "/admin/events/dld-demo/cfp/reviews",
    "balie@demo.festival.nl": "/admin/events/dld-demo/desk",
    "partner@demo.festival.nl": "/partners",
    "admin@demo.festival.nl": "/admin",
}


class _Links(HTMLParser):
    """Every local link of a page, and the ones inside a <nav> (its menus)."""

    def __init__(self) -> None:
        super().__init__()
        self.all: list[str] = []
        self.menus: list[str] = []
        self._nav_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav":
            self._nav_depth += 1
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith(("//", "/static/")):
            url = urldefrag(href).url
            self.all.append(url)
            if self._nav_depth and "lang=" not in url:  # the language switch: once is enough
                self.menus.append(url)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._nav_depth -= 1


def _links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


async def _walk(client: httpx.AsyncClient, landing: httpx.Response) -> list[str]:
    """Follow every link of the landing page, then the menus of each page in the work areas."""
    failures: list[str] = []
    seen: set[str] = set()
    queue = [(url, "landing page") for url in _links(landing.text).all]
    while queue:
        url, found_on = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = await client.get(url, follow_redirects=True)
        if response.status_code != 200:
            failures.append(f"{url} (linked from {found_on}): {response.status_code}")
            continue
        if urlsplit(url).path.startswith(WORK_AREAS) and "html" in response.headers.get(
            "content-type", ""
        ):
            queue += [(link, url) for link in _links(response.text).menus if link not in seen]
    return failures


@pytest.mark.parametrize("email", list(LANDINGS))
async def test_each_demo_role_lands_on_its_work_and_every_link_opens(
    client: httpx.AsyncClient, email: str
) -> None:
    clock.set_now(DURING_THE_CALL)
    await demo.load_demo()
    credentials = {"email": email, "password": demo.PASSWORD}
    logged_in = await client.post(
        "/login", data={**credentials, "csrf_token": await csrf_token(client)}
    )
    assert (logged_in.status_code, logged_in.headers["location"]) == (303, LANDINGS[email])
    landing = await client.get("/admin", follow_redirects=True)  # the dashboard's address too
    assert (landing.status_code, landing.url.path) == (200, LANDINGS[email])
    assert await _walk(client, landing) == []
