"""Answering over HTTP: the personal link (answer, edit, refusals with a clear 4xx), the room
poster and its form (ticket code, anonymous with limits, forged code), unsubscribing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from festival import clock
from festival.feedback import services as feedback
from festival.feedback.models import SurveyAnswer, SurveyResponse
from tests.feedback.conftest import (
    SECRET,
    WORKSHOP_ENDS,
    attendee,
    check_in,
    feedback_event,
    session_link,
)
from tests.helpers import csrf_from


async def _anna_at_the_workshop() -> tuple[dict, dict]:
    setup = await feedback_event()
    anna = await attendee(
        setup, "Anna de Vries", "anna@utrecht.nl", sessions=[setup["workshop"].id]
    )
    await check_in(setup, anna, setup["workshop"].id)
    clock.set_now(WORKSHOP_ENDS + timedelta(minutes=5))
    return setup, anna


async def _url_and_questions(setup: dict, anna: dict) -> tuple[str, list[int]]:
    link = await session_link(setup, anna, setup["workshop"])
    token = feedback.answer_token(link, secret_key=SECRET)
    target = await feedback.target_for_link(setup["event"], link, channel="link")
    ids = [q.id for q in await feedback.questions_for(target)]
    return f"/events/dld-2027/feedback/a/{token}", ids


async def test_answer_page_shows_the_session_and_labelled_faces(client: httpx.AsyncClient) -> None:
    setup, anna = await _anna_at_the_workshop()
    url, ids = await _url_and_questions(setup, anna)
    page = await client.get(url)
    assert page.status_code == 200
    assert "Raad op Zaterdag" in page.text
    assert "Fatima El Amrani" in page.text
    assert "zaterdag 20 maart, 11:00–12:00" in page.text  # Amsterdam time
    for label in ("Heel slecht", "Slecht", "Gaat wel", "Goed", "Heel goed"):
        assert f"<span>{label}</span>" in page.text
    assert f'name="q{ids[0]}" value="5"' in page.text
    english = await client.get(url + "?lang=en")
    assert "How useful was this session for you?" in english.text


async def test_answer_then_edit_from_the_link(client: httpx.AsyncClient) -> None:
    setup, anna = await _anna_at_the_workshop()
    url, ids = await _url_and_questions(setup, anna)
    token = csrf_from((await client.get(url)).text)
    sent = await client.post(
        url, data={"csrf_token": token, f"q{ids[0]}": "4", f"q{ids[1]}": "Delen"}
    )
    assert sent.status_code == 303
    page = await client.get(url)
    assert "Dank u wel! Uw antwoorden zijn opgeslagen." in page.text
    assert f'id="q{ids[0]}-4" name="q{ids[0]}" value="4" checked' in page.text
    assert "Wijzigingen opslaan" in page.text
    again = await client.post(url, data={"csrf_token": token, f"q{ids[0]}": "2"})
    assert again.status_code == 303
    [response] = await SurveyResponse.all()
    numbers = await SurveyAnswer.filter(response_id=response.id).values_list("number", flat=True)
    assert list(numbers) == [2]


async def test_script_in_an_answer_is_escaped_on_the_page(client: httpx.AsyncClient) -> None:
    setup, anna = await _anna_at_the_workshop()
    url, ids = await _url_and_questions(setup, anna)
    token = csrf_from((await client.get(url)).text)
    script = "<script>alert(1)</script>"
    await client.post(url, data={"csrf_token": token, f"q{ids[1]}": script})
    page = await client.get(url)
    assert script not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


@pytest.mark.parametrize(
    ("field", "value", "status", "message"),
    [
        pytest.param(0, "9", 422, "Kies een waarde van 1 tot 5.", id="out-of-range"),
        pytest.param(1, "x" * 2001, 422, "Uw antwoord is te lang", id="too-long"),
    ],
)
async def test_wrong_values_get_a_clear_4xx_and_nothing_is_saved(
    client: httpx.AsyncClient, field: int, value: str, status: int, message: str
) -> None:
    setup, anna = await _anna_at_the_workshop()
    url, ids = await _url_and_questions(setup, anna)
    token = csrf_from((await client.get(url)).text)
    refused = await client.post(url, data={"csrf_token": token, f"q{ids[field]}": value})
    assert refused.status_code == status
    assert message in refused.text
    assert await SurveyResponse.all().count() == 0


async def test_a_tampered_link_is_a_404_with_a_clear_page(client: httpx.AsyncClient) -> None:
    setup, anna = await _anna_at_the_workshop()
    url, _ids = await _url_and_questions(setup, anna)
    page = await client.get(url[:-3] + "abc")
    assert page.status_code == 404
    assert "Deze link klopt niet." in page.text


async def test_answers_after_closing_get_a_409(client: httpx.AsyncClient) -> None:
    setup, anna = await _anna_at_the_workshop()
    url, ids = await _url_and_questions(setup, anna)
    token = csrf_from((await client.get(url)).text)
    clock.set_now(datetime(2027, 4, 4, tzinfo=UTC))
    page = await client.get(url)
    assert "Deze vragenlijst is gesloten." in page.text
    refused = await client.post(url, data={"csrf_token": token, f"q{ids[0]}": "4"})
    assert refused.status_code == 409
    assert await SurveyResponse.all().count() == 0


# ---------------------------------------------------------------- the room poster


async def test_poster_has_a_qr_code_and_an_unknown_code_is_a_404(client: httpx.AsyncClient) -> None:
    await _anna_at_the_workshop()
    page = await client.get("/events/dld-2027/feedback/s/RAAD1")
    assert page.status_code == 200
    assert '<svg class="qr"' in page.text
    assert "http://testserver/events/dld-2027/feedback/s/RAAD1/form" in page.text
    forged = await client.get("/events/dld-2027/feedback/s/NOPE9")
    assert forged.status_code == 404
    assert "Deze sessie bestaat niet." in forged.text
    assert (await client.get("/events/dld-2027/feedback/s/NOPE9/form")).status_code == 404


async def test_poster_form_with_the_ticket_code_answers_as_that_attendee(
    client: httpx.AsyncClient,
) -> None:
    setup, anna = await _anna_at_the_workshop()
    _url, ids = await _url_and_questions(setup, anna)
    form_url = "/events/dld-2027/feedback/s/RAAD1/form"
    token = csrf_from((await client.get(form_url)).text)
    wrong = await client.post(
        form_url, data={"csrf_token": token, "ticket_code": "zzzzzzzz", f"q{ids[0]}": "5"}
    )
    assert wrong.status_code == 422
    assert "Deze ticketcode kennen we niet." in wrong.text
    missing = await client.post(form_url, data={"csrf_token": token, f"q{ids[0]}": "5"})
    assert missing.status_code == 422
    assert "Vul uw ticketcode in." in missing.text
    done = await client.post(
        form_url, data={"csrf_token": token, "ticket_code": anna["ticket"].tid, f"q{ids[0]}": "5"}
    )
    assert done.status_code == 200
    assert "Dank u wel!" in done.text
    [response] = await SurveyResponse.all()
    assert (response.channel, response.verified, response.role) == ("poster", True, "griffier")
    link = await session_link(setup, anna, setup["workshop"])
    assert response.respondent == feedback.respondent_key(link, secret_key=SECRET)


async def test_anonymous_poster_answers_where_allowed_are_limited_per_device(
    client: httpx.AsyncClient,
) -> None:
    setup, anna = await _anna_at_the_workshop()
    _url, ids = await _url_and_questions(setup, anna)
    settings = await feedback.settings_for(setup["event"].id)
    settings.anonymous_session_ids = [setup["workshop"].id]
    await settings.save()
    form_url = "/events/dld-2027/feedback/s/RAAD1/form"
    page = await client.get(form_url)
    assert "anoniem" in page.text
    token = csrf_from(page.text)
    for _ in range(2):
        sent = await client.post(form_url, data={"csrf_token": token, f"q{ids[0]}": "3"})
        assert sent.status_code == 200
    third = await client.post(form_url, data={"csrf_token": token, f"q{ids[0]}": "3"})
    assert third.status_code == 429
    rows = await SurveyResponse.all().values_list("channel", "verified", "respondent")
    assert rows == [("anonymous", False, None), ("anonymous", False, None)]


async def test_unsubscribe_from_the_mail_link(client: httpx.AsyncClient) -> None:
    _setup, anna = await _anna_at_the_workshop()
    url = feedback.unsubscribe_url("", "dld-2027", anna["attendee_id"], secret_key=SECRET)
    page = await client.get(url)
    assert "Afmelden voor vragenlijsten" in page.text
    done = await client.post(url, data={"csrf_token": csrf_from(page.text)})
    assert "U bent afgemeld." in done.text
    assert await feedback.is_unsubscribed(anna["attendee_id"])
    assert (await client.get(url[:-4] + "abcd")).status_code == 404


async def test_event_survey_link_asks_about_the_whole_event_with_a_0_to_10_scale(
    client: httpx.AsyncClient,
) -> None:
    setup, anna = await _anna_at_the_workshop()
    _session_survey, event_survey = await feedback.surveys_for(setup["event"].id)
    link = feedback.AnswerLink(anna["attendee_id"], event_survey.id, None)
    url = feedback.answer_url("", "dld-2027", link, secret_key=SECRET)
    page = await client.get(url)
    assert page.status_code == 200
    assert "Wat vond u van het evenement?" in page.text
    assert "Zou u dit evenement aanraden aan een collega?" in page.text
    target = await feedback.target_for_link(setup["event"], link, channel="link")
    recommend = (await feedback.questions_for(target))[1].id
    token = csrf_from(page.text)
    refused = await client.post(url, data={"csrf_token": token, f"q{recommend}": "11"})
    assert refused.status_code == 422
    assert "Kies een waarde van 0 tot 10." in refused.text
    done = await client.post(url, data={"csrf_token": token, f"q{recommend}": "10"})
    assert done.status_code == 303
    [response] = await SurveyResponse.all()
    assert response.session_id is None


async def test_a_session_link_used_as_the_event_survey_is_refused(
    client: httpx.AsyncClient,
) -> None:
    setup, anna = await _anna_at_the_workshop()
    session_survey, _event_survey = await feedback.surveys_for(setup["event"].id)
    wrong = feedback.AnswerLink(anna["attendee_id"], session_survey.id, None)
    url = feedback.answer_url("", "dld-2027", wrong, secret_key=SECRET)
    page = await client.get(url)
    assert page.status_code == 404
    assert "Deze link hoort niet bij deze vragenlijst." in page.text


async def test_a_ticket_code_of_someone_who_was_not_there_is_refused(
    client: httpx.AsyncClient,
) -> None:
    setup, anna = await _anna_at_the_workshop()
    bert = await attendee(setup, "Bert Bakker", "bert@zeist.nl")
    clock.set_now(WORKSHOP_ENDS + timedelta(minutes=5))
    _url, ids = await _url_and_questions(setup, anna)
    form_url = "/events/dld-2027/feedback/s/RAAD1/form"
    token = csrf_from((await client.get(form_url)).text)
    refused = await client.post(
        form_url, data={"csrf_token": token, "ticket_code": bert["ticket"].tid, f"q{ids[0]}": "1"}
    )
    assert refused.status_code == 403
    assert "Volgens onze gegevens was u niet bij deze sessie." in refused.text
    assert await SurveyResponse.all().count() == 0
