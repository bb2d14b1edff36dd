"""Suggestions for the next programme, against the scenario plus: session C full (capacity 5,
5 booked, 3 waiting) and rated 4.0; session A booked by 12 of whom 8 came (33 % no-shows);
5 raadsleden rating session B (a lab) 1, so B has 8 responses, mean 11/8 = 1.4, and raadsleden
rate workshops 4.2 against labs 1.0."""

from __future__ import annotations

from festival.accounts.models import Organisation, Role
from festival.feedback import services
from festival.programme.models import Session
from festival.registration.models import Attendee, Booking, BookingStatus, WaitlistEntry
from tests.factories import make_user
from tests.feedback.results_support import AT, attendees, book, respond
from tests.helpers import login


async def _more(scenario) -> None:
    a, b, c = (scenario.sessions[k] for k in "abc")
    people = await Attendee.filter(event_id=scenario.event.id).order_by("id")
    extra = await attendees(scenario.event, 12)
    for person in [*people[:8], *extra[:4]]:
        await book(person, a.id)
    await Session.filter(id=c.id).update(capacity=5)
    for person in extra[4:9]:
        await book(person, c.id)
    for person in extra[9:12]:
        booking = await Booking.create(
            attendee=person,
            session_id=c.id,
            event_id=scenario.event.id,
            status=BookingStatus.WAITLISTED,
            created_at=AT,
            updated_at=AT,
        )
        await WaitlistEntry.create(
            booking=booking, session_id=c.id, event_id=scenario.event.id, created_at=AT
        )
    first = scenario.responses["a"][0]
    the_survey = await first.survey
    for _ in range(5):
        await respond(the_survey, scenario.questions, session_id=b.id, role="raadslid", rating=1)


async def test_suggestions_for_the_next_programme(scenario) -> None:
    await _more(scenario)
    found = await services.suggestions(scenario.event.id)
    sessions = [(s.kind, s.title) for s in found if s.session_id is not None]
    assert sessions == [
        ("many_no_shows", "Raad op Zaterdag"),
        ("rated_poorly", "Democratie Testlab"),
        ("bigger_room_or_repeat", "Begroting lezen"),
    ]
    poor = next(s for s in found if s.kind == "rated_poorly")
    assert poor.figures is not None and poor.figures.rating == 1.38
    full = next(s for s in found if s.kind == "bigger_room_or_repeat")
    assert full.figures is not None
    assert (full.figures.booked, full.figures.capacity, full.figures.waiting) == (5, 5, 3)
    (audience,) = [s for s in found if s.kind == "format_for_audience"]
    assert audience.title == "raadslid"
    assert audience.better is not None and audience.worse is not None
    assert (audience.better.format, audience.better.mean, audience.better.respondents) == (
        "workshop",
        4.2,
        5,
    )
    assert (audience.worse.format, audience.worse.mean) == ("lab", 1.0)


async def test_suggestions_ignore_small_groups(scenario) -> None:
    found = await services.suggestions(scenario.event.id)
    # B's three ratings (mean 2.0) are under the small-group rule: no "rated poorly".
    assert [s.kind for s in found] == []


async def test_suggestions_page(client, scenario) -> None:
    await _more(scenario)
    organisation = await Organisation.get(id=scenario.event.organisation_id)
    user = await make_user(role=Role.ORGANISER, organisation=organisation)
    await login(client, user.email)
    page = await client.get("/admin/events/dld-2027/feedback/results/suggestions")
    assert page.status_code == 200
    assert "Raadsleden waarderen Workshop met 4.2 en Democratie Testlab met 1.0." in page.text
