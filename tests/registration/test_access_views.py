"""Access needs over HTTP: the room form's facilities, the fit shown when choosing workshops,
the organiser's list of mismatches, the door roster without names, the editor's warning."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx

from festival.accounts.models import Role
from festival.events.models import Room
from festival.registration.models import Attendee
from tests.factories import (
    make_event,
    make_organisation,
    make_room,
    make_session,
    make_ticket_type,
    make_user,
    make_venue,
)
from tests.helpers import csrf_token, login
from tests.registration.conftest import person, register
from tests.registration.test_views import _hidden, _post_step


async def _setup() -> tuple:  # type: ignore[type-arg]
    organisation = await make_organisation()
    event = await make_event(organisation, slug="dld-2027")
    ticket = await make_ticket_type(event)
    hall = await make_room(event, name="Raadzaal", step_free=True, hearing_loop=True)
    upstairs = await make_room(event, name="Commissiekamer", step_free=True)
    plenary = await make_session(event, title="Opening", room=hall)
    workshop = await make_session(
        event,
        title="Begroting lezen",
        room=upstairs,
        starts_at=datetime(2027, 3, 20, 12, 0, tzinfo=UTC),
    )
    return organisation, event, ticket, hall, upstairs, plenary, workshop


def _meta(html: str, title: str) -> str:
    """The small text beside a workshop's radio button (room, seats, access fit)."""
    match = re.search(
        rf"{title}</span></label>\s*<span class=\"choice-meta\"[^>]*>(.*?)</div>", html
    )
    assert match, f"no choice for {title}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


async def test_register_sessions_step_says_per_workshop_if_the_room_fits(
    client: httpx.AsyncClient,
) -> None:
    _o, _event, ticket, _h, _u, plenary, workshop = await _setup()
    url = "/events/dld-2027/register"
    page = (await client.get(url)).text
    page = (await _post_step(client, url, page, "ticket", {"ticket_type": ticket.id})).text
    people = {
        "attendees.0.name": "Anna de Vries",
        "attendees.0.email": "anna@utrecht.nl",
        "attendees.0.access_needs": ["hearing_loop", "step_free"],
        "attendees.0.access_discreet": "1",
    }
    page = (await _post_step(client, url, page, "people", people)).text
    assert _meta(page, "Opening") == (
        "Raadzaal · Nog 30 plekken vrij · ✓ drempelvrij: aanwezig; ✓ ringleiding: aanwezig"
    )
    assert _meta(page, "Begroting lezen") == (
        "Commissiekamer · Nog 30 plekken vrij · ✓ drempelvrij: aanwezig; "
        "✗ ringleiding: niet in deze zaal"
    )
    choice = {"attendees.0.slot.0": plenary.id, "attendees.0.slot.1": workshop.id}
    page = (await _post_step(client, url, page, "sessions", choice)).text
    done = await _post_step(client, url, page, "summary", {"consent": "yes"})
    assert done.status_code == 303
    anna = await Attendee.get(name="Anna de Vries")
    assert (anna.access_needs, anna.access_discreet) == (["hearing_loop", "step_free"], True)


async def test_manage_workshop_change_shows_the_fit_and_nothing_without_needs(
    client: httpx.AsyncClient,
) -> None:
    _o, _e, ticket, _h, _u, _p, _w = await _setup()
    url = "/events/dld-2027/register"
    page = (await client.get(url)).text
    page = (await _post_step(client, url, page, "ticket", {"ticket_type": ticket.id})).text
    people = {
        "attendees.0.name": "Bram Jansen",
        "attendees.0.email": "bram@utrecht.nl",
        "attendees.0.access_needs": "quiet_space",
    }
    page = (await _post_step(client, url, page, "people", people)).text
    page = (await _post_step(client, url, page, "sessions", {})).text
    done = await _post_step(client, url, page, "summary", {"consent": "yes"})
    manage = done.headers["location"].split("?")[0]
    bram = await Attendee.get(name="Bram Jansen")
    sessions = (await client.get(f"{manage}/attendees/{bram.id}/sessions")).text
    assert _meta(sessions, "Begroting lezen") == (
        "Commissiekamer · Nog 30 plekken vrij · ✗ stille ruimte in de buurt: niet in deze zaal"
    )
    await Attendee.filter(id=bram.id).update(access_needs=[])
    sessions = (await client.get(f"{manage}/attendees/{bram.id}/sessions")).text
    assert _meta(sessions, "Opening") == "Raadzaal · Nog 30 plekken vrij"


async def test_room_form_saves_facilities_and_lists_them(client: httpx.AsyncClient) -> None:
    organisation = await make_organisation()
    event = await make_event(organisation, slug="dld-2027")
    venue = await make_venue(event)
    await login(client, (await make_user(role=Role.ORGANISER, organisation=organisation)).email)
    token = await csrf_token(client)
    response = await client.post(
        "/admin/events/dld-2027/rooms",
        data={
            "venue_id": str(venue.id),
            "name": "Trouwzaal",
            "capacity": "40",
            "step_free": "1",
            "sign_language": "1",
            "csrf_token": token,
        },
    )
    assert response.status_code == 303
    room = await Room.get(name="Trouwzaal")
    assert room.facilities == ["step_free", "sign_language"]
    listing = (await client.get("/admin/events/dld-2027/rooms")).text
    assert "<td>Drempelvrij, Plaats voor een gebarentolk</td>" in listing
    edit = (await client.get(f"/admin/events/dld-2027/rooms/{room.id}")).text
    assert 'id="facility-step_free" name="step_free" value="1"' in edit
    assert re.search(r'id="facility-step_free"[^>]*checked', edit)
    assert not re.search(r'id="facility-hearing_loop"[^>]*checked', edit)
    assert event.id == room.event_id


