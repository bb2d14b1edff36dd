"""Desk, badges and the attendance dashboard over HTTP, as staff of the event's organisation."""

from __future__ import annotations

import re
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from festival import clock
from festival.accounts.models import Role
from festival.checkin import services as checkin
from festival.checkin.models import BadgeBatch, Checkin
from festival.checkin.queries import attendance
from festival.checkin.services import badges
from festival.registration.models import Attendee, Booking, Question, QuestionKind, Registration
from festival.settings import Settings
from tests.checkin.conftest import PHONE_A, registered, setup_event
from tests.conftest import run_jobs
from tests.factories import make_session, make_ticket_type, make_user
from tests.helpers import csrf_from, login


@pytest.fixture(autouse=True)
def _today() -> None:
    clock.set_now(datetime(2027, 3, 20, 10, 30, tzinfo=UTC))  # the workshop started at 10:00


async def _staff(client: httpx.AsyncClient, setup: dict, role: Role = Role.STAFF) -> None:
    user = await make_user(role=role, organisation=await setup["event"].organisation)
    await login(client, user.email)


def _qr_codes(pdf: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "badges.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", str(path), str(Path(folder) / "page")], check=True
        )
        pages = sorted(str(p) for p in Path(folder).glob("page*.png"))
        result = subprocess.run(
            ["zbarimg", "-q", "--raw", *pages], capture_output=True, text=True, check=False
        )
    return sorted(result.stdout.split())


