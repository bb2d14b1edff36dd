"""Partner portal and organiser pages over HTTP: access rules, forms, escaping, blind review."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from festival import clock
from festival.accounts.models import Role
from festival.mail.models import OutboxMessage
from festival.submissions import services as submissions
from festival.submissions.models import Attachment, Proposal, ProposalSpeaker, ProposalState
from festival.submissions.services import accounts_actor
from tests.factories import make_user
from tests.helpers import csrf_from, login
from tests.submissions.support import NOW, make_call, make_partner, make_proposal, make_reviewer

PDF = b"%PDF-1.4\n%%EOF\n"


async def _csrf(client: httpx.AsyncClient, path: str = "/partners/contacts") -> str:
    return csrf_from((await client.get(path)).text)


async def test_signup_form_creates_partner_and_logs_in(client: httpx.AsyncClient) -> None:
    page = await client.get("/partners/signup")
    assert page.status_code == 200
    response = await client.post(
        "/partners/signup",
        data={
            "csrf_token": csrf_from(page.text),
            "name": "Jongerenraad Amersfoort",
            "kind": "youth",
            "municipality": "Amersfoort",
            "contact_name": "Sam",
            "contact_email": "sam@jongerenraad.nl",
            "password": "lang-genoeg-wachtwoord",
        },
    )
    assert response.status_code == 303
    portal = await client.get("/partners")
    assert "Partnerportaal van Jongerenraad Amersfoort" in portal.text
    assert "Bevestig eerst het e-mailadres" in portal.text
    assert (
        await OutboxMessage.filter(to="sam@jongerenraad.nl", template="submissions/verify").count()
        == 1
    )


async def test_signup_form_with_errors_keeps_values(client: httpx.AsyncClient) -> None:
    page = await client.get("/partners/signup")
    response = await client.post(
        "/partners/signup",
        data={
            "csrf_token": csrf_from(page.text),
            "name": "Huis voor democratie",
            "kind": "organiser",
            "contact_name": "",
            "contact_email": "geen-adres",
            "password": "kort",
        },
    )
    assert response.status_code == 422
    assert 'value="Huis voor democratie"' in response.text
    assert 'id="contact_email-error"' in response.text
    assert 'aria-describedby="password-hint password-error"' in response.text


async def _world(settings: Any) -> dict[str, Any]:
    call = await make_call()
    org_a, user_a = await make_partner(email="a@gemeente-a.nl")
    _org_b, user_b = await make_partner(email="b@gemeente-b.nl")
    proposal = await make_proposal(
        call, org_a, user_a, title="<script>alert('x')</script> Democratie Testlab"
    )
    speaker = await ProposalSpeaker.create(proposal=proposal, email="s@a.nl", name="Spreker A")
    attachment = await submissions.add_attachment(
        proposal, filename="plan.pdf", content=PDF, media_dir=settings.media_dir, actor=user_a
    )
    return {
        "call": call,
        "proposal": proposal,
        "speaker": speaker,
        "attachment": attachment,
        "user_a": user_a,
        "user_b": user_b,
    }


async def test_script_in_text_fields_is_escaped(client: httpx.AsyncClient, settings: Any) -> None:
    world = await _world(settings)
    await login(client, "a@gemeente-a.nl")
    page = await client.get(f"/partners/proposals/{world['proposal'].id}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Democratie Testlab" in page.text


async def test_partner_b_gets_nothing_of_partner_a_on_every_route(
    client: httpx.AsyncClient, settings: Any
) -> None:
    world = await _world(settings)
    p, s, a = world["proposal"].id, world["speaker"].id, world["attachment"].id
    await login(client, "b@gemeente-b.nl")
    token = await _csrf(client)
    base = f"/partners/proposals/{p}"
    gets = [base, base + "/edit", f"{base}/speakers/{s}", f"{base}/attachments/{a}"]
    posts = [
        base + "/edit",
        base + "/submit",
        base + "/withdraw",
        base + "/confirm",
        base + "/public",
        base + "/speakers",
        f"{base}/speakers/{s}",
        f"{base}/speakers/{s}/remove",
        base + "/attachments",
        f"{base}/attachments/{a}/remove",
    ]
    for path in gets:
        response = await client.get(path)
        assert response.status_code == 404, path
        assert "Democratie Testlab" not in response.text
    for path in posts:
        response = await client.post(
            path,
            data={
                "csrf_token": token,
                "title": "Overgenomen",
                "summary": "x",
                "email": "evil@b.nl",
                "name": "Evil",
            },
        )
        assert response.status_code == 404, path
    slug = world["call"].event.slug
    for path in (
        f"/admin/events/{slug}/cfp",
        f"/admin/events/{slug}/cfp/proposals",
        f"/admin/events/{slug}/cfp/proposals/{p}",
        f"/admin/events/{slug}/cfp/reviews/{p}",
        f"/admin/events/{slug}/cfp/proposals/{p}/attachments/{a}",
    ):
        assert (await client.get(path)).status_code == 403, path
    for path in (
        f"/admin/events/{slug}/cfp/proposals/{p}/decide",
        f"/admin/events/{slug}/cfp/decisions",
        f"/admin/events/{slug}/cfp/proposals/{p}/assign",
        f"/admin/events/{slug}/cfp/mails/send",
    ):
        response = await client.post(
            path, data={"csrf_token": token, "decision": "accept", "proposal_ids": str(p)}
        )
        assert response.status_code == 403, path
    proposal = await Proposal.get(id=p)
    assert (proposal.title, proposal.state) == (
        "<script>alert('x')</script> Democratie Testlab",
        ProposalState.DRAFT,
    )
    assert await ProposalSpeaker.filter(proposal_id=p).count() == 1
    assert await Attachment.filter(proposal_id=p).count() == 1


async def test_attachment_is_served_only_to_its_partner(
    client: httpx.AsyncClient, settings: Any
) -> None:
    world = await _world(settings)
    url = f"/partners/proposals/{world['proposal'].id}/attachments/{world['attachment'].id}"
    anonymous = await client.get(url)
    assert anonymous.status_code == 303
    await login(client, "a@gemeente-a.nl")
    response = await client.get(url)
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")


async def test_upload_of_disguised_file_is_refused_with_message(
    client: httpx.AsyncClient, settings: Any
) -> None:
    world = await _world(settings)
    await login(client, "a@gemeente-a.nl")
    token = await _csrf(client)
    response = await client.post(
        f"/partners/proposals/{world['proposal'].id}/attachments",
        data={"csrf_token": token},
        files={"file": ("plan.pdf", b"MZ\x90\x00binary", "application/pdf")},
    )
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "Alleen PDF of een afbeelding (PNG, JPEG, WebP) is toegestaan." in page.text
    assert await Attachment.filter(proposal_id=world["proposal"].id).count() == 1


async def test_new_proposal_and_submit_over_http(client: httpx.AsyncClient) -> None:
    call = await make_call()
    await make_partner(email="p@zeist.nl")
    clock.set_now(NOW)
    await login(client, "p@zeist.nl")
    form_page = await client.get(f"/partners/calls/{call.event.slug}/new")
    assert form_page.status_code == 200
    response = await client.post(
        f"/partners/calls/{call.event.slug}/new",
        data={
            "csrf_token": csrf_from(form_page.text),
            "title": "Democratie Testlab",
            "summary": "Probeer het zelf.",
            "format": "lab",
            "duration_minutes": "90",
            "answer_q1": "Experimenteren",
            "audiences": ["jongeren"],
        },
    )
    assert response.status_code == 303
    proposal = await Proposal.get(title="Democratie Testlab")
    assert proposal.audiences == ["jongeren"]
    token = await _csrf(client, response.headers["location"])
    submitted = await client.post(
        f"/partners/proposals/{proposal.id}/submit", data={"csrf_token": token}
    )
    assert submitted.status_code == 303
    await proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    portal = await client.get("/partners")
    assert "Democratie Testlab" in portal.text
    assert "Ingediend" in portal.text


async def test_new_proposal_after_deadline_keeps_values_and_says_why(
    client: httpx.AsyncClient,
) -> None:
    call = await make_call()
    await make_partner(email="p@zeist.nl")
    await login(client, "p@zeist.nl")
    clock.set_now(call.closes_at.replace(hour=23))  # 00:59:59 on 1 February in Amsterdam
    page = await client.get(f"/partners/calls/{call.event.slug}/new")
    response = await client.post(
        f"/partners/calls/{call.event.slug}/new",
        data={
            "csrf_token": csrf_from(page.text),
            "title": "Te laat",
            "summary": "x",
            "format": "workshop",
            "duration_minutes": "60",
        },
    )
    assert response.status_code == 409
    assert "De deadline voor voorstellen is voorbij." in response.text
    assert 'value="Te laat"' in response.text
    assert await Proposal.filter(title="Te laat").count() == 0


async def test_blind_review_hides_partner_names_from_reviewer(client: httpx.AsyncClient) -> None:
    call = await make_call(blind_review=True)
    organisation, user = await make_partner(name="Gemeente Geheim")
    proposal = await make_proposal(call, organisation, user)
    await submissions.submit_proposal(proposal, actor=user)
    reviewer = await make_reviewer(call.event, email="r@festival.nl")
    await submissions.assign_reviewer(
        proposal, reviewer.id, event=call.event, actor=accounts_actor(reviewer)
    )
    await login(client, "r@festival.nl")
    slug = call.event.slug
    listing = await client.get(f"/admin/events/{slug}/cfp/reviews")
    page = await client.get(f"/admin/events/{slug}/cfp/reviews/{proposal.id}")
    assert listing.status_code == page.status_code == 200
    assert "Raad op Zaterdag" in page.text
    assert "Gemeente Geheim" not in page.text + listing.text
    assert "Bij blind beoordelen zijn eerdere sessies verborgen" in page.text


async def test_reviewer_cannot_open_unassigned_or_own_proposal(client: httpx.AsyncClient) -> None:
    call = await make_call()
    organisation, user = await make_partner()
    proposal = await make_proposal(call, organisation, user)
    await submissions.submit_proposal(proposal, actor=user)
    reviewer = await make_reviewer(call.event, email="r@festival.nl")
    await login(client, "r@festival.nl")
    page = await client.get(f"/admin/events/{call.event.slug}/cfp/reviews/{proposal.id}")
    assert page.status_code == 404
    from festival.accounts.models import Membership

    await Membership.create(user=reviewer, organisation=organisation, role=Role.PARTNER)
    page = await client.get(f"/admin/events/{call.event.slug}/cfp/reviews/{proposal.id}")
    assert page.status_code == 403
    assert "eigen organisatie" in page.text


async def test_review_form_refuses_score_six(client: httpx.AsyncClient) -> None:
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
    ids = [int(x) for x in re.findall(r'name="score_(\d+)" value="1"', page.text)]
    response = await client.post(
        url,
        data={
            "csrf_token": csrf_from(page.text),
            f"score_{ids[0]}": "6",
            f"score_{ids[1]}": "3",
            "comment": "Goed",
        },
    )
    assert response.status_code == 422
    assert "Relevantie: kies een score van 1 tot en met 5." in response.text
    assert 'value="Goed"' not in response.text and ">Goed</textarea>" in response.text


async def test_organiser_accepts_previews_and_sends_decision_mail(
    client: httpx.AsyncClient,
) -> None:
    call = await make_call()
    organisation, user = await make_partner(name="Universiteit Utrecht")
    proposal = await make_proposal(call, organisation, user)
    await submissions.submit_proposal(proposal, actor=user)
    organiser_org = await call.event.organisation
    await make_user(role=Role.ORGANISER, organisation=organiser_org, email="org@festival.nl")
    await login(client, "org@festival.nl")
    base = f"/admin/events/{call.event.slug}/cfp"
    overview = await client.get(base + "/proposals")
    assert overview.status_code == 200
    assert "Universiteit Utrecht" in overview.text
    token = csrf_from(overview.text)
    decided = await client.post(
        base + "/decisions",
        data={"csrf_token": token, "decision": "accept", "proposal_ids": str(proposal.id)},
    )
    assert decided.status_code == 303
    preview = await client.get(base + "/mails")
    assert "Uw voorstel &#34;Raad op Zaterdag&#34; is geaccepteerd" in preview.text
    assert "Voorbeeld: 1 e-mail klaar om te versturen" in preview.text
    assert f"Beste {user.name},\n" in preview.text
    assert "Beste Universiteit Utrecht" not in preview.text
    await make_user(role=Role.PARTNER, organisation=organisation, name="Pim Partner")
    preview = await client.get(base + "/mails")
    assert "Voorbeeld: 2 e-mails klaar om te versturen" in preview.text
    assert "Beste Pim Partner,\n" in preview.text
    assert await OutboxMessage.filter(template="submissions/decision").count() == 0
    sent = await client.post(base + "/mails/send", data={"csrf_token": token})
    assert sent.status_code == 303
    message = await OutboxMessage.get(template="submissions/decision", to=user.email)
    assert (message.to, message.subject) == (
        user.email,
        'Uw voorstel "Raad op Zaterdag" is geaccepteerd',
    )
    assert message.text.startswith(f"Beste {user.name},\n")
    assert await OutboxMessage.filter(template="submissions/decision").count() == 2
    await proposal.refresh_from_db()
    assert (proposal.state, proposal.decision_mail_pending) == (ProposalState.ACCEPTED, False)


async def test_organiser_saves_call_settings_in_event_time_zone(client: httpx.AsyncClient) -> None:
    call = await make_call()
    organiser_org = await call.event.organisation
    await make_user(role=Role.ORGANISER, organisation=organiser_org, email="org@festival.nl")
    await login(client, "org@festival.nl")
    url = f"/admin/events/{call.event.slug}/cfp"
    page = await client.get(url)
    assert page.status_code == 200
    assert 'value="23:59:59"' in page.text
    response = await client.post(
        url,
        data={
            "csrf_token": csrf_from(page.text),
            "opens_date": "2026-12-01",
            "closes_date": "2027-06-30",
            "formats": "workshop: 60, 90\ndebate: 45",
            "questions": "Wie doet mee? *",
            "max_proposals_per_partner": "2",
        },
    )
    assert response.status_code == 303
    await call.refresh_from_db()
    assert call.closes_at.isoformat() == "2027-06-30T21:59:59+00:00"  # summer time: UTC+2
    assert call.questions == [{"key": "q1", "label": "Wie doet mee?", "required": True}]


@pytest.mark.parametrize("path", ["/partners", "/partners/contacts"])
async def test_partner_pages_need_a_partner(client: httpx.AsyncClient, path: str) -> None:
    await make_user(email="nobody@example.nl")
    await login(client, "nobody@example.nl")
    assert (await client.get(path)).status_code == 403


async def test_speaker_completes_profile_by_link(
    client: httpx.AsyncClient, settings: Any, tmp_path: Path
) -> None:
    world = await _world(settings)
    token = submissions.make_speaker_token(world["speaker"], secret_key=settings.secret_key)
    page = await client.get(f"/speakers/profile/{token}")
    assert page.status_code == 200
    response = await client.post(
        f"/speakers/profile/{token}",
        data={
            "csrf_token": csrf_from(page.text),
            "name": "Fatima El Amrani",
            "role": "raadslid",
            "bio": "Raadslid.",
        },
    )
    assert response.status_code == 303
    speaker = await ProposalSpeaker.get(id=world["speaker"].id)
    assert (speaker.name, speaker.role, speaker.completed_at is not None) == (
        "Fatima El Amrani",
        "raadslid",
        True,
    )
    assert (await client.get(f"/speakers/profile/{token}x")).status_code == 400


async def test_call_pages_say_deadline_without_seconds_and_durations_as_a_choice(
    client: httpx.AsyncClient,
) -> None:
    call = await make_call(max_proposals_per_partner=1)
    await make_partner(email="p@zeist.nl")
    clock.set_now(NOW)
    await login(client, "p@zeist.nl")
    page = (await client.get(f"/partners/calls/{call.event.slug}")).text
    assert "Indienen kan tot 31 jan 2027, 23:59." in page
    assert "<li>Workshop: 60 of 90 minuten</li>" in page
    assert "Uw organisatie kan hoogstens 1 voorstel indienen." in page
    form = (await client.get(f"/partners/calls/{call.event.slug}/new")).text
    assert ">Workshop (60 of 90 minuten)</option>" in form
    english = (await client.get(f"/partners/calls/{call.event.slug}/new?lang=en")).text
    assert ">Workshop (60 or 90 minutes)</option>" in english
