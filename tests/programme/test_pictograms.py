"""Pictograms for session formats and practical help: decorative, never alone (their text is
always beside them), on the programme, session and event pages of the demo edition."""

from __future__ import annotations

import httpx
from lxml import html

from festival import demo
from festival.programme import queries
from festival.programme.models import Accessibility, Session, SessionFormat
from festival.programme.pictograms import FOOD, PICTOGRAMS


def _pictograms(page: str) -> list[tuple[str, str]]:
    """Each pictogram of <main> as (its file name, the text of the element it sits in), after
    checking that screen readers skip it."""
    tree = html.fromstring(page)
    found = []
    for svg in tree.xpath("//main//svg[contains(@class, 'pictogram')]"):
        assert (svg.get("aria-hidden"), svg.get("focusable")) == ("true", "false")
        parent = svg.getparent()
        text = " ".join(parent.text_content().split())
        name = svg.get("class").split()[1].removeprefix("pictogram-")
        found.append((name, text))
    return found


def test_every_format_and_kind_of_help_has_its_own_pictogram() -> None:
    keys = {a.value for a in Accessibility} | {f"format-{f.value}" for f in SessionFormat}
    assert keys <= set(PICTOGRAMS)
    drawings = [str(PICTOGRAMS[k]) for k in sorted(keys)]
    assert len(set(drawings)) == len(drawings)  # no two the same
    assert PICTOGRAMS["format-break"] == FOOD  # a break is food and drink


async def test_programme_shows_each_format_with_its_pictogram_and_name(
    client: httpx.AsyncClient,
) -> None:
    await demo.load_demo()
    page = (await client.get(f"/events/{demo.SLUG}/programme")).text
    pictograms = _pictograms(page)
    shown = set(pictograms)
    formats = set(await Session.filter(event__slug=demo.SLUG).values_list("format", flat=True))
    assert formats == {f.value for f in SessionFormat}  # the demo has every format
    for value in formats:
        icon = "food" if value == "break" else f"format-{value}"  # a break: food and drink
        label = queries.format_label(value)
        assert (icon, label) in shown, value  # on a card, next to its name
    for value in Accessibility:
        icon, label = f"access-{value}", queries.accessibility_label(value)
        assert (icon, label) in shown, value  # in the filter and on cards
    assert all(text for _icon, text in pictograms)  # never a pictogram without text


async def test_session_and_event_pages_put_text_beside_each_pictogram(
    client: httpx.AsyncClient,
) -> None:
    await demo.load_demo()
    plenary = await Session.get(event__slug=demo.SLUG, format="plenary", title__icontains="opening")
    session = _pictograms((await client.get(f"/events/{demo.SLUG}/sessions/{plenary.code}")).text)
    assert session == [
        ("format-plenary", "Plenair"),
        ("access-step_free", "Zonder drempels:"),
        ("access-step_free", "Zonder drempels"),
        ("access-hearing_loop", "Ringleiding"),
        ("access-sign_language", "Gebarentolk"),
        ("access-live_captions", "Ondertitels op een scherm"),
    ]
    event = _pictograms((await client.get(f"/events/{demo.SLUG}")).text)
    assert event == [("access-step_free", "Zonder drempels:")] * 2  # both venues
    english = _pictograms(
        (await client.get(f"/events/{demo.SLUG}/sessions/{plenary.code}?lang=en")).text
    )
    assert english[0] == ("format-plenary", "Plenary")
