"""The organiser back office over HTTP, as an organiser."""

from __future__ import annotations

import httpx
import pytest

from festival.accounts.models import Organisation, Role, User
from festival.audit import AuditEntry
from festival.events.models import Event, EventStatus, Room, Track, Venue
from tests.events.conftest import field_error, log_in
from tests.factories import make_event, make_organisation, make_user, make_venue
from tests.helpers import login

GOOD = {
    "name": "Democratiefestival 2027",
    "name_en": "Democracy Festival 2027",
    "slug": "festival-2027",
    "timezone": "Europe/Amsterdam",
    "starts_date": "2027-06-11",
    "starts_time": "10:00",
    "ends_date": "2027-06-12",
    "ends_time": "18:00",
    "retention_days": "365",
}


@pytest.fixture
async def organiser(client: httpx.AsyncClient) -> tuple[Organisation, User, str]:
    organisation = await make_organisation(name="Stichting Test")
    user = await make_user(role=Role.ORGANISER, organisation=organisation)
    return organisation, user, await log_in(client, user)


async def test_dashboard_lists_events_of_own_organisations(
    client: httpx.AsyncClient, organiser: tuple[Organisation, User, str]
) -> None:
    organisation, _user, _csrf = organiser
    await make_event(organisation, name="Mijn evenement")
    await make_event(name="Andermans evenement")
    response = await client.get("/admin")
    assert response.status_code == 200
    assert "Mijn evenement" in response.text
    assert "Andermans evenement" not in response.text
    assert "Organisator" in response.text


async def test_dashboard_requires_login(client: httpx.AsyncClient) -> None:
    response = await client.get("/admin")
    assert (response.status_code, response.headers["location"]) == (303, "/login?next=/admin")


async def test_create_event_with_bad_input_shows_errors_and_saves_nothing(
    client: httpx.AsyncClient, organiser: tuple[Organisation, User, str]
) -> None:
    organisation, _user, csrf = organiser
    bad = GOOD | {
        "organisation_id": str(organisation.id),
        "slug": "Fout Adres",
        "ends_date": "2027-06-10",
        "csrf_token": csrf,
    }
    response = await client.post("/admin/events/new", data=bad)
    assert response.status_code == 422
    assert field_error(response.text, "slug").startswith("Gebruik alleen kleine letters")
    assert field_error(response.text, "ends_date") == "Het einde moet na het begin liggen."
    assert 'value="Democratiefestival 2027"' in response.text
    assert 'aria-describedby="slug-hint slug-error"' in response.text
    assert await Event.all().count() == 0


async def test_create_event_with_good_input_saves_a_draft(
    client: httpx.AsyncClient, organiser: tuple[Organisation, User, str]
) -> None:
    organisation, _user, csrf = organiser
    response = await client.post(
        "/admin/events/new",
        data=GOOD | {"organisation_id": str(organisation.id), "csrf_token": csrf},
    )
    assert (response.status_code, response.headers["location"]) == (
        303,
        "/admin/events/festival-2027",
    )
    event = await Event.get(slug="festival-2027")
    assert (event.status, event.name_en, event.organisation_id) == (
        EventStatus.DRAFT,
        "Democracy Festival 2027",
        organisation.id,
    )
    page = await client.get("/admin/events/festival-2027")
    assert "Het evenement is aangemaakt als concept." in page.text
    assert "vrijdag 11 juni 2027, 10:00" in page.text


async def test_create_event_for_other_organisation_is_refused(
    client: httpx.AsyncClient, organiser: tuple[Organisation, User, str]
) -> None:
    csrf = organiser[2]
    other = await make_organisation()
    response = await client.post(
        "/admin/events/new", data=GOOD | {"organisation_id": str(other.id), "csrf_token": csrf}
    )
    assert response.status_code == 422
    assert field_error(response.text, "organisation_id") == "Kies een organisatie uit de lijst."
    assert await Event.all().count() == 0


async def test_edit_event_saves_and_audits(
    client: httpx.AsyncClient, organiser: tuple[Organisation, User, str]
) -> None:
    organisation, user, csrf = organiser
    event = await make_event(organisation, slug="dld-2027", name="Oude naam")
    form = (await client.get("/admin/events/dld-2027/edit")).text
    assert 'value="2027-03-20"' in form and 'value="09:00"' in form
    data = GOOD | {
        "slug": "dld-2027",
        "name": "Nieuwe naam",
        "starts_date": "2027-03-20",
        "starts_time": "09:00",
        "ends_date": "2027-03-20",
        "ends_time": "17:00",
        "csrf_token": csrf,
    }
    response = await client.post("/admin/events/dld-2027/edit", data=data)
    assert response.status_code == 303
    assert (await Event.get(id=event.id)).name == "Nieuwe naam"
    entry = await AuditEntry.get(action="event.updated")
    assert entry.actor_label == user.email
    assert entry.data["changes"]["name"] == ["Oude naam", "Nieuwe naam"]


