"""A small edition and the one before it, with every figure of the report worked out by hand.

dld-2027 (organisation O): 13 attendees, one cancelled; 12 active:
  raadslid x6 (Gemeente Zwolle), griffier x3 (Gemeente Zwolle), inwoner x2 (no organisation),
  jongere x1 (Gemeente Ede). Age question "Leeftijdsgroep": 16-25 x2, 26-45 x5, 46+ x4, none x1.
  Entrance: people 0-4 (raadslid), 6-8 (griffier), 9 (inwoner) = 9; a refused scan of 11 and a
  repeated scan of 0 (no live_key) count for nobody. No-shows 3 = 25%.
  A "Raad op Zaterdag" (workshop, track Raad, 10 seats): booked 0-7, door scans 0-5 -> 6 (60%).
  B "Democratie Testlab" (lab, track Inwoners, 20 seats): booked 6-9, no door scan, entered 6-9
    -> 4 (20%).
  C "Begroting lezen" (workshop, track Raad, 25 seats): door scans 0-4 -> 5 (20%).
  A break ("Lunch") and a draft session are not in the report.
  Ratings: A 5,4,4,3,5,2 (23/6); B 1,2,3 (3 respondents: never broken down); C 4 x5 (20/5).
  Overall 14 respondents, 49/14 = 3.5; bars 1:1 2:2 3:2 4:7 5:2 (7%, 14%, 14%, 50%, 14%).
  Track Raad (A+C) 11: 43/11 = 3.91; Inwoners: fewer than 5. Workshop 3.91; lab: fewer than 5.
dld-2026 (same organisation, a year before): 10 active, 8 entered (20% no-shows), no responses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from festival.accounts.models import Organisation, Role, User
from festival.checkin.models import ENTRANCE, Checkin, ScanResult
from festival.events.models import Event, EventStatus
from festival.feedback.models import (
    QuestionType,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyQuestion,
)
from festival.registration.models import (
    Attendee,
    AttendeeRole,
    AttendeeStatus,
    Question,
    QuestionKind,
    Registration,
    RegistrationStatus,
)
from tests.factories import (
    make_event,
    make_organisation,
    make_session,
    make_ticket_type,
    make_track,
    make_user,
)
from tests.feedback.results_support import AT, book, check_in, respond

PEOPLE = [
    *[(AttendeeRole.RAADSLID, "Gemeente Zwolle")] * 6,
    *[(AttendeeRole.GRIFFIER, "Gemeente  Zwolle ")] * 3,  # white space is tidied
    *[(AttendeeRole.INWONER, "")] * 2,
    (AttendeeRole.JONGERE, "Gemeente Ede"),
]
AGES = ["16-25", "16-25", "26-45", "26-45", "26-45", "26-45", "26-45", "46+", "46+", "46+", "46+"]


@dataclass
class Edition:
    event: Event
    previous: Event
    organiser: User
    sessions: dict[str, Any]
    people: list[Attendee]


async def make_people(event: Event, people: list[tuple[str, str]], **answers: Any) -> list[Any]:
    ticket_type = await make_ticket_type(event)
    registration = await Registration.create(
        event=event,
        ticket_type=ticket_type,
        code=f"E{event.id:03d}{len(people):04d}",
        status=RegistrationStatus.CONFIRMED,
        contact_name="Contactpersoon Geheim",
        contact_email="contact.geheim@example.nl",
        consent_at=AT,
        created_at=AT,
    )
    return [
        await Attendee.create(
            registration=registration,
            event_id=event.id,
            position=i,
            name=f"Deelnemer Geheim{i}",
            email=f"geheim{i}@example.nl",
            role=role,
            organisation=organisation,
            answers=answers.get(str(i), {}),
        )
        for i, (role, organisation) in enumerate(people)
    ]


async def scan(attendee: Attendee, checkpoint: str, *, live: bool) -> None:
    await Checkin.create(
        event_id=attendee.event_id,
        attendee_id=attendee.id,
        checkpoint=checkpoint,
        result=ScanResult.OK if live else ScanResult.ALREADY_CHECKED_IN,
        scanned_at=AT,
        received_at=AT,
        device="user:1",
        live_key=None,
    )


async def survey_of(event: Event) -> tuple[Survey, dict[str, SurveyQuestion]]:
    survey = await Survey.create(event_id=event.id, kind=SurveyKind.SESSION)
    specs = [
        ("rating", QuestionType.RATING, "Hoe nuttig was deze sessie voor u?"),
        ("will_do", QuestionType.TEXT, "Wat gaat u ermee doen?"),
        ("better", QuestionType.TEXT, "Wat kan beter?"),
    ]
    questions = {}
    for position, (name, kind, text) in enumerate(specs):
        questions[name] = await SurveyQuestion.create(
            survey=survey, position=position, type=kind, text=text
        )
    return survey, questions


@pytest.fixture
async def edition(database: None) -> Edition:
    organisation = await make_organisation(name="Stichting DLD")
    previous = await make_event(
        organisation,
        slug="dld-2026",
        name="Dag van de Lokale Democratie 2026",
        starts_at=datetime(2026, 3, 21, 8, 0, tzinfo=UTC),
        ends_at=datetime(2026, 3, 21, 16, 0, tzinfo=UTC),
        status=EventStatus.ARCHIVED,
    )
    for person in (await make_people(previous, [(AttendeeRole.ANDERS, "")] * 10))[:8]:
        await check_in(person, ENTRANCE)
    event = await make_event(
        organisation, slug="dld-2027", name="Dag van de Lokale Democratie 2027"
    )
    age = await Question.create(
        event=event, label="Leeftijdsgroep", kind=QuestionKind.CHOICE, choices=["16-25"]
    )
    people = await make_people(
        event,
        [*PEOPLE, (AttendeeRole.RAADSLID, "Gemeente Zwolle")],
        **{str(i): {str(age.id): a} for i, a in enumerate(AGES)},
    )
    await Attendee.filter(id=people[12].id).update(status=AttendeeStatus.CANCELLED)
    raad, inwoners = await make_track(event, name="Raad"), await make_track(event, name="Inwoners")
    a = await make_session(
        event, title="Raad op Zaterdag", format="workshop", track=raad, capacity=10
    )
    b = await make_session(
        event, title="Democratie Testlab", format="lab", track=inwoners, capacity=20
    )
    c = await make_session(
        event, title="Begroting lezen", format="workshop", track=raad, capacity=25
    )
    await make_session(event, title="Lunch", format="break", capacity=100)
    await make_session(event, title="Nog geen tekst", state="draft", capacity=100)
    for i in (0, 1, 2, 3, 4, 6, 7, 8, 9):
        await check_in(people[i], ENTRANCE)
    await scan(people[11], ENTRANCE, live=False)
    await scan(people[0], ENTRANCE, live=False)
    for i in range(8):
        await book(people[i], a.id)
    for i in range(6):
        await check_in(people[i], a.id)
    for i in range(6, 10):
        await book(people[i], b.id)
    for i in range(5):
        await check_in(people[i], c.id)
    survey, q = await survey_of(event)
    texts: list[dict[str, str]] = [
        {"will_do": "Ik ga het in de raad bespreken", "better": "Meer tijd voor vragen"},
        {"will_do": "Niets", "better": "Mail me op geheim3@example.nl"},
    ]
    for n, rating in enumerate((5, 4, 4, 3, 5, 2)):
        await respond(survey, q, session_id=a.id, rating=rating, **(texts[n] if n < 2 else {}))
    for rating in (1, 2, 3):
        await respond(survey, q, session_id=b.id, rating=rating, better="Te kort")
    for _ in range(5):
        await respond(survey, q, session_id=c.id, rating=4)
    await _publish("Ik ga het in de raad bespreken", "Meer tijd voor vragen", "Te kort")
    organiser = await make_user(
        role=Role.ORGANISER, organisation=await Organisation.get(id=organisation.id)
    )
    return Edition(event, previous, organiser, {"a": a, "b": b, "c": c}, people)


async def _publish(*texts: str) -> None:
    await SurveyAnswer.filter(text__in=texts).update(publishable=True)
