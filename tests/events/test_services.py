"""Event rules: validation, status changes, venues/rooms/tracks, and their audit rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from festival import clock
from festival.accounts.models import Role
from festival.accounts.services import actor_for
from festival.audit import AuditEntry
from festival.errors import Conflict, NotFound, ValidationError
from festival.events import forms, services
from festival.events.models import Event, EventStatus, Room, Track, Venue
from tests.factories import (
    make_event,
    make_organisation,
    make_room,
    make_track,
    make_user,
    make_venue,
)

pytestmark = pytest.mark.usefixtures("database")

FORM = {
    "name": "Democratiefestival 2027",
    "slug": "festival-2027",
    "timezone": "Europe/Amsterdam",
    "starts_date": "2027-06-11",
    "starts_time": "10:00",
    "ends_date": "2027-06-12",
    "ends_time": "18:00",
    "registration_opens_date": "2027-01-10",
    "registration_opens_time": "09:00",
    "registration_closes_date": "2027-06-10",
    "registration_closes_time": "23:59",
    "retention_days": "180",
    "contact_email": "info@example.nl",
    "privacy_url": "https://example.nl/privacy",
}


async def _organiser():
    organisation = await make_organisation()
    return organisation, await make_user(role=Role.ORGANISER, organisation=organisation)


def test_event_data_converts_local_times_to_utc() -> None:
    data = forms.event_data(FORM)
    assert data.starts_at == datetime(2027, 6, 11, 8, 0, tzinfo=UTC)
    assert data.ends_at == datetime(2027, 6, 12, 16, 0, tzinfo=UTC)
    assert data.registration_closes_at == datetime(2027, 6, 10, 21, 59, tzinfo=UTC)
    assert data.retention_days == 180


def test_event_data_names_every_wrong_field() -> None:
    bad = FORM | {
        "name": "",
        "timezone": "Mars/Olympus",
        "starts_date": "11-06-2027",
        "retention_days": "veel",
        "contact_email": "geen-adres",
    }
    with pytest.raises(ValidationError) as caught:
        forms.event_data(bad)
    assert sorted(caught.value.fields) == [
        "contact_email",
        "name",
        "retention_days",
        "starts_date",
        "timezone",
    ]


async def test_create_event_saves_a_draft_and_audits() -> None:
    organisation, user = await _organiser()
    event = await services.create_event(
        forms.event_data(FORM), organisation_id=organisation.id, user=user
    )
    assert (event.status, event.slug, event.organisation_id) == (
        EventStatus.DRAFT,
        "festival-2027",
        organisation.id,
    )
    entries = await AuditEntry.filter(event_id=event.id).values_list("action", "actor_label")
    assert entries == [("event.created", user.email)]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"slug": "Festival 2027"}, "slug", id="slug-with-capitals-and-space"),
        pytest.param({"slug": "new"}, "slug", id="reserved-slug"),
        pytest.param(
            {"ends_date": "2027-06-11", "ends_time": "09:00"}, "ends_date", id="end-before-start"
        ),
        pytest.param(
            {"registration_closes_date": "2027-06-13"},
            "registration_closes_date",
            id="closes-after-end",
        ),
        pytest.param(
            {
                "registration_opens_date": "2027-06-10",
                "registration_opens_time": "23:59",
                "registration_closes_time": "12:00",
            },
            "registration_closes_date",
            id="closes-before-opens",
        ),
        pytest.param({"retention_days": "-1"}, "retention_days", id="negative-retention"),
    ],
)
async def test_create_event_refuses_invalid_input(changes: dict[str, str], field: str) -> None:
    organisation, user = await _organiser()
    with pytest.raises(ValidationError) as caught:
        await services.create_event(
            forms.event_data(FORM | changes), organisation_id=organisation.id, user=user
        )
    assert list(caught.value.fields) == [field]
    assert await Event.all().count() == 0
    assert await AuditEntry.filter(action="event.created").count() == 0


async def test_create_event_refuses_taken_slug() -> None:
    organisation, user = await _organiser()
    await make_event(organisation, slug="festival-2027")
    with pytest.raises(ValidationError) as caught:
        await services.create_event(
            forms.event_data(FORM), organisation_id=organisation.id, user=user
        )
    assert caught.value.fields == {
        "slug": "Dit webadres is al in gebruik door een ander evenement."
    }


async def test_create_event_refuses_organisation_of_someone_else() -> None:
    _organisation, user = await _organiser()
    other = await make_organisation()
    reviewer_org = await make_organisation()
    reviewer = await make_user(role=Role.REVIEWER, organisation=reviewer_org)
    for who, organisation_id in ((user, other.id), (reviewer, reviewer_org.id)):
        with pytest.raises(ValidationError) as caught:
            await services.create_event(
                forms.event_data(FORM), organisation_id=organisation_id, user=who
            )
        assert caught.value.code == "organisation_not_allowed"
    assert await Event.all().count() == 0


async def test_update_event_audits_changed_fields_only() -> None:
    organisation, user = await _organiser()
    event = await services.create_event(
        forms.event_data(FORM), organisation_id=organisation.id, user=user
    )
    data = forms.event_data(
        FORM | {"name": "Democratiefestival 2027 (nieuw)", "retention_days": "90"}
    )
    await services.update_event(event, data, actor=actor_for(user))
    entry = await AuditEntry.get(action="event.updated")
    assert entry.data == {
        "changes": {
            "name": ["Democratiefestival 2027", "Democratiefestival 2027 (nieuw)"],
            "retention_days": [180, 90],
        }
    }
    await services.update_event(event, data, actor=actor_for(user))
    assert await AuditEntry.filter(action="event.updated").count() == 1


async def test_update_event_keeps_own_slug() -> None:
    organisation, user = await _organiser()
    event = await services.create_event(
        forms.event_data(FORM), organisation_id=organisation.id, user=user
    )
    await services.update_event(
        event, forms.event_data(FORM | {"name": "Andere naam"}), actor=actor_for(user)
    )
    assert (await Event.get(id=event.id)).name == "Andere naam"


async def test_publish_unpublish_archive_change_status_and_audit() -> None:
    organisation, user = await _organiser()
    event = await make_event(organisation, status=EventStatus.DRAFT)
    actor = actor_for(user)
    await services.publish_event(event, actor=actor)
    with pytest.raises(Conflict):
        await services.publish_event(event, actor=actor)
    await services.unpublish_event(event, actor=actor)
    await services.archive_event(event, actor=actor)
    with pytest.raises(Conflict):
        await services.publish_event(event, actor=actor)
    assert (await Event.get(id=event.id)).status == EventStatus.ARCHIVED
    actions = (
        await AuditEntry.filter(event_id=event.id).order_by("id").values_list("action", flat=True)
    )
    assert actions == ["event.published", "event.unpublished", "event.archived"]


async def test_public_event_hides_drafts() -> None:
    await make_event(slug="concept", status=EventStatus.DRAFT)
    with pytest.raises(NotFound):
        await services.public_event_page("concept")


@pytest.mark.parametrize(
    ("now", "state"),
    [
        pytest.param(datetime(2026, 12, 31, tzinfo=UTC), "not_yet_open", id="before"),
        pytest.param(datetime(2027, 2, 1, tzinfo=UTC), "open", id="during"),
        pytest.param(datetime(2027, 3, 19, tzinfo=UTC), "closed", id="after-closing"),
        pytest.param(datetime(2027, 3, 21, tzinfo=UTC), "closed", id="after-event"),
    ],
)
async def test_registration_state_follows_the_window(now: datetime, state: str) -> None:
    event = await make_event(
        registration_opens_at=datetime(2027, 1, 1, tzinfo=UTC),
        registration_closes_at=datetime(2027, 3, 18, tzinfo=UTC),
    )
    assert services.registration_state(event, now=now) == state


async def test_upcoming_and_past_events_split_on_the_clock() -> None:
    clock.set_now(datetime(2027, 1, 1, tzinfo=UTC))
    await make_event(
        slug="toen",
        starts_at=datetime(2026, 3, 1, 8, tzinfo=UTC),
        ends_at=datetime(2026, 3, 1, 16, tzinfo=UTC),
    )
    await make_event(slug="straks")
    await make_event(slug="concept", status=EventStatus.DRAFT)
    upcoming, past = await services.upcoming_and_past_events()
    assert ([e.slug for e in upcoming], [e.slug for e in past]) == (["straks"], ["toen"])


async def test_venue_room_track_lifecycle_is_audited() -> None:
    organisation, user = await _organiser()
    event = await make_event(organisation)
    actor = actor_for(user)
    venue = await services.create_venue(
        event, forms.venue_data({"name": "Stadhuis", "city": "Utrecht"}), actor=actor
    )
    room_form = {"venue_id": str(venue.id), "name": "Raadzaal", "capacity": "250"}
    room = await services.create_room(event, forms.room_data(room_form), actor=actor)
    await services.update_room(room, forms.room_data(room_form | {"capacity": "200"}), actor=actor)
    track = await services.create_track(
        event, forms.track_data({"name": "Weerbaar bestuur", "color": "#5A2D82"}), actor=actor
    )
    with pytest.raises(Conflict) as caught:
        await services.delete_venue(venue, actor=actor)
    assert caught.value.code == "venue_in_use"
    await services.delete_room(room, actor=actor)
    await services.delete_track(track, actor=actor)
    await services.delete_venue(venue, actor=actor)
    assert (await Venue.all().count(), await Room.all().count(), await Track.all().count()) == (
        0,
        0,
        0,
    )
    actions = (
        await AuditEntry.filter(event_id=event.id).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "venue.created",
        "room.created",
        "room.updated",
        "track.created",
        "room.deleted",
        "track.deleted",
        "venue.deleted",
    ]
    assert (await AuditEntry.get(action="room.updated")).data == {
        "changes": {"capacity": [250, 200]}
    }


@pytest.mark.parametrize(
    ("form", "fields"),
    [
        pytest.param(
            {"name": "Zaal", "capacity": "0", "venue_id": "1"}, ["capacity"], id="zero-capacity"
        ),
        pytest.param(
            {"name": "", "capacity": "tien", "venue_id": ""},
            ["venue_id", "capacity", "name"],
            id="empty",
        ),
    ],
)
def test_room_data_refuses_bad_input(form: dict[str, str], fields: list[str]) -> None:
    with pytest.raises(ValidationError) as caught:
        forms.room_data(form)
    assert list(caught.value.fields) == fields


async def test_create_room_refuses_venue_of_other_event() -> None:
    event, other = await make_event(), await make_event()
    foreign = await make_venue(other)
    data = forms.room_data({"venue_id": str(foreign.id), "name": "Zaal", "capacity": "10"})
    with pytest.raises(ValidationError) as caught:
        await services.create_room(event, data, actor=actor_for(await make_user()))
    assert list(caught.value.fields) == ["venue_id"]
    assert await Room.all().count() == 0


async def test_track_data_refuses_bad_colour() -> None:
    with pytest.raises(ValidationError) as caught:
        forms.track_data({"name": "Thema", "color": "rood"})
    assert caught.value.fields == {"color": "Vul een kleur in als #rrggbb."}


async def test_audit_page_filters_and_pages() -> None:
    event = await make_event()
    actor = actor_for(await make_user())
    for n in range(services.AUDIT_PAGE_SIZE + 1):
        await services.create_track(event, forms.track_data({"name": f"T{n}"}), actor=actor)
    await services.create_venue(event, forms.venue_data({"name": "Stadhuis"}), actor=actor)
    first = await services.audit_page(event, action_prefix="track.")
    second = await services.audit_page(event, action_prefix="track.", page=2)
    assert (len(first.entries), first.has_next, len(second.entries), second.has_next) == (
        50,
        True,
        1,
        False,
    )
    venue_only = await services.audit_page(event, action_prefix="venue.")
    assert [e.action for e in venue_only.entries] == ["venue.created"]


async def test_room_of_other_event_is_not_found() -> None:
    event, other = await make_event(), await make_event()
    room = await make_room(other)
    track = await make_track(other)
    with pytest.raises(NotFound):
        await services.room_of(event, room.id)
    with pytest.raises(NotFound):
        await services.track_of(event, track.id)
