"""Seats left agree on every page of the demo: programme, session pages, speaker pages, the
registration's workshop step and the sessions API all show registration's `seats_left`."""

from __future__ import annotations

import html
import re

import httpx

from festival.demo import load_demo
from festival.events.models import Event
from festival.registration import queries as registration

SLUG = "dld-demo"
_CARD = re.compile(
    r'<article class="session-card[^"]*">\s*<h\d class="session-title">'
    rf'<a href="/events/{SLUG}/sessions/(?P<code>[^"]+)">'
    r'.*?<span class="seats[^"]*">(?P<seats>.*?)</span>',
    re.S,
)
_STEP = re.compile(
    r'<span class="seats[^"]*" id="a0-s(?P<id>\d+)-seats">(?P<seats>.*?)</span>', re.S
)
_SPEAKER = re.compile(rf'href="/events/{SLUG}/speakers/([^"]+)"')


def _number(text: str) -> int | str:
    """A shown seat count as a number (full: 0), or the words shown instead of one."""
    plain = " ".join(re.sub(r"<[^>]+>", "", html.unescape(text)).split())
    digits = re.search(r"\d+", plain)
    if digits:
        return int(digits.group())
    return 0 if plain.startswith("Vol") else plain


def _cards(page: str) -> dict[str, int | str]:
    return {m["code"]: _number(m["seats"]) for m in _CARD.finditer(page)}


async def _step_page(client: httpx.AsyncClient, ticket_type: int) -> str:
    url = f"/events/{SLUG}/register"
    page = (await client.get(url)).text

    def form(step: str, page: str, **data: object) -> dict[str, object]:
        token = re.search(r'name="csrf_token" value="([^"]*)"', page)
        state = re.search(r'name="state" value="([^"]*)"', page)
        assert token and state
        return {"csrf_token": token[1], "state": state[1], "step": step, **data}

    page = (
        await client.post(url, data=form("ticket", page, ticket_type=ticket_type, count="1"))
    ).text
    people = {"attendees.0.name": "Sam Stoel", "attendees.0.email": "sam@example.nl"}
    response = await client.post(url, data=form("people", page, **people))
    assert response.status_code == 200
    return response.text


async def test_seats_left_agree_on_every_page_of_the_demo(client: httpx.AsyncClient) -> None:
    await load_demo()
    event = await Event.get(slug=SLUG)
    truth = await registration.seats_left(event.id)
    api = (await client.get(f"/api/events/{SLUG}/sessions")).json()
    api_sessions = api if isinstance(api, list) else api["sessions"]
    by_code = {s["code"]: s for s in api_sessions}
    expected = {
        s["code"]: truth[s["id"]] if s["id"] in truth else None
        for s in api_sessions
        if s["requires_registration"] and s["state"] != "cancelled"
    }
    # The demo has full, partly booked and untouched workshops: the comparison means something.
    assert 0 in expected.values()
    assert any(v and v < (by_code[c]["capacity"] or 0) for c, v in expected.items())
    assert {code: s["seats_left"] for code, s in by_code.items() if code in expected} == expected

    programme = _cards((await client.get(f"/events/{SLUG}/programme")).text)
    assert {code: programme[code] for code in expected} == expected

    for code in expected:
        page = (await client.get(f"/events/{SLUG}/sessions/{code}")).text
        facts = page[page.index("session-facts-large") :]
        shown = re.search(r'<span class="seats[^"]*">(.*?)</span>', facts, re.S)
        assert shown is not None
        assert (code, _number(shown[1])) == (code, expected[code])

    speakers_page = (await client.get(f"/events/{SLUG}/speakers")).text
    seen: set[str] = set()
    for speaker in sorted(set(_SPEAKER.findall(speakers_page))):
        cards = _cards((await client.get(f"/events/{SLUG}/speakers/{speaker}")).text)
        for code, shown_seats in cards.items():
            if code in expected:
                assert (speaker, code, shown_seats) == (speaker, code, expected[code])
                seen.add(code)
    assert seen  # speaker pages do show workshops that take bookings

    ticket_types = (await client.get(f"/api/events/{SLUG}")).json()["ticket_types"]
    free = next(t for t in ticket_types if t["price_cents"] == 0 and not t["requires_code"])
    step = {
        int(m["id"]): _number(m["seats"])
        for m in _STEP.finditer(await _step_page(client, free["id"]))
    }
    assert step  # the workshop step lists the bookable sessions
    assert step == {
        by_code[code]["id"]: expected[code] if expected[code] is not None else "Plaats genoeg"
        for code in expected
        if by_code[code]["id"] in step
    }
    assert len(step) == len(expected)
