"""The schedule editor's figures: booked, checked in, capacity, waiting list and rating, and the
previous edition's figures for a repeated or similarly titled session."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from festival.accounts.models import Organisation, Role
from festival.feedback import queries
from festival.registration.models import Booking, BookingStatus, WaitlistEntry
from tests.factories import make_event, make_session, make_user
from tests.feedback.results_support import AT, attendees
from tests.helpers import login


async def _next_edition(scenario):
    organisation = await Organisation.get(id=scenario.event.organisation_id)
    event = await make_event(
        organisation,
        slug="dld-2028",
        starts_at=datetime(2028, 3, 18, 8, tzinfo=UTC),
        ends_at=datetime(2028, 3, 18, 16, tzinfo=UTC),
    )
    start = datetime(2028, 3, 18, 10, tzinfo=UTC)
    repeat = await make_session(
        event, title="Raad op Zaterdag", starts_at=start, repeat_of=scenario.sessions["a"]
    )
    similar = await make_session(event, title="begroting  LEZEN", starts_at=start)
    new = await make_session(event, title="Nieuw", starts_at=start)
    return event, repeat, similar, new


async def test_programme_figures_of_an_edition(scenario) -> None:
    b = scenario.sessions["b"]
    (person,) = await attendees(scenario.event, 1)
    booking = await Booking.create(
        attendee=person,
        session=b,
        event_id=scenario.event.id,
        status=BookingStatus.WAITLISTED,
        created_at=AT,
        updated_at=AT,
    )
    await WaitlistEntry.create(
        booking=booking, session=b, event_id=scenario.event.id, created_at=AT
    )
    figures = await queries.programme_figures(scenario.event.id)
    a = figures[scenario.sessions["a"].id]
    assert (a.booked, a.checked_in, a.capacity, a.waiting, a.respondents, a.rating) == (
        0,
        8,
        30,
        0,
        6,
        3.83,
    )
    small = figures[b.id]
    assert (small.booked, small.checked_in, small.waiting, small.suppressed, small.rating) == (
        4,
        3,
        1,
        True,
        None,
    )
    assert small.respondents == 0 and a.previous is None


async def test_programme_figures_compare_with_previous_edition(scenario) -> None:
    event, repeat, similar, new = await _next_edition(scenario)
    figures = await queries.programme_figures(event.id)
    previous = figures[repeat.id].previous
    assert previous is not None and figures[repeat.id].previous_is_repeat
    assert (previous.session_id, previous.attendance, previous.rating) == (
        scenario.sessions["a"].id,
        8,
        3.83,
    )
    alike = figures[similar.id].previous
    assert alike is not None and not figures[similar.id].previous_is_repeat
    assert (alike.session_id, alike.attendance, alike.rating) == (
        scenario.sessions["c"].id,
        10,
        4.0,
    )
    assert figures[new.id].previous is None


async def test_schedule_editor_shows_figures(client, scenario) -> None:
    await _next_edition(scenario)
    organisation = await Organisation.get(id=scenario.event.organisation_id)
    user = await make_user(role=Role.ORGANISER, organisation=organisation)
    await login(client, user.email)
    html = (await client.get("/admin/events/dld-2028/programme")).text
    table = html.split("Cijfers per sessie")[-1]
    assert "Herhaling: 8 ingecheckt, 3.8/5" in table
    assert "Vergelijkbaar: 10 ingecheckt, 4.0/5" in table
    old = (await client.get("/admin/events/dld-2027/programme")).text.split("Cijfers per sessie")[
        -1
    ]
    row = old.split("Democratie Testlab")[1].split("</tr>")[0]
    cells = re.findall(r"<td>([^<]*)</td>", row)
    assert cells == ["4", "30", "3", "0", "minder dan 5 antwoorden", "—"]
