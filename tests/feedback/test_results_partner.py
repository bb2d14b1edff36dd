"""Partners read the results of their own sessions, under the small-group rule, and no others."""

from __future__ import annotations

from festival.submissions.models import Proposal
from tests.helpers import login


async def test_partner_sees_own_session_results(client, scenario) -> None:
    await login(client, scenario.partner_user.email)
    listing = await client.get("/partners/results")
    assert listing.status_code == 200
    assert "Raad op Zaterdag" in listing.text and "Begroting lezen" not in listing.text
    page = await client.get(f"/partners/results/{scenario.sessions['a'].id}")
    assert page.status_code == 200
    assert "Heel leerzaam" in page.text and "3.8" in page.text
    assert "Publiceerbaar maken" not in page.text  # only organisers mark answers
    portal = await client.get("/partners")
    assert 'href="/partners/results"' in portal.text


async def test_partner_gets_404_for_another_partners_session(client, scenario) -> None:
    await login(client, scenario.other_partner_user.email)
    for session in scenario.sessions.values():
        assert (await client.get(f"/partners/results/{session.id}")).status_code == 404
    listing = await client.get("/partners/results")
    assert "Raad op Zaterdag" not in listing.text


async def test_partner_small_session_shows_fewer_than_five(client, scenario) -> None:
    await Proposal.filter(organisation_id=scenario.partner.id).update(
        session_id=scenario.sessions["b"].id
    )
    await login(client, scenario.partner_user.email)
    page = await client.get(f"/partners/results/{scenario.sessions['b'].id}")
    assert page.status_code == 200
    assert "Te kort" not in page.text and "minder dan 5" in page.text
    listing = await client.get("/partners/results")
    assert 'class="small-group"' in listing.text
