"""Benchmark of the evaluation report of one edition, as the `render_report` job makes it in a
worker: build the figures (reach, attendance per session, ratings, open answers, the previous
edition), render the tagged PDF/UA, store it. The target: under 10 s for 5,000 attendees.

Creates a fresh SQLite database in a temporary folder (bulk inserts): an edition with
`--attendees` attendees in 60 sessions (three bookings each, 86 % at the entrance, door scans,
half of those answering the session survey with a rating and open answers, some published),
and a previous edition of the same organisation with 80 % of that. Prints wall and CPU ms:

    .venv/bin/python bench/bench_report.py [--attendees 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from festival import db, i18n, jobs
from festival.accounts.models import Organisation
from festival.audit import SYSTEM
from festival.checkin.models import ENTRANCE, Checkin, ScanResult
from festival.evaluation import services
from festival.events.models import Event, EventStatus, Room, Track, Venue
from festival.feedback.models import (
    QuestionType,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyQuestion,
    SurveyResponse,
)
from festival.programme.models import Session, SessionState
from festival.registration.models import (
    Attendee,
    AttendeeRole,
    Booking,
    BookingStatus,
    Registration,
    RegistrationStatus,
    TicketType,
)
from festival.settings import Settings
from workers.jobs import JOBS

SESSIONS = 60
BATCH = 2000
ROLES = list(AttendeeRole)
TOWNS = [f"Gemeente {name}" for name in ("Zwolle", "Utrecht", "Ede", "Zeist", "Delft", "Venlo")]


async def _edition(
    org: Organisation, slug: str, start: datetime, people: int, rnd: random.Random
) -> Event:
    event = await Event.create(
        organisation=org,
        slug=slug,
        name=f"Dag van de Lokale Democratie {start.year}",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        status=EventStatus.PUBLISHED,
    )
    venue = await Venue.create(event=event, name="Stadhuis", address="Markt 1", city="Utrecht")
    tracks = [await Track.create(event=event, name=f"Thema {n}") for n in range(4)]
    sessions = []
    for n in range(SESSIONS):
        room = await Room.create(event=event, venue=venue, name=f"Zaal {n}", capacity=300)
        sessions.append(
            await Session.create(
                event=event,
                room=room,
                track=tracks[n % 4],
                code=f"{slug[-4:]}{n:03d}",
                title=f"Workshop {n}: Raad op Zaterdag",
                format=("workshop", "lab", "debate", "plenary")[n % 4],
                state=SessionState.PUBLISHED,
                starts_at=start + timedelta(hours=1 + n % 6),
                ends_at=start + timedelta(hours=2 + n % 6),
            )
        )
    await _people(event, [s.id for s in sessions], people, rnd)
    return event


async def _people(event: Event, session_ids: list[int], count: int, rnd: random.Random) -> None:
    ticket_type = await TicketType.create(event=event, name="Algemene toegang")
    at = event.starts_at - timedelta(days=10)
    registrations = await Registration.bulk_create(
        [
            Registration(
                event=event,
                ticket_type=ticket_type,
                code=f"{event.id:02d}{n:08d}",
                status=RegistrationStatus.CONFIRMED,
                contact_name=f"Contact {n}",
                contact_email=f"c{n}@gemeente.nl",
                consent_at=at,
                created_at=at,
            )
            for n in range(count)
        ],
        batch_size=BATCH,
    )
    if not registrations or registrations[0].id is None:
        registrations = await Registration.filter(event_id=event.id).order_by("id")
    await Attendee.bulk_create(
        [
            Attendee(
                registration_id=r.id,
                event_id=event.id,
                name=f"Deelnemer {n}",
                email=f"d{n}@gemeente.nl",
                role=rnd.choice(ROLES),
                organisation=rnd.choice(TOWNS) if n % 10 else f"Vereniging {n}",
            )
            for n, r in enumerate(registrations)
        ],
        batch_size=BATCH,
    )
    attendee_ids = (
        await Attendee.filter(event_id=event.id).order_by("id").values_list("id", flat=True)
    )
    await _activity(event, list(attendee_ids), session_ids, rnd)


async def _activity(
    event: Event, ids: list[Any], session_ids: list[int], rnd: random.Random
) -> None:
    at = event.starts_at
    bookings, scans, responses = [], [], []
    survey = await Survey.create(event_id=event.id, kind=SurveyKind.SESSION)
    questions = [
        await SurveyQuestion.create(survey=survey, position=p, type=t, text=text)
        for p, (t, text) in enumerate(
            [
                (QuestionType.RATING, "Hoe nuttig was deze sessie voor u?"),
                (QuestionType.TEXT, "Wat gaat u ermee doen?"),
                (QuestionType.TEXT, "Wat kan beter?"),
            ]
        )
    ]
    for attendee_id in ids:
        chosen = rnd.sample(session_ids, 3)
        entered = rnd.random() < 0.86
        if entered:
            scans.append(_scan(event, attendee_id, ENTRANCE, None))
        for session_id in chosen:
            bookings.append(
                Booking(
                    attendee_id=attendee_id,
                    session_id=session_id,
                    event_id=event.id,
                    status=BookingStatus.CONFIRMED,
                    created_at=at,
                    updated_at=at,
                )
            )
            if entered and rnd.random() < 0.8:
                scans.append(_scan(event, attendee_id, str(session_id), session_id))
                if rnd.random() < 0.5:
                    responses.append((attendee_id, session_id))
    await Booking.bulk_create(bookings, batch_size=BATCH)
    await Checkin.bulk_create(scans, batch_size=BATCH)
    await SurveyResponse.bulk_create(
        [
            SurveyResponse(
                survey_id=survey.id,
                event_id=event.id,
                session_id=s,
                respondent=f"{event.id}:{a}:{s}",
                role=rnd.choice(ROLES),
                created_at=at,
                updated_at=at,
            )
            for a, s in responses
        ],
        batch_size=BATCH,
    )
    written = SurveyResponse.filter(event_id=event.id).values_list("id", "session_id", "role")
    answers = []
    for n, (response_id, session_id, role) in enumerate(await written):
        keys = {
            "response_id": response_id,
            "event_id": event.id,
            "session_id": session_id,
            "role": role,
        }
        answers.append(
            SurveyAnswer(question_id=questions[0].id, number=rnd.choice((2, 3, 4, 4, 5, 5)), **keys)
        )
        if n % 4 == 0:
            answers.append(
                SurveyAnswer(
                    question_id=questions[1].id,
                    text=f"Ik neem idee {n} mee naar de raad",
                    publishable=n % 40 == 0,
                    **keys,
                )
            )
            answers.append(
                SurveyAnswer(
                    question_id=questions[2].id,
                    text=f"Meer tijd voor vraag {n}",
                    publishable=n % 40 == 0,
                    **keys,
                )
            )
    await SurveyAnswer.bulk_create(answers, batch_size=BATCH)


def _scan(event: Event, attendee_id: int, checkpoint: str, session_id: int | None) -> Checkin:
    at = event.starts_at + timedelta(minutes=30)
    return Checkin(
        event_id=event.id,
        attendee_id=attendee_id,
        checkpoint=checkpoint,
        session_id=session_id,
        result=ScanResult.OK,
        scanned_at=at,
        received_at=at,
        device="token:1",
        live_key=f"{attendee_id}:{checkpoint}",
    )


def _ms(start: tuple[float, float]) -> tuple[float, float]:
    return (time.perf_counter() - start[0]) * 1000, (time.process_time() - start[1]) * 1000


def _now() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


async def _one_run(event: Event) -> dict[str, tuple[float, float]]:
    out = {}
    start = _now()
    with i18n.language("nl"):
        report = await services.build_report(event)
    out["build the figures"] = _ms(start)
    start = _now()
    with i18n.language("nl"):
        services.render_pdf(report)
    out["render the PDF/UA"] = _ms(start)
    run = await services.create_run(event, actor=SYSTEM)
    start = _now()
    done = await services.render_report(run.id)
    out["render_report job (total)"] = _ms(start)
    assert done is not None and done.state == "done" and done.pdf
    out["_size"] = (len(done.pdf) / 1024, 0.0)
    return out


async def main(args: argparse.Namespace) -> None:
    rnd = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{folder}/bench.sqlite3"
        settings = Settings(
            env="test", database_url=url, secret_key="b" * 40, data_dir=Path(folder)
        )
        await db.migrate(url)
        await db.init(url)
        await jobs.start({"settings": settings}, None, functions=JOBS)
        try:
            org = await Organisation.create(name="Bench", slug="bench-org")
            seeded = _now()
            await _edition(
                org,
                "bench-2026",
                datetime(2026, 3, 21, 8, tzinfo=UTC),
                int(args.attendees * 0.8),
                rnd,
            )
            event = await _edition(
                org, "bench-2027", datetime(2027, 3, 20, 8, tzinfo=UTC), args.attendees, rnd
            )
            seed_ms = _ms(seeded)
            responses = await SurveyResponse.filter(event_id=event.id).count()
            runs = [await _one_run(event) for _run in range(args.runs)]
        finally:
            await jobs.stop()
            await db.close()
    print(
        f"SQLite, {args.attendees} attendees, {SESSIONS} sessions, {responses} responses "
        f"(seeded in {seed_ms[0] / 1000:.1f} s); median of {args.runs} runs"
    )
    print(f"{'what':<30} {'wall ms':>10} {'CPU ms':>10}")
    for what in runs[0]:
        if what.startswith("_"):
            continue
        wall = statistics.median(r[what][0] for r in runs)
        cpu = statistics.median(r[what][1] for r in runs)
        print(f"{what:<30} {wall:>10.1f} {cpu:>10.1f}")
    size = statistics.median(r["_size"][0] for r in runs)
    print(f"PDF size: {size:.0f} kB; target: the job under 10,000 ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attendees", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    asyncio.run(main(parser.parse_args()))
