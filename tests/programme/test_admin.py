"""Programme back office over HTTP: the editor, session forms, the move endpoint, speakers,
publishing, and who may come in."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from festival.accounts.models import Organisation, Role
from festival.events.models import Event
from festival.programme.models import ScheduleVersion, Session, SessionState, Speaker
from tests.factories import (
    make_event,
    make_organisation,
    make_room,
    make_session,
    make_speaker,
    make_user,
)
from tests.helpers import csrf_token, login
from tests.programme.test_services import tiny_png


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, 20, hour, minute, tzinfo=UTC)


async def organiser_event(
    client: httpx.AsyncClient, role: Role = Role.ORGANISER
) -> tuple[Event, str]:
    """An event whose organisation the logged-in client belongs to with `role`; and a CSRF token."""
    organisation: Organisation = await make_organisation()
    user = await make_user(role=role, organisation=organisation)
    event = await make_event(organisation)
    await login(client, user.email)
    return event, await csrf_token(client)


async def test_editor_shows_grid_blocks_unplaced_and_conflict_text(
    client: httpx.AsyncClient,
) -> None:
    event, _token = await organiser_event(client)
    room = await make_room(event, name="Raadzaal", capacity=10)
    anna = await make_speaker(event, name="Anna de Vries")
    await make_session(event, room=room, title="Raad op <Zaterdag>", capacity=12, speakers=(anna,))
    await make_session(event, room=None, title="Nog zonder plek")

    response = await client.get(f"/admin/events/{event.slug}/programme")

    assert response.status_code == 200
    html = response.text
    assert '<meta name="csrf-token" content="' in html
    assert "/static/js/schedule-editor.js" in html
    assert f'<th scope="col" data-room-id="{room.id}">Raadzaal' in html
    assert "Raad op &lt;Zaterdag&gt;" in html
    assert "Anna de Vries" in html
    assert "Meer plaatsen dan de zaal" in html
    assert "Niet ingeplande sessies (1)" in html
    assert "Nog zonder plek" in html
    assert 'rowspan="4"' in html
    assert "<script>" not in html
    session = await Session.get(title="Raad op <Zaterdag>")
    move_url = f"/admin/events/{event.slug}/programme/sessions/{session.id}/move"
    assert f'data-move-url="{move_url}"' in html

    fragment = await client.get(f"/admin/events/{event.slug}/programme/grid")
    assert fragment.status_code == 200
    assert f'data-move-url="{move_url}"' in fragment.text
    assert "<html" not in fragment.text


async def test_create_session_with_bad_input_rerenders_with_422(client: httpx.AsyncClient) -> None:
    event, token = await organiser_event(client)
    room = await make_room(event)
    response = await client.post(
        f"/admin/events/{event.slug}/programme/sessions",
        data={
            "csrf_token": token,
            "title": "Werksessie",
            "room_id": str(room.id),
            "day": "2027-03-20",
            "start_time": "11:00",
            "end_time": "10:00",
            "capacity": "-3",
        },
    )
    assert response.status_code == 422
    assert 'id="end_time-error"' in response.text
    assert "De eindtijd moet na de begintijd liggen." in response.text
    assert 'value="Werksessie"' in response.text
    assert await Session.all().count() == 0


async def test_create_session_with_unknown_room_rerenders_with_422(
    client: httpx.AsyncClient,
) -> None:
    event, token = await organiser_event(client)
    response = await client.post(
        f"/admin/events/{event.slug}/programme/sessions",
        data={"csrf_token": token, "title": "Werksessie", "room_id": "999999"},
    )
    assert response.status_code == 422
    assert "Deze zaal bestaat niet bij dit evenement." in response.text
    assert await Session.all().count() == 0


async def test_create_session_then_edit_form_places_it(client: httpx.AsyncClient) -> None:
    event, token = await organiser_event(client)
    room = await make_room(event)
    response = await client.post(
        f"/admin/events/{event.slug}/programme/sessions",
        data={
            "csrf_token": token,
            "title": "Democratie Testlab",
            "format": "lab",
            "audiences": ["jongeren", "inwoners"],
            "requires_registration": "1",
        },
    )
    assert response.status_code == 303
    session = await Session.get(title="Democratie Testlab")
    assert (
        response.headers["location"]
        == f"/admin/events/{event.slug}/programme/sessions/{session.id}"
    )
    assert (session.room_id, session.audiences, session.state) == (
        None,
        ["jongeren", "inwoners"],
        "draft",
    )

    page = await client.get(response.headers["location"])
    assert page.status_code == 200
    assert "Niet ingepland" in page.text
    assert 'maxlength="200" lang="en"' in page.text

    response = await client.post(
        f"/admin/events/{event.slug}/programme/sessions/{session.id}",
        data={
            "csrf_token": token,
            "title": "Democratie Testlab",
            "format": "lab",
            "room_id": str(room.id),
            "day": "2027-03-20",
            "start_time": "13:00",
            "end_time": "14:15",
            "language": "nl",
        },
    )
    assert response.status_code == 303
    stored = await Session.get(id=session.id)
    assert (stored.room_id, stored.starts_at, stored.ends_at) == (room.id, at(12), at(13, 15))


async def test_move_endpoint_saves_and_returns_conflicts(client: httpx.AsyncClient) -> None:
    event, token = await organiser_event(client)
    room, other = await make_room(event, name="Raadzaal"), await make_room(event, name="Trouwzaal")
    busy = await make_session(event, room=other, title="Al bezet")
    session = await make_session(event, room=room, title="Verhuizer", starts_at=at(13))

    response = await client.post(
        f"/admin/events/{event.slug}/programme/sessions/{session.id}/move",
        json={
            "room_id": other.id,
            "starts_at": "2027-03-20T10:30:00Z",
            "ends_at": "2027-03-20T11:30:00Z",
        },
        headers={"X-CSRF-Token": token},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["session"]["id"] == session.id
    assert body["session"]["room"] == "Trouwzaal"
    assert body["session"]["starts_at"] == "2027-03-20T10:30:00+00:00"
    assert [c["code"] for c in body["session"]["conflicts"]] == ["room_double_booked"]
    assert [(c["code"], c["session_ids"]) for c in body["conflicts"]] == [
        ("room_double_booked", [busy.id, session.id])
    ]
    stored = await Session.get(id=session.id)
    assert (stored.room_id, stored.starts_at) == (other.id, at(10, 30))


async def test_move_endpoint_refuses_end_before_start_with_json_422(
    client: httpx.AsyncClient,
) -> None:
    event, token = await organiser_event(client)
    session = await make_session(event)
    response = await client.post(
        f"/admin/events/{event.slug}/programme/sessions/{session.id}/move",
        json={
            "room_id": session.room_id,
            "starts_at": "2027-03-20T12:00:00Z",
            "ends_at": "2027-03-20T11:00:00Z",
        },
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "end_before_start"
    assert (await Session.get(id=session.id)).starts_at == at(10)


async def test_move_endpoint_without_csrf_header_is_refused(client: httpx.AsyncClient) -> None:
    event, _token = await organiser_event(client)
    session = await make_session(event)
    response = await client.post(
        f"/admin/events/{event.slug}/programme/sessions/{session.id}/move",
        json={
            "room_id": session.room_id,
            "starts_at": "2027-03-20T12:00:00Z",
            "ends_at": "2027-03-20T13:00:00Z",
        },
    )
    assert response.status_code == 403
    assert (await Session.get(id=session.id)).starts_at == at(10)


async def test_move_session_of_another_event_is_not_found(client: httpx.AsyncClient) -> None:
    event, token = await organiser_event(client)
    foreign = await make_session(await make_event())
    response = await client.post(
        f"/admin/events/{event.slug}/programme/sessions/{foreign.id}/move",
        json={"room_id": None, "starts_at": None, "ends_at": None},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "session_not_found"


async def test_staff_gets_403_on_every_programme_admin_page(client: httpx.AsyncClient) -> None:
    event, token = await organiser_event(client, role=Role.STAFF)
    session = await make_session(event)
    for path in (
        "",
        "/sessions",
        "/speakers",
        "/conflicts",
        "/publish",
        "/versions",
        f"/sessions/{session.id}",
    ):
        response = await client.get(f"/admin/events/{event.slug}/programme{path}")
        assert response.status_code == 403, path
    response = await client.post(
        f"/admin/events/{event.slug}/programme/sessions/{session.id}/move",
        json={
            "room_id": session.room_id,
            "starts_at": "2027-03-20T12:00:00Z",
            "ends_at": "2027-03-20T13:00:00Z",
        },
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 403
    assert (await Session.get(id=session.id)).starts_at == at(10)


async def test_organiser_of_another_organisation_gets_403(client: httpx.AsyncClient) -> None:
    _mine, _token = await organiser_event(client)
    other = await make_event()
    response = await client.get(f"/admin/events/{other.slug}/programme")
    assert response.status_code == 403


async def test_speaker_upload_accepts_png_and_refuses_fake_png(
    client: httpx.AsyncClient, settings
) -> None:  # type: ignore[no-untyped-def]
    event, token = await organiser_event(client)
    url = f"/admin/events/{event.slug}/programme/speakers"
    fake = await client.post(
        url,
        data={"csrf_token": token, "name": "Nep"},
        files={"photo": ("foto.png", b"GIF89a dit is tekst", "image/png")},
    )
    assert fake.status_code == 422
    assert "Kies een foto in JPEG, PNG of WebP." in fake.text
    assert await Speaker.all().count() == 0

    real = await client.post(
        url,
        data={"csrf_token": token, "name": "Anna <script>x</script>"},
        files={"photo": ("anna.bin", tiny_png(), "application/octet-stream")},
    )
    assert real.status_code == 303
    speaker = await Speaker.get(event_id=event.id)
    assert speaker.photo.endswith(".jpg")
    assert (settings.media_dir / "speakers" / speaker.photo).read_bytes()[:3] == b"\xff\xd8\xff"
    listing = await client.get(url)
    assert "Anna &lt;script&gt;x&lt;/script&gt;" in listing.text


async def test_publish_asks_confirmation_when_conflicts_exist(client: httpx.AsyncClient) -> None:
    event, token = await organiser_event(client)
    await make_session(event, state=SessionState.DRAFT, title="Opening")
    await make_session(event, room=None, state=SessionState.DRAFT, title="Zonder zaal")
    url = f"/admin/events/{event.slug}/programme/publish"

    preview = await client.get(url)
    assert preview.status_code == 200
    assert "Nieuw:</strong> Opening" in preview.text
    assert 'name="confirm_conflicts"' in preview.text

    refused = await client.post(url, data={"csrf_token": token})
    assert refused.status_code == 409
    assert "Er is nog 1 conflict in het programma. Los het op" in refused.text
    assert await ScheduleVersion.all().count() == 0

    done = await client.post(
        url, data={"csrf_token": token, "confirm_conflicts": "1", "comment": "Eerste"}
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/admin/events/{event.slug}/programme/versions"
    versions = await client.get(done.headers["location"])
    assert "Versie 1" in versions.text
    assert "Nieuw:</strong> Opening" in versions.text


async def test_cancel_and_repeat_through_forms(client: httpx.AsyncClient) -> None:
    event, token = await organiser_event(client)
    room = await make_room(event)
    session = await make_session(event, room=room, title="Raad op Zaterdag")
    base = f"/admin/events/{event.slug}/programme/sessions/{session.id}"
    repeat = await client.post(
        base + "/repeat",
        data={
            "csrf_token": token,
            "room_id": str(room.id),
            "day": "2027-03-20",
            "start_time": "15:00",
            "end_time": "16:00",
        },
    )
    assert repeat.status_code == 303
    copy = await Session.get(repeat_of_id=session.id)
    assert copy.starts_at == at(14)
    bad = await client.post(
        base + "/repeat",
        data={
            "csrf_token": token,
            "room_id": str(room.id),
            "day": "2027-03-20",
            "start_time": "15:00",
            "end_time": "14:00",
        },
    )
    assert bad.status_code == 422
    assert 'id="repeat-end_time-error"' in bad.text
    cancel = await client.post(base + "/cancel", data={"csrf_token": token})
    assert cancel.status_code == 303
    assert (await Session.get(id=session.id)).state == SessionState.CANCELLED


async def test_editor_in_english_translates_labels_and_badges(client: httpx.AsyncClient) -> None:
    event, _token = await organiser_event(client)
    room = await make_room(event, capacity=10)
    await make_session(event, room=room, capacity=12)
    response = await client.get(f"/admin/events/{event.slug}/programme?lang=en")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "<h1>Programme schedule</h1>" in response.text
    assert "More seats than the room" in response.text