async def test_publish_and_archive_via_post(
    client: httpx.AsyncClient, organiser: tuple[Organisation, User, str]
) -> None:
    organisation, _user, csrf = organiser
    event = await make_event(organisation, slug="concept", status=EventStatus.DRAFT)
    assert (
        await client.post("/admin/events/concept/publish", data={"csrf_token": csrf})
    ).status_code == 303
    assert (await Event.get(id=event.id)).status == EventStatus.PUBLISHED
    assert (await client.get("/events/concept")).status_code == 200
    await client.post("/admin/events/concept/archive", data={"csrf_token": csrf})
    assert "Het evenement is gearchiveerd." in (await client.get("/admin/events/concept")).text
    again = await client.post(
        "/admin/events/concept/publish", data={"csrf_token": csrf}, follow_redirects=True
    )
    assert "Dat kan niet in de huidige status van het evenement." in again.text
    assert (await Event.get(id=event.id)).status == EventStatus.ARCHIVED


async def test_other_organisations_event_is_forbidden(
    client: httpx.AsyncClient, organiser: tuple[Organisation, User, str]
) -> None:
    csrf = organiser[2]
    await make_event(slug="van-een-ander")
    assert (await client.get("/admin/events/van-een-ander")).status_code == 403
    assert (
        await client.post("/admin/events/van-een-ander/publish", data={"csrf_token": csrf})
    ).status_code == 403


async def test_reviewer_cannot_open_event_settings(client: httpx.AsyncClient) -> None:
    organisation = await make_organisation()
    await log_in(client, await make_user(role=Role.REVIEWER, organisation=organisation))
    await make_event(organisation, slug="dld-2027")
    assert (await client.get("/admin/events/dld-2027/edit")).status_code == 403
    start = await client.get("/admin")
    assert (start.status_code, start.headers["location"]) == (
        303,
        "/admin/events/dld-2027/cfp/reviews",
    )
    assert (await client.get("/admin/events/dld-2027/cfp/reviews")).status_code == 200


async def test_rooms_page_creates_refuses_and_deletes(
    client: httpx.AsyncClient, organiser: tuple[Organisation, User, str]
) -> None:
    organisation, _user, csrf = organiser
    event = await make_event(organisation, slug="dld-2027")
    venue = await make_venue(event, name="Stadhuis")
    bad = await client.post(
        "/admin/events/dld-2027/rooms",
        data={"venue_id": str(venue.id), "name": "Raadzaal", "capacity": "0", "csrf_token": csrf},
    )
    assert bad.status_code == 422
    assert field_error(bad.text, "capacity") == "De capaciteit moet groter zijn dan 0."
    good = await client.post(
        "/admin/events/dld-2027/rooms",
        data={"venue_id": str(venue.id), "name": "Raadzaal", "capacity": "250", "csrf_token": csrf},
    )
    assert good.status_code == 303
    room = await Room.get(name="Raadzaal")
    listing = await client.get("/admin/events/dld-2027/rooms")
    assert "Raadzaal" in listing.text and "250" in listing.text
    refused = await client.post(
        f"/admin/events/dld-2027/venues/{venue.id}/delete",
        data={"csrf_token": csrf},
        follow_redirects=True,
    )
    assert "Deze locatie heeft nog zalen." in refused.text
    await client.post(f"/admin/events/dld-2027/rooms/{room.id}/delete", data={"csrf_token": csrf})
    assert await Room.all().count() == 0
    assert await Venue.all().count() == 1


async def test_tracks_and_venues_pages_edit(
    client: httpx.AsyncClient, organiser: tuple[Organisation, User, str]
) -> None:
    organisation, _user, csrf = organiser
    await make_event(organisation, slug="dld-2027")
    await client.post(
        "/admin/events/dld-2027/tracks",
        data={"name": "Jong & democratie", "color": "#8a4b00", "csrf_token": csrf},
    )
    track = await Track.get(name="Jong & democratie")
    edit = await client.get(f"/admin/events/dld-2027/tracks/{track.id}")
    assert 'value="Jong &amp; democratie"' in edit.text
    await client.post(
        f"/admin/events/dld-2027/tracks/{track.id}",
        data={"name": "Jong en democratie", "color": "#8a4b00", "csrf_token": csrf},
    )
    assert (await Track.get(id=track.id)).name == "Jong en democratie"
    await client.post(
        "/admin/events/dld-2027/venues", data={"name": "Bibliotheek Neude", "csrf_token": csrf}
    )
    assert (await client.get("/admin/events/dld-2027/venues")).text.count("Bibliotheek Neude") == 3


