"""Organiser results pages, the export and publishing open answers (scenario in conftest.py)."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from festival.accounts.models import Organisation, Role
from festival.audit import AuditEntry
from festival.feedback.models import SurveyAnswer
from tests.factories import make_user
from tests.helpers import csrf_from, login


async def _organiser(client, scenario) -> None:
    organisation = await Organisation.get(id=scenario.event.organisation_id)
    user = await make_user(role=Role.ORGANISER, organisation=organisation)
    await login(client, user.email)


async def test_results_page_shows_figures_and_hides_small_groups(client, scenario) -> None:
    await _organiser(client, scenario)
    response = await client.get("/admin/events/dld-2027/feedback/results")
    assert response.status_code == 200
    html = response.text
    assert "Raad op Zaterdag" in html and "75%" in html and "3.8" in html
    assert html.count('class="small-group"') == 5  # session B, track, format, 2 roles
    assert 'role="img"' in html
    english = await client.get("/admin/events/dld-2027/feedback/results?lang=en")
    assert "fewer than 5" in english.text


async def test_results_session_page_escapes_and_publishes_open_answers(client, scenario) -> None:
    await _organiser(client, scenario)
    url = f"/admin/events/dld-2027/feedback/results/sessions/{scenario.sessions['a'].id}"
    page = await client.get(url)
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert(1)" not in page.text
    answer = await SurveyAnswer.get(text="Heel leerzaam")
    done = await client.post(
        f"/admin/events/dld-2027/feedback/results/answers/{answer.id}",
        data={"csrf_token": csrf_from(page.text), "publishable": "true"},
    )
    assert (done.status_code, done.headers["location"]) == (303, url)
    assert (await SurveyAnswer.get(id=answer.id)).publishable is True
    entry = await AuditEntry.get(action="feedback.answer_published")
    assert (entry.subject_id, entry.event_id) == (str(answer.id), scenario.event.id)


async def test_results_publish_refuses_small_session_and_other_event(client, scenario) -> None:
    await _organiser(client, scenario)
    page = await client.get("/admin/events/dld-2027/feedback/results")
    token = csrf_from(page.text)
    small = await SurveyAnswer.filter(text="Te kort").first()
    assert small is not None
    refused = await client.post(
        f"/admin/events/dld-2027/feedback/results/answers/{small.id}",
        data={"csrf_token": token, "publishable": "true"},
    )
    assert refused.status_code == 422
    missing = await client.post(
        "/admin/events/dld-2027/feedback/results/answers/999999",
        data={"csrf_token": token, "publishable": "true"},
    )
    assert missing.status_code == 404
    wrong = await client.post(
        f"/admin/events/dld-2027/feedback/results/answers/{small.id}",
        data={"csrf_token": token, "publishable": "misschien"},
    )
    assert wrong.status_code == 422
    assert not await SurveyAnswer.filter(publishable=True).exists()


async def test_results_session_page_of_small_session_shows_no_answers(client, scenario) -> None:
    await _organiser(client, scenario)
    page = await client.get(
        f"/admin/events/dld-2027/feedback/results/sessions/{scenario.sessions['b'].id}"
    )
    assert page.status_code == 200
    assert "Te kort" not in page.text and "Minder dan 5 respondenten" in page.text


async def test_results_export_csv_and_xlsx_keep_the_small_group_rule(client, scenario) -> None:
    await _organiser(client, scenario)
    csv_response = await client.get("/admin/events/dld-2027/feedback/results.csv")
    assert csv_response.status_code == 200
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Indeling", "Groep", "Respondenten"]
    lab = [r for r in rows if r[1] == "Democratie Testlab"]
    assert [r[:3] for r in lab] == [
        ["Sessie", "Democratie Testlab", "minder dan 5"],
        ["Per werkvorm", "Democratie Testlab", "minder dan 5"],
    ]
    useful = [
        r
        for r in rows
        if r[0] == "Sessie" and r[1] == "Raad op Zaterdag" and r[4] == "Vraag rating"
    ]
    assert [(r[5], r[6], r[7]) for r in useful] == [
        ("Heel slecht", "0", "3.83"),
        ("Slecht", "1", "3.83"),
        ("Gaat wel", "1", "3.83"),
        ("Goed", "2", "3.83"),
        ("Heel goed", "2", "3.83"),
    ]
    xlsx = await client.get("/admin/events/dld-2027/feedback/results.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Per doelgroep", "Griffiers", "minder dan 5"] in [v[:3] for v in values]
    assert not any(v[1] == "Griffiers" and isinstance(v[2], int) for v in values)
    assert (await client.get("/admin/events/dld-2027/feedback/results.pdf")).status_code == 404


async def test_results_pages_refuse_partners_and_other_organisers(client, scenario) -> None:
    stranger = await make_user(role=Role.ORGANISER)
    await login(client, stranger.email)
    assert (await client.get("/admin/events/dld-2027/feedback/results")).status_code == 403
