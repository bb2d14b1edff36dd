"""The evaluation summary on an archived session's page and in its JSON: only where an organiser
published it (audited, off by default), with the feedback figures computed by hand, the small-
group rule, and only the open answers marked publishable (escaped)."""

from __future__ import annotations

import httpx
import pytest

from festival.archive import services as archive
from festival.audit import AuditEntry
from festival.feedback.models import SurveyAnswer
from tests.archive.support import Edition, make_edition
from tests.feedback.results_support import respond, session_survey
from tests.helpers import csrf_from, login

pytestmark = pytest.mark.usefixtures("database")

RATINGS = [5, 4, 4, 3, 5, 2]  # mean 23 / 6 = 3.83
RECOMMEND = [10, 9, 7, 6, 8, 10]  # mean 50 / 6 = 8.33; NPS (3 - 1) / 6 = 33
PUBLISHED = "<b>Heel</b> praktisch & direct bruikbaar"
HIDDEN = "Jan de Vries vond het te lang"


async def _feedback(edition: Edition) -> None:
    """Six responses for the lab (two open answers, one marked publishable), four for the
    workshop (a small group), none for the Raad op Zaterdag."""
    survey, questions = await session_survey(edition.event)
    for n, (rating, recommend) in enumerate(zip(RATINGS, RECOMMEND, strict=True)):
        texts = {0: {"text": PUBLISHED}, 1: {"text": HIDDEN}}.get(n, {})
        await respond(
            survey,
            questions,
            session_id=edition.lab.id,
            rating=rating,
            recommend=recommend,
            **texts,
        )
    for rating in (1, 1, 2, 5):
        await respond(survey, questions, session_id=edition.workshop.id, rating=rating, text=HIDDEN)
    await SurveyAnswer.filter(text=PUBLISHED).update(publishable=True)
    await archive.index_all()


async def _publish(client: httpx.AsyncClient, edition: Edition, publish: str) -> httpx.Response:
    url = f"/admin/events/{edition.event.slug}/outcomes"
    page = await client.get(url)
    assert page.status_code == 200
    return await client.post(
        url + "/summaries", data={"csrf_token": csrf_from(page.text), "publish": publish}
    )


async def test_summary_not_shown_until_an_organiser_publishes_it(
    client: httpx.AsyncClient,
) -> None:
    edition = await make_edition()
    await _feedback(edition)
    page = await client.get(f"/kennisbank/sessies/{edition.lab.code}")
    assert page.status_code == 200
    assert "Wat vonden de deelnemers?" not in page.text
    assert "praktisch" not in page.text
    api = (await client.get(f"/api/kennisbank/{edition.lab.code}")).json()
    assert api["evaluation"] is None


async def test_summary_published_by_organiser_shows_hand_computed_figures(
    client: httpx.AsyncClient,
) -> None:
    edition = await make_edition()
    await _feedback(edition)
    await login(client, edition.organiser.email)
    answer = await _publish(client, edition, "true")
    assert answer.status_code == 303
    entry = await AuditEntry.get(action="archive.summaries_published")
    assert (entry.event_id, entry.actor_label) == (edition.event.id, edition.organiser.email)

    page = (await client.get(f"/kennisbank/sessies/{edition.lab.code}")).text
    assert "6 deelnemers vulden de evaluatie in." in page
    assert "Gemiddeld 3.8 van 5 uit 6 antwoorden." in page
    assert "Gemiddeld 8.3 van 10 uit 6 antwoorden; NPS 33." in page
    assert "&lt;b&gt;Heel&lt;/b&gt; praktisch &amp; direct bruikbaar" in page
    assert "<b>Heel</b>" not in page
    assert "Jan de Vries" not in page

    api = (await client.get(f"/api/kennisbank/{edition.lab.code}")).json()["evaluation"]
    assert (api["small_group"], api["respondents"]) == (False, 6)
    assert (api["rating"]["mean"], api["rating"]["answered"]) == (3.83, 6)
    assert [b["count"] for b in api["rating"]["distribution"]] == [0, 1, 1, 2, 2]
    assert [b["label"] for b in api["rating"]["distribution"]] == [
        "Heel slecht",
        "Slecht",
        "Gaat wel",
        "Goed",
        "Heel goed",
    ]
    assert (api["recommend"]["mean"], api["recommend"]["nps"]) == (8.33, 33)
    assert [b["count"] for b in api["recommend"]["distribution"]] == [
        0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2,
    ]  # fmt: skip
    assert api["open_answers"] == [{"question": "Vraag text", "text": PUBLISHED}]


async def test_summary_of_a_small_group_says_why_without_figures(
    client: httpx.AsyncClient,
) -> None:
    edition = await make_edition()
    await _feedback(edition)
    await login(client, edition.organiser.email)
    await _publish(client, edition, "true")
    for session in (edition.workshop, edition.raad):  # four responses, and none
        page = (await client.get(f"/kennisbank/sessies/{session.code}")).text
        assert "Minder dan 5 deelnemers vulden de evaluatie in." in page
        assert "Gemiddeld" not in page
        assert "Jan de Vries" not in page
        api = (await client.get(f"/api/kennisbank/{session.code}")).json()["evaluation"]
        assert api == {
            "small_group": True,
            "respondents": None,
            "rating": None,
            "recommend": None,
            "open_answers": [],
        }


async def test_summary_unpublished_again_disappears(client: httpx.AsyncClient) -> None:
    edition = await make_edition()
    await _feedback(edition)
    await login(client, edition.organiser.email)
    await _publish(client, edition, "true")
    assert (await _publish(client, edition, "false")).status_code == 303
    assert await AuditEntry.filter(action="archive.summaries_unpublished").count() == 1
    page = (await client.get(f"/kennisbank/sessies/{edition.lab.code}")).text
    assert "Wat vonden de deelnemers?" not in page
    wrong = await _publish(client, edition, "misschien")
    assert wrong.status_code == 422
    assert "Kies publiceren of niet publiceren." in wrong.text


async def test_summary_switch_is_for_organisers_only(client: httpx.AsyncClient) -> None:
    edition = await make_edition()
    await login(client, edition.partner_user.email)
    page = await client.get("/partners/uitkomsten")
    response = await client.post(
        f"/admin/events/{edition.event.slug}/outcomes/summaries",
        data={"csrf_token": csrf_from(page.text), "publish": "true"},
    )
    assert response.status_code in (403, 404)
    assert not await archive.summaries_published(edition.event.id)
