"""Organiser exports of registration data: answers as columns, any session title as sheet
name, and no formula from attendee input ever runs in a spreadsheet."""

from __future__ import annotations

import io

import httpx
from openpyxl import load_workbook

from festival.accounts.models import Role
from festival.events.models import Event
from festival.registration.models import Question, QuestionKind
from festival.registration.services.exports import sheet_title
from tests.factories import make_event, make_organisation, make_session, make_ticket_type, make_user
from tests.helpers import login
from tests.registration.conftest import person, register

BASE = "/admin/events/dld-2027"


async def _organiser(client: httpx.AsyncClient) -> Event:
    organisation = await make_organisation()
    await make_user(role=Role.ORGANISER, organisation=organisation, email="org@festival.nl")
    event = await make_event(organisation, slug="dld-2027")
    await login(client, "org@festival.nl")
    return event


async def test_registration_export_shows_answers_and_neutralises_formulas(
    client: httpx.AsyncClient,
) -> None:
    event = await _organiser(client)
    ticket = await make_ticket_type(event)
    question = await Question.create(
        event=event, label="Waar werkt u?", kind=QuestionKind.TEXT, position=1
    )
    answers = {str(question.id): '=HYPERLINK("http://evil.example")'}
    await register(
        event,
        ticket,
        person(1, name="@SUM(A1:A9)", organisation="+31 30 123", answers=answers),
    )

    csv_rows = [
        line.split(";")
        for line in (await client.get(f"{BASE}/registrations/export.csv"))
        .content.decode("utf-8-sig")
        .splitlines()
    ]
    column = f"Waar werkt u? ({question.id})"
    assert csv_rows[0][-2:] == ["sessions", column]
    row = dict(zip(csv_rows[0], csv_rows[1], strict=True))
    assert (row["name"], row["organisation"], row[column]) == (
        "'@SUM(A1:A9)",
        "'+31 30 123",
        '"\'=HYPERLINK(""http://evil.example"")"',
    )

    response = await client.get(f"{BASE}/registrations/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    assert [
        (cells[k].value, cells[k].data_type, cells[k].quotePrefix) for k in ("name", column)
    ] == [
        ("@SUM(A1:A9)", "s", True),
        ('=HYPERLINK("http://evil.example")', "s", True),
    ]
    assert (cells["email"].value, cells["email"].quotePrefix) == ("deelnemer1@gemeente.nl", False)


async def test_session_roster_xlsx_accepts_any_title(client: httpx.AsyncClient) -> None:
    event = await _organiser(client)
    ticket = await make_ticket_type(event)
    title = "Raad op Zaterdag: wat werkt? [en] waarom/niet * een lange titel"
    workshop = await make_session(event, title=title, capacity=10)
    await register(event, ticket, person(1, name="Anna de Vries"), sessions=[[workshop.id]])
    response = await client.get(f"{BASE}/seats/{workshop.id}/attendees.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Raad op Zaterdag wat werkt en w"]
    assert [row[0] for row in workbook.active.iter_rows(values_only=True)] == [  # type: ignore[union-attr]
        "name",
        "Anna de Vries",
    ]


def test_sheet_title_is_valid_for_every_input() -> None:
    assert sheet_title("registrations") == "registrations"
    assert sheet_title("'?:*'") == "export"
    assert sheet_title("a" * 40) == "a" * 31
    assert sheet_title("x\x00y\ttab") == "x y tab"
