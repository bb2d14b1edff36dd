"""Reviewers of the next call see the partner's past results next to its proposal, unless the
review is blind."""

from __future__ import annotations

from datetime import UTC, datetime

from festival import clock
from festival.submissions import services as submissions
from festival.submissions.models import Call
from festival.submissions.services import accounts_actor
from tests.factories import make_event
from tests.helpers import login
from tests.submissions.support import make_call, make_proposal, make_reviewer


async def _review_page(client, scenario, *, blind: bool) -> str:
    event = await make_event(slug="dld-2028", organisation=await scenario.event.organisation)
    call = await make_call(event, blind_review=blind)
    proposal = await make_proposal(call, scenario.partner, scenario.partner_user)
    await submissions.submit_proposal(proposal, actor=scenario.partner_user)
    reviewer = await make_reviewer(event, email="reviewer@festival.nl")
    await submissions.assign_reviewer(
        proposal, reviewer.id, event=event, actor=accounts_actor(reviewer)
    )
    clock.set_now(datetime(2027, 4, 1, tzinfo=UTC))  # the 2027 edition has ended
    await login(client, "reviewer@festival.nl")
    page = await client.get(f"/admin/events/dld-2028/cfp/reviews/{proposal.id}")
    assert page.status_code == 200
    assert (await Call.get(id=call.id)).blind_review is blind
    return page.text


async def test_review_page_shows_partner_past_attendance_and_rating(client, scenario) -> None:
    html = await _review_page(client, scenario, blind=False)
    panel = html.split("Eerdere sessies van deze partner")[1]
    assert "Raad op Zaterdag" in panel
    assert "<td>8</td>" in panel and "3.8 / 5 (6 antwoorden)" in panel


async def test_blind_review_hides_past_sessions(client, scenario) -> None:
    html = await _review_page(client, scenario, blind=True)
    panel = html.split("Eerdere sessies van deze partner")[1]
    assert "Bij blind beoordelen zijn eerdere sessies verborgen" in panel
    assert "<td>8</td>" not in panel and "/ 5" not in panel