async def test_desk_search_finds_lost_ticket_and_checks_in(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    anna = await registered(setup)
    await _staff(client, setup)
    page = await client.get("/admin/events/dld-2027/desk?q=" + anna["registration"].code)
    assert page.status_code == 200
    assert "Anna de Vries" in page.text
    response = await client.post(
        "/admin/events/dld-2027/desk/checkin",
        data={"attendee_id": str(anna["attendee_id"]), "csrf_token": csrf_from(page.text)},
    )
    assert response.status_code == 303
    checkin_row = await Checkin.get(attendee_id=anna["attendee_id"])
    assert (checkin_row.result, checkin_row.checkpoint, checkin_row.device[:5]) == (
        "ok",
        "entrance",
        "user:",
    )


async def test_desk_walk_in_registers_checks_in_and_offers_a_badge(
    client: httpx.AsyncClient,
) -> None:
    setup = await setup_event()
    clock.set_now(datetime(2027, 3, 20, 8, 0, tzinfo=UTC))
    await _staff(client, setup)
    page = await client.get("/admin/events/dld-2027/desk")
    token = csrf_from(page.text)
    bad = await client.post(
        "/admin/events/dld-2027/desk/walk-in",
        data={
            "name": "Wim",
            "email": "geen-adres",
            "ticket_type": str(setup["ticket_type"].id),
            "csrf_token": token,
        },
    )
    assert bad.status_code == 422
    assert 'aria-describedby="walkin-email-error"' in bad.text
    assert 'value="Wim"' in bad.text
    done = await client.post(
        "/admin/events/dld-2027/desk/walk-in",
        data={
            "name": "Wim Walk-in",
            "email": "wim@zeist.nl",
            "organisation": "Gemeente Zeist",
            "role": "raadslid",
            "ticket_type": str(setup["ticket_type"].id),
            "csrf_token": token,
        },
    )
    assert done.status_code == 303
    assert "printed=" in done.headers["location"]
    assert await Checkin.filter(walk_in=True, result="ok").count() == 1


async def test_desk_is_closed_to_other_organisations(client: httpx.AsyncClient) -> None:
    await setup_event()
    stranger = await make_user(role=Role.STAFF)
    await login(client, stranger.email)
    assert (await client.get("/admin/events/dld-2027/desk")).status_code == 403
    assert (await client.get("/admin/events/dld-2027/attendance")).status_code == 403


async def test_badges_job_renders_a_pdf_whose_qr_codes_decode(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    setup = await setup_event()
    anna = await registered(setup)
    bram = await registered(setup, "Bram Jansen", "bram@utrecht.nl")
    await _staff(client, setup)
    page = await client.get("/admin/events/dld-2027/desk")
    response = await client.post(
        "/admin/events/dld-2027/badges",
        data={"layout": "a4_2x4", "csrf_token": csrf_from(page.text)},
    )
    assert response.status_code == 303
    await run_jobs(settings)
    batch = await BadgeBatch.get()
    assert (batch.state, batch.total, batch.done) == ("done", 2, 2)
    progress = await client.get(response.headers["location"])
    assert "Klaar: 2 badges." in progress.text
    pdf = await client.get(response.headers["location"] + ".pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert _qr_codes(pdf.content) == sorted([anna["payload"], bram["payload"]])


@pytest.mark.parametrize("layout", ["a4_3x8", "single_89x36", "single_62x100"])
async def test_badge_layouts_render(layout: str, database: None) -> None:
    setup = await setup_event()
    anna = await registered(setup)
    batch = await badges.request_badges(
        setup["event"], layout=layout, attendee_ids=[anna["attendee_id"]], actor=PHONE_A.actor
    )
    done = await badges.render_badges(batch.id)
    assert done is not None and done.pdf is not None
    assert _qr_codes(bytes(done.pdf)) == [anna["payload"]]


async def test_badges_progress_page_refreshes_while_running(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    await _staff(client, setup)
    batch = await BadgeBatch.create(
        event_id=setup["event"].id,
        layout="a4_2x4",
        created_at=clock.now(),
        state="running",
        total=40,
        done=10,
    )
    page = await client.get(f"/admin/events/dld-2027/badges/{batch.id}")
    assert 'data-auto-refresh="2" data-final=""' in page.text
    assert "10 van 40 (25%)" in page.text


async def test_attendance_counts_arrivals_occupancy_and_no_shows(client: httpx.AsyncClient) -> None:
    setup = await setup_event()
    anna = await registered(setup, sessions=[setup["workshop"].id])
    bram = await registered(
        setup, "Bram Jansen", "bram@utrecht.nl", sessions=[setup["workshop"].id]
    )
    await registered(setup, "Cas Thuis", "cas@utrecht.nl")
    event = setup["event"]
    for person, minutes in ((anna, 0), (bram, 20)):
        await checkin.scan_ticket(
            person["payload"],
            event=event,
            checkpoint="entrance",
            device=PHONE_A,
            scanned_at=clock.now() - timedelta(minutes=60 - minutes),
        )
    await checkin.scan_ticket(
        anna["payload"], event=event, checkpoint=str(setup["workshop"].id), device=PHONE_A
    )
    data = await attendance.attendance(event)
    assert (data["registered"], data["checked_in"], data["percent"]) == (3, 2, 67)
    assert data["buckets"] == [("10:30", 1), ("10:45", 1)]  # 09:30 and 09:50 UTC, in Amsterdam
    workshop = next(s for s in data["sessions"] if s["id"] == setup["workshop"].id)
    assert (
        workshop["present"],
        workshop["capacity"],
        workshop["percent"],
        workshop["booked"],
        workshop["no_shows"],
    ) == (1, 2, 50, 2, 1)
    await _staff(client, setup, Role.ORGANISER)
    page = await client.get("/admin/events/dld-2027/attendance")
    assert page.status_code == 200
    assert 'data-auto-refresh="30"' in page.text
    assert re.search(r'id="checked-in">2<', page.text)
    assert "<rect " in page.text


async def _walk_in_event(client: httpx.AsyncClient) -> dict:
    """The desk of an event with a required question, a choice question, a ticket type that
    needs an invitation code, and a workshop with one seat (taken by Anna)."""
    setup = await setup_event()
    event = setup["event"]
    setup["small"] = await make_session(
        event, title="Democratie Testlab", capacity=1, room=setup["room"]
    )
    await registered(setup, sessions=[setup["small"].id])
    event.registration_closes_at = datetime(2027, 3, 17, 22, 59, tzinfo=UTC)
    await event.save()
    setup["question"] = await Question.create(
        event=event, label="Namens welke gemeente?", kind=QuestionKind.TEXT, required=True
    )
    setup["lunch"] = await Question.create(
        event=event, label="Lunch", kind=QuestionKind.CHOICE, choices=["vega", "vlees"], position=2
    )
    setup["council"] = await make_ticket_type(event, name="Raadsleden", invitation_code="RAAD2027")
    await _staff(client, setup)
    return setup


async def test_desk_walk_in_form_shows_questions_code_and_open_workshops(
    client: httpx.AsyncClient,
) -> None:
    setup = await _walk_in_event(client)
    page = await client.get("/admin/events/dld-2027/desk")
    assert page.status_code == 200
    form = page.text[page.text.index('id="walkin-title"') :]
    question = setup["question"].id
    assert (
        f'<label for="walkin-answers-{question}">Namens welke gemeente? '
        '<span class="required">(verplicht)</span></label>'
    ) in form
    assert f'name="answers.{setup["lunch"].id}" value="vega"' in form
    assert "Raadsleden (toegangscode nodig)" in form
    assert "Alleen nodig voor: Raadsleden." in form
    assert f'name="attendees.0.slot.0" value="{setup["small"].id}"' in form
    assert "Nog 0 plekken vrij" not in form and "Vol: op de wachtlijst" in form


async def test_desk_walk_in_shows_each_refusal_on_its_field(client: httpx.AsyncClient) -> None:
    setup = await _walk_in_event(client)
    token = csrf_from((await client.get("/admin/events/dld-2027/desk")).text)
    person = {"name": "Wim Walk-in", "email": "wim@zeist.nl", "csrf_token": token}
    wrong_code = await client.post(
        "/admin/events/dld-2027/desk/walk-in",
        data=person | {"ticket_type": str(setup["council"].id), "invitation_code": "RADEN"},
    )
    assert wrong_code.status_code == 422
    assert (
        '<span class="field-error" id="walkin-invitation_code-error">'
        "De toegangscode klopt niet.</span>"
    ) in wrong_code.text
    assert 'value="RADEN"' in wrong_code.text
    no_answer = await client.post(
        "/admin/events/dld-2027/desk/walk-in",
        data=person
        | {
            "ticket_type": str(setup["council"].id),
            "invitation_code": "raad2027",
            f"answers.{setup['lunch'].id}": "vis",
        },
    )
    assert no_answer.status_code == 422
    question, lunch = setup["question"].id, setup["lunch"].id
    assert (
        f'<span class="field-error" id="walkin-answers-{question}-error">'
        "Beantwoord deze vraag.</span>"
    ) in no_answer.text
    assert (
        f'<p class="field-error" id="walkin-answers-{lunch}-error">'
        "Kies een van de mogelijkheden.</p>"
    ) in no_answer.text
    assert f'<li><a href="#walkin-answers-{question}">Beantwoord deze vraag.</a></li>' in (
        no_answer.text
    )
    assert await Registration.filter(contact_email="wim@zeist.nl").count() == 0


async def test_desk_walk_in_answers_questions_and_books_workshops_after_closing(
    client: httpx.AsyncClient,
) -> None:
    setup = await _walk_in_event(client)
    token = csrf_from((await client.get("/admin/events/dld-2027/desk")).text)
    question, lunch = setup["question"].id, setup["lunch"].id
    done = await client.post(
        "/admin/events/dld-2027/desk/walk-in",
        data={
            "name": "Wim Walk-in",
            "email": "wim@zeist.nl",
            "ticket_type": str(setup["council"].id),
            "invitation_code": "raad2027",
            f"answers.{question}": "Zeist",
            f"answers.{lunch}": "vega",
            "attendees.0.slot.0": str(setup["small"].id),
            "csrf_token": token,
        },
    )
    assert done.status_code == 303
    attendee = await Attendee.get(email="wim@zeist.nl")
    assert attendee.answers == {str(question): "Zeist", str(lunch): "vega"}
    booking = await Booking.get(attendee_id=attendee.id)
    assert (booking.session_id, booking.status) == (setup["small"].id, "waitlisted")
    assert await Booking.filter(session_id=setup["small"].id, status="confirmed").count() == 1
    assert await Checkin.filter(attendee_id=attendee.id, walk_in=True, result="ok").count() == 1
    page = await client.get(done.headers["location"])
    assert "Wim Walk-in is aangemeld en ingecheckt." in page.text
    text = " ".join(page.text.split())
    assert "<li>11:00 Democratie Testlab: op de wachtlijst, nummer 1</li>" in text
