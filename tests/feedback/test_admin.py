"""The organiser's feedback page (settings, questions) and a partner's own questions, over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from festival import clock
from festival.accounts.models import Role
from festival.feedback import services as feedback
from festival.feedback.models import SurveyKind, SurveyQuestion
from festival.submissions.models import Call, Proposal
from tests.factories import make_organisation, make_user
from tests.feedback.conftest import feedback_event
from tests.helpers import csrf_from, login


async def _organiser(client: httpx.AsyncClient, setup: dict) -> str:
    user = await make_user(role=Role.ORGANISER, organisation=await setup["event"].organisation)
    await login(client, user.email)
    page = await client.get("/admin/events/dld-2027/feedback")
    assert page.status_code == 200
    return csrf_from(page.text)


async def test_organiser_saves_settings_in_the_events_time_zone(client: httpx.AsyncClient) -> None:
    setup = await feedback_event()
    token = await _organiser(client, setup)
    sent = await client.post(
        "/admin/events/dld-2027/feedback/settings",
        data={
            "csrf_token": token,
            "invite_timing": "daily_digest",
            "closes_at": "2027-04-01T18:00",
            "partner_questions_until": "",
            "anonymous_session_ids": [str(setup["lab"].id), "999999"],
        },
    )
    assert sent.status_code == 303
    settings = await feedback.settings_for(setup["event"].id)
    assert settings.invite_timing == "daily_digest"
    assert settings.closes_at == datetime(2027, 4, 1, 16, 0, tzinfo=UTC)  # CEST is UTC+2
    assert settings.partner_questions_until is None
    assert settings.anonymous_session_ids == [setup["lab"].id]
    wrong = await client.post(
        "/admin/events/dld-2027/feedback/settings",
        data={"csrf_token": token, "invite_timing": "daily_digest", "closes_at": "morgen"},
    )
    assert wrong.status_code == 422
    assert "Vul een datum en tijd in" in wrong.text


async def test_organiser_adds_edits_moves_and_deletes_a_question(client: httpx.AsyncClient) -> None:
    setup = await feedback_event()
    token = await _organiser(client, setup)
    added = await client.post(
        "/admin/events/dld-2027/feedback/event/questions",
        data={
            "csrf_token": token,
            "type": "single",
            "text": "Hoe bent u gekomen?",
            "options": "Trein | Train\nFiets | Bike\n",
        },
    )
    assert added.status_code == 303
    survey = await feedback.survey_for(setup["event"].id, SurveyKind.EVENT)
    question = await SurveyQuestion.get(survey_id=survey.id, text="Hoe bent u gekomen?")
    assert question.options == [{"nl": "Trein", "en": "Train"}, {"nl": "Fiets", "en": "Bike"}]
    assert question.position == 5
    edit = await client.get(f"/admin/events/dld-2027/feedback/questions/{question.id}")
    assert "Trein | Train" in edit.text
    await client.post(
        f"/admin/events/dld-2027/feedback/questions/{question.id}",
        data={"csrf_token": token, "type": "text", "text": "Hoe reisde u?"},
    )
    await client.post(
        f"/admin/events/dld-2027/feedback/questions/{question.id}/move",
        data={"csrf_token": token, "direction": "up"},
    )
    texts = [q.text for q in await feedback.survey_questions(survey)]
    assert texts[-2:] == ["Hoe reisde u?", "Wat kan volgend jaar beter?"]
    await client.post(
        f"/admin/events/dld-2027/feedback/questions/{question.id}/delete",
        data={"csrf_token": token},
    )
    assert not await SurveyQuestion.filter(id=question.id).exists()
    empty = await client.post(
        "/admin/events/dld-2027/feedback/session/questions",
        data={"csrf_token": token, "type": "rating", "text": ""},
    )
    assert empty.status_code == 422


async def _partner_with_session(setup: dict) -> tuple[object, Proposal]:
    organisation = await make_organisation(name="Gemeente Zeist", slug="zeist", kind="municipality")
    user = await make_user(role=Role.PARTNER, organisation=organisation)
    call = await Call.create(
        event=setup["event"],
        opens_at=datetime(2026, 9, 1, tzinfo=UTC),
        closes_at=datetime(2026, 11, 1, tzinfo=UTC),
    )
    proposal = await Proposal.create(
        call=call,
        event=setup["event"],
        organisation=organisation,
        title="Raad op Zaterdag",
        summary="Een dag meedoen met de raad.",
        format="workshop",
        duration_minutes=60,
        session_id=setup["workshop"].id,
        state="confirmed",
    )
    return user, proposal


async def test_partner_adds_at_most_two_questions_before_the_date(
    client: httpx.AsyncClient,
) -> None:
    setup = await feedback_event()
    user, proposal = await _partner_with_session(setup)
    settings = await feedback.settings_for(setup["event"].id)
    settings.partner_questions_until = datetime(2027, 3, 1, tzinfo=UTC)
    await settings.save()
    await login(client, user.email)  # type: ignore[attr-defined]
    url = f"/partners/proposals/{proposal.id}/feedback"
    page = await client.get(url)
    assert page.status_code == 200
    token = csrf_from(page.text)
    for text in ("Gaat u loting proberen?", "Wat nam u mee?"):
        sent = await client.post(url, data={"csrf_token": token, "type": "text", "text": text})
        assert sent.status_code == 303
    third = await client.post(url, data={"csrf_token": token, "type": "text", "text": "Nog één"})
    assert third.status_code == 409
    questions = await feedback.partner_questions(setup["workshop"].id)
    assert [(q.text, q.added_by_organisation_id) for q in questions] == [
        ("Gaat u loting proberen?", proposal.organisation_id),
        ("Wat nam u mee?", proposal.organisation_id),
    ]
    clock.set_now(datetime(2027, 3, 2, tzinfo=UTC))
    await SurveyQuestion.filter(id=questions[1].id).delete()
    late = await client.post(url, data={"csrf_token": token, "type": "text", "text": "Te laat"})
    assert late.status_code == 403


async def test_a_partner_cannot_open_another_partners_session(client: httpx.AsyncClient) -> None:
    setup = await feedback_event()
    _user, proposal = await _partner_with_session(setup)
    stranger = await make_user(role=Role.PARTNER, organisation=await make_organisation())
    await login(client, stranger.email)
    assert (await client.get(f"/partners/proposals/{proposal.id}/feedback")).status_code == 404
