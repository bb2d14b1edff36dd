"""Reviewer and organiser pages of the call: what an empty review says, and what the proposal
page says about where an accepted proposal stands and what comes next."""

from __future__ import annotations

import httpx

from festival.accounts.models import Role
from festival.submissions import services as submissions
from festival.submissions.services import accounts_actor
from tests.factories import make_user
from tests.helpers import csrf_from, login
from tests.submissions.support import make_call, make_partner, make_proposal, make_reviewer


async def test_empty_review_names_each_criterion_once(client: httpx.AsyncClient) -> None:
    call = await make_call()
    organisation, user = await make_partner()
    proposal = await make_proposal(call, organisation, user)
    await submissions.submit_proposal(proposal, actor=user)
    reviewer = await make_reviewer(call.event, email="r@festival.nl")
    await submissions.assign_reviewer(
        proposal, reviewer.id, event=call.event, actor=accounts_actor(reviewer)
    )
    await login(client, "r@festival.nl")
    url = f"/admin/events/{call.event.slug}/cfp/reviews/{proposal.id}"
    page = await client.get(url)
    response = await client.post(url, data={"csrf_token": csrf_from(page.text)})
    assert response.status_code == 422
    # Each message once in the summary at the top and once at its own question.
    assert response.text.count("Relevantie: kies een score van 1 tot en met 5.") == 2
    assert response.text.count("Vernieuwing: kies een score van 1 tot en met 5.") == 2
    assert "Kies een score van 1 tot en met 5." not in response.text


async def test_proposal_page_says_where_an_accepted_proposal_stands(
    client: httpx.AsyncClient,
) -> None:
    call = await make_call()
    organisation, partner = await make_partner()
    proposal = await make_proposal(call, organisation, partner)
    await submissions.submit_proposal(proposal, actor=partner)
    organiser_org = await call.event.organisation
    await make_user(role=Role.ORGANISER, organisation=organiser_org, email="org@festival.nl")
    await login(client, "org@festival.nl")
    base = f"/admin/events/{call.event.slug}/cfp"
    url = f"{base}/proposals/{proposal.id}"
    token = csrf_from((await client.get(url)).text)
    await client.post(f"{url}/decide", data={"csrf_token": token, "decision": "accept"})

    accepted = (await client.get(url)).text
    assert "Geaccepteerd. De partner weet dit nog niet." in accepted
    assert f'href="{base}/mails"' in accepted

    await client.post(f"{base}/mails/send", data={"csrf_token": token})
    mailed = (await client.get(url)).text
    assert "Geaccepteerd. We wachten op de bevestiging van de partner." in mailed
    assert "De sessie komt pas in het programma als de partner heeft bevestigd." in mailed

    await proposal.refresh_from_db()
    await submissions.confirm_proposal(proposal, actor=partner)
    await proposal.refresh_from_db()
    confirmed = (await client.get(url)).text
    assert "Bevestigd door de partner op 15 januari 2027." in confirmed
    session_url = f"/admin/events/{call.event.slug}/programme/sessions/{proposal.session_id}"
    assert f'href="{session_url}"' in confirmed
    assert "Besluit vastleggen" not in confirmed  # a confirmed proposal takes no new decision
    assert (await client.get(session_url)).status_code == 200