async def test_audit_page_shows_entries_in_event_time(
    client: httpx.AsyncClient, organiser: tuple[Organisation, User, str]
) -> None:
    organisation, user, csrf = organiser
    await make_event(organisation, slug="dld-2027", status=EventStatus.DRAFT)
    await client.post("/admin/events/dld-2027/publish", data={"csrf_token": csrf})
    await client.post(
        "/admin/events/dld-2027/tracks", data={"name": "Weerbaar bestuur", "csrf_token": csrf}
    )
    page = await client.get("/admin/events/dld-2027/audit?action=event.")
    assert page.status_code == 200
    assert "<code>event.published</code>" in page.text
    assert "track.created" not in page.text
    assert user.email in page.text
    assert '<a href="/admin/events/dld-2027/audit" aria-current="page">' in page.text


async def test_new_event_page_offers_own_organisations(
    client: httpx.AsyncClient, organiser: tuple[Organisation, User, str]
) -> None:
    await make_organisation(name="Andere stichting")
    response = await client.get("/admin/events/new")
    assert response.status_code == 200
    assert "Stichting Test</option>" in response.text
    assert "Andere stichting" not in response.text
    assert '<option value="Europe/Amsterdam" selected>' in response.text


async def test_every_back_office_page_of_the_demo_renders(client: httpx.AsyncClient) -> None:
    from festival import demo

    await demo.load_demo()
    await login(client, "owner@demo.festival.nl", demo.PASSWORD)
    event = await Event.get(slug="dld-demo")
    ids = {
        "venues": (await Venue.filter(event=event).first()).id,  # type: ignore[union-attr]
        "rooms": (await Room.filter(event=event).first()).id,  # type: ignore[union-attr]
        "tracks": (await Track.filter(event=event).first()).id,  # type: ignore[union-attr]
    }
    base = "/admin/events/dld-demo"
    pages = ["/admin", base, f"{base}/edit", f"{base}/audit", f"{base}/audit?action=room.&page=1"]
    for kind, item_id in ids.items():
        pages += [f"{base}/{kind}", f"{base}/{kind}/{item_id}"]
    for page in pages:
        response = await client.get(page)
        assert (page, response.status_code) == (page, 200)
        assert response.text.count("<h1") == 1
    dashboard = (await client.get("/admin")).text
    assert "Dag van de Lokale Democratie 2027" in dashboard and "Eigenaar" in dashboard


async def test_event_overview_separates_registration_moments_and_counts_days(
    client: httpx.AsyncClient, organiser: tuple[Organisation, User, str]
) -> None:
    from datetime import UTC, datetime

    organisation, _user, _csrf = organiser
    await make_event(
        organisation,
        slug="dld-2027",
        registration_opens_at=datetime(2027, 1, 5, 8, 0, tzinfo=UTC),
        registration_closes_at=datetime(2027, 3, 17, 22, 59, tzinfo=UTC),
        retention_days=1,
    )
    html = (await client.get("/admin/events/dld-2027")).text
    assert "open vanaf 05-01-2027, 09:00, sluit op 17-03-2027, 23:59" in html
    assert "<dd>1 dag na het evenement</dd>" in html


async def test_venue_and_room_forms_keep_english_texts(
    client: httpx.AsyncClient, organiser: tuple[Organisation, User, str]
) -> None:
    organisation, _user, csrf = organiser
    await make_event(organisation, slug="dld-2027")
    await client.post(
        "/admin/events/dld-2027/venues",
        data={
            "name": "Bibliotheek Neude",
            "directions": "Vijf minuten lopen.",
            "directions_en": "A five-minute walk.",
            "step_free_notes_en": "Step-free.",
            "csrf_token": csrf,
        },
    )
    venue = await Venue.get(name="Bibliotheek Neude")
    assert (venue.directions_en, venue.step_free_notes_en) == ("A five-minute walk.", "Step-free.")
    edit = (await client.get(f"/admin/events/dld-2027/venues/{venue.id}")).text
    assert ">A five-minute walk.</textarea>" in edit
    await client.post(
        "/admin/events/dld-2027/rooms",
        data={
            "venue_id": str(venue.id),
            "name": "Studio",
            "capacity": "12",
            "accessibility_notes_en": "Ground floor.",
            "csrf_token": csrf,
        },
    )
    assert (await Room.get(name="Studio")).accessibility_notes_en == "Ground floor."