async def _organiser(client: httpx.AsyncClient, organisation: object) -> str:
    await login(client, (await make_user(role=Role.ORGANISER, organisation=organisation)).email)
    return await csrf_token(client)


async def test_access_page_lists_mismatches_and_roster_hides_names_on_request(
    client: httpx.AsyncClient,
) -> None:
    organisation, event, ticket, _h, _u, plenary, workshop = await _setup()
    await register(
        event,
        ticket,
        person(1, name="Anna de Vries", access_needs=["hearing_loop"]),
        person(2, name="Bram Jansen", access_needs=["hearing_loop"], access_discreet=True),
        person(3, name="Cor Smit", access_needs=["other"], access_other="Een stoel met leuning"),
        sessions=[[workshop.id], [workshop.id], [plenary.id]],
    )
    await _organiser(client, organisation)
    page = (await client.get("/admin/events/dld-2027/access-needs")).text
    rows = re.findall(
        r"<tr><td>(.*?)</td>\s*<th scope=\"row\"><a [^>]*>(.*?)</a></th>\s*"
        r"<td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>",
        page,
    )
    assert [r[1:] for r in rows] == [("Begroting lezen", "Ringleiding", "2", "Commissiekamer")]
    roster = (await client.get(f"/admin/events/dld-2027/seats/{workshop.id}")).text
    assert "<li>Ringleiding: 2 personen (<strong>de zaal heeft dit niet</strong>)</li>" in roster
    assert "1 persoon vroeg om zijn of haar wensen niet bij de naam te zetten." in roster
    assert re.search(r"Anna de Vries</th>.*?<td>Ringleiding </td>", roster)
    assert re.search(r"Bram Jansen</th>.*?<td> </td>", roster)
    csv = (await client.get(f"/admin/events/dld-2027/seats/{workshop.id}/attendees.csv")).text
    lines = [line.split(";") for line in csv.splitlines()[1:]]
    assert [(cells[0], cells[4]) for cells in lines] == [
        ("Anna de Vries", "hearing_loop"),
        ("Bram Jansen", ""),
    ]


async def test_editor_move_answers_with_the_access_needs_the_new_room_lacks(
    client: httpx.AsyncClient,
) -> None:
    organisation, event, ticket, hall, upstairs, plenary, _w = await _setup()
    await register(
        event,
        ticket,
        person(1, access_needs=["hearing_loop", "step_free"]),
        person(2, access_needs=["hearing_loop"]),
        person(3),
        sessions=[[plenary.id], [plenary.id], [plenary.id]],
    )
    token = await _organiser(client, organisation)
    move = f"/admin/events/dld-2027/programme/sessions/{plenary.id}/move"
    placement = {"starts_at": "2027-03-20T10:00:00Z", "ends_at": "2027-03-20T11:00:00Z"}
    response = await client.post(
        move, json={"room_id": upstairs.id, **placement}, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 200
    assert response.json()["session"]["room"] == "Commissiekamer"
    assert response.json()["access_warnings"] == [
        {
            "need": "hearing_loop",
            "attendees": 2,
            "room": "Commissiekamer",
            "message": "2 deelnemers met een plek hebben ringleiding nodig; "
            "Commissiekamer heeft dat niet.",
        }
    ]
    back = await client.post(
        move, json={"room_id": hall.id, **placement}, headers={"X-CSRF-Token": token}
    )
    assert back.json()["access_warnings"] == []


async def test_manage_edit_attendee_sets_and_clears_discretion(client: httpx.AsyncClient) -> None:
    _o, _e, ticket, _h, _u, _p, _w = await _setup()
    url = "/events/dld-2027/register"
    page = (await client.get(url)).text
    page = (await _post_step(client, url, page, "ticket", {"ticket_type": ticket.id})).text
    people = {"attendees.0.name": "Cor Smit", "attendees.0.email": "cor@utrecht.nl"}
    page = (await _post_step(client, url, page, "people", people)).text
    page = (await _post_step(client, url, page, "sessions", {})).text
    done = await _post_step(client, url, page, "summary", {"consent": "yes"})
    manage = done.headers["location"].split("?")[0]
    cor = await Attendee.get(name="Cor Smit")
    assert cor.access_discreet is False
    edit = f"{manage}/attendees/{cor.id}/edit"
    form = {
        "csrf_token": _hidden((await client.get(edit)).text, "csrf_token"),
        "attendees.0.name": "Cor Smit",
        "attendees.0.email": "cor@utrecht.nl",
        "attendees.0.access_needs": "step_free",
        "attendees.0.access_discreet": "1",
    }
    assert (await client.post(edit, data=form)).status_code == 303
    await cor.refresh_from_db()
    assert (cor.access_needs, cor.access_discreet) == (["step_free"], True)
    assert re.search(r'id="attendees-0-access_discreet"[^>]*checked', (await client.get(edit)).text)
    form.pop("attendees.0.access_discreet")
    assert (await client.post(edit, data=form)).status_code == 303
    await cor.refresh_from_db()
    assert cor.access_discreet is False
