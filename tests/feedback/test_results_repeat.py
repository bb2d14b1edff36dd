"""'Herhalen in volgende editie': a session copied into a later edition's draft programme with
its speakers, format, track and partner, keeping repeat_of; organisers of both events only."""

from __future__ import annotations

from datetime import UTC, datetime

from festival.accounts.models import Organisation, Role
from festival.audit import AuditEntry
from festival.programme.models import Session, Speaker
from festival.submissions import queries as submissions_queries
from tests.factories import make_event, make_speaker, make_track, make_user
from tests.helpers import csrf_from, login


async def _setup(client, scenario):
    organisation = await Organisation.get(id=scenario.event.organisation_id)
    target = await make_event(
        organisation,
        slug="dld-2028",
        name="DLD 2028",
        starts_at=datetime(2028, 3, 18, 8, tzinfo=UTC),
        ends_at=datetime(2028, 3, 18, 16, tzinfo=UTC),
    )
    track = await make_track(target, name="Raad")
    a = scenario.sessions["a"]
    await a.speakers.add(await make_speaker(scenario.event, name="Fatima el Amrani"))
    await make_speaker(target, name="fatima EL amrani")  # already speaks at 2028
    user = await make_user(role=Role.ORGANISER, organisation=organisation)
    await login(client, user.email)
    url = f"/admin/events/dld-2027/programme/sessions/{a.id}"
    page = await client.get(url)
    assert "Herhalen in volgende editie" in page.text and "DLD 2028" in page.text
    return target, track, url, csrf_from(page.text)


async def test_repeat_in_next_edition_copies_session(client, scenario) -> None:
    target, track, url, token = await _setup(client, scenario)
    done = await client.post(
        f"{url}/repeat-in-edition", data={"csrf_token": token, "event_id": str(target.id)}
    )
    copy = await Session.get(event_id=target.id)
    assert done.status_code == 303
    assert done.headers["location"] == f"/admin/events/dld-2028/programme/sessions/{copy.id}"
    a = scenario.sessions["a"]
    assert (copy.title, copy.format, copy.state, copy.repeat_of_id, copy.track_id) == (
        "Raad op Zaterdag",
        "workshop",
        "draft",
        a.id,
        track.id,
    )
    assert (copy.room_id, copy.starts_at) == (None, None)
    speakers = await copy.speakers.all()
    assert [(s.name, s.event_id) for s in speakers] == [("fatima EL amrani", target.id)]
    assert await Speaker.filter(event_id=target.id).count() == 1
    partners = await submissions_queries.session_partners([copy.id])
    assert partners[copy.id].name == "Gemeente Zwolle"
    entry = await AuditEntry.get(action="session.repeated_in_edition")
    assert (entry.subject_id, entry.event_id, entry.data["repeat_of"]) == (
        str(copy.id),
        target.id,
        a.id,
    )


async def test_repeat_in_edition_refuses_other_organisation_and_same_event(
    client, scenario
) -> None:
    _target, _track, url, token = await _setup(client, scenario)
    foreign = await make_event(slug="elders", starts_at=datetime(2028, 1, 1, 8, tzinfo=UTC))
    refused = await client.post(
        f"{url}/repeat-in-edition", data={"csrf_token": token, "event_id": str(foreign.id)}
    )
    assert refused.status_code == 403
    same = await client.post(
        f"{url}/repeat-in-edition",
        data={"csrf_token": token, "event_id": str(scenario.event.id)},
    )
    assert same.status_code == 422
    missing = await client.post(
        f"{url}/repeat-in-edition", data={"csrf_token": token, "event_id": "999999"}
    )
    assert missing.status_code == 404
    wrong = await client.post(
        f"{url}/repeat-in-edition", data={"csrf_token": token, "event_id": "x"}
    )
    assert wrong.status_code == 422
    assert await Session.filter(repeat_of_id__isnull=False).count() == 0
    assert not await AuditEntry.filter(action="session.repeated_in_edition").exists()
