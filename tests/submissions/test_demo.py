"""The demo call: a dozen proposals from five partners, some reviewed, loaded once."""

from __future__ import annotations

import httpx

from festival import demo
from festival.submissions.models import Call, PartnerProfile, Proposal, Review
from tests.helpers import login


async def test_demo_has_open_call_with_reviewed_proposals(client: httpx.AsyncClient) -> None:
    await demo.load_demo()
    await demo.load_demo()
    call = await Call.get(event__slug="dld-demo")
    assert call.max_proposals_per_partner == 5
    assert await Proposal.filter(call_id=call.id).count() == 12
    assert await PartnerProfile.filter(verified_at__isnull=False).count() == 5
    assert await Review.all().count() == 12
    await login(client, "organisator@demo.festival.nl", "demo-festival-2027")
    overview = await client.get("/admin/events/dld-demo/cfp/proposals")
    assert overview.status_code == 200
    assert "Jongeren aan tafel bij de raad" in overview.text


async def test_demo_partner_sees_own_proposals_only(client: httpx.AsyncClient) -> None:
    await demo.load_demo()
    await login(client, "partner@demo.festival.nl", "demo-festival-2027")
    portal = await client.get("/partners")
    assert portal.status_code == 200
    assert "Raad op Zaterdag: de raad gaat de wijk in" in portal.text
    assert "Raadsstukken op B1" not in portal.text
