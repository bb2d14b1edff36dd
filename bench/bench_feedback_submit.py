"""Benchmark of submitting a survey answer: what POST /events/{slug}/feedback/a/{token} does
below HTTP (verify the signed link, load the survey, session and questions, check the values,
write the response and its answers in one transaction), for a first answer and for an edit.
Target: under 10 ms CPU per submitted answer.

Creates a fresh SQLite database in a temporary folder with `--people` attendees of one
workshop, then prints wall and CPU milliseconds per answer (median of `--runs` runs):

    .venv/bin/python bench/bench_feedback_submit.py [--people 200] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from festival import clock, db, jobs
from festival.accounts.models import Organisation
from festival.events.models import Event, EventStatus, Room, Venue
from festival.feedback import services as feedback
from festival.feedback.models import SurveyKind
from festival.feedback.schemas import AnswersIn
from festival.programme.models import Session, SessionState, Speaker
from festival.registration import services as registration
from festival.registration.models import Attendee, TicketType
from festival.settings import Settings
from workers.jobs import JOBS  # first: the app and the worker import the areas in this order

SECRET = "b" * 40


async def _seed(people: int) -> tuple[Event, list[str]]:
    """The event and one answer link per attendee of its workshop."""
    org = await Organisation.create(name="Bench", slug="bench-org")
    start = datetime(2027, 3, 20, 8, 0, tzinfo=UTC)
    event = await Event.create(
        organisation=org,
        slug="bench",
        name="Dag van de Lokale Democratie 2027",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        status=EventStatus.PUBLISHED,
    )
    venue = await Venue.create(event=event, name="Stadhuis", address="Markt 1", city="Utrecht")
    room = await Room.create(event=event, venue=venue, name="Raadzaal", capacity=10_000)
    session = await Session.create(
        event=event,
        room=room,
        code="BENCH1",
        title="Democratie Testlab: loting",
        format="lab",
        state=SessionState.PUBLISHED,
        starts_at=start + timedelta(hours=2),
        ends_at=start + timedelta(hours=3),
    )
    await session.speakers.add(await Speaker.create(event=event, name="Lotte", code="SPK1"))
    ticket_type = await TicketType.create(event=event, name="Algemene toegang")
    survey = await feedback.survey_for(event.id, SurveyKind.SESSION)
    tokens = []
    for n in range(people):
        done = await registration.register(
            event,
            ticket_type_id=ticket_type.id,
            consent=True,
            attendees=[
                {"name": f"Deelnemer {n}", "email": f"d{n}@gemeente.nl", "role": "raadslid"}
            ],
            sessions_per_attendee=[[session.id]],
        )
        attendee = await Attendee.get(registration_id=done.registration.id)
        attendee_id = attendee.id
        link = feedback.AnswerLink(attendee_id, survey.id, session.id)
        tokens.append(feedback.answer_token(link, secret_key=SECRET))
    return event, tokens


async def _answer(event: Event, token: str, data: AnswersIn) -> None:
    link = feedback.read_answer_token(token, secret_key=SECRET)
    target = await feedback.target_for_link(event, link, channel="link")
    await feedback.submit_response(target, data, secret_key=SECRET)


async def _timed(event: Event, tokens: list[str], data: AnswersIn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for token in tokens:
        await _answer(event, token, data)
    count = len(tokens)
    return (time.perf_counter() - wall) * 1000 / count, (time.process_time() - cpu) * 1000 / count


async def _data(event: Event, token: str, rating: str) -> AnswersIn:
    link = feedback.read_answer_token(token, secret_key=SECRET)
    target = await feedback.target_for_link(event, link, channel="link")
    ids = [q.id for q in await feedback.questions_for(target)]
    values = [[rating], ["Loting in onze gemeente proberen."], ["Meer tijd voor vragen."], ["0"]]
    return AnswersIn.model_validate(
        {"answers": [{"question": q, "values": v} for q, v in zip(ids, values, strict=False)]}
    )


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{folder}/bench.sqlite3"
        settings = Settings(env="test", database_url=url, secret_key=SECRET, data_dir=Path(folder))
        await db.migrate(url)
        await db.init(url)
        await jobs.start({"settings": settings}, None, functions=JOBS)
        try:
            clock.set_now(datetime(2026, 12, 1, tzinfo=UTC))
            event, tokens = await _seed(args.people + args.runs * args.people)
            await jobs.runner().drain()
            clock.set_now(datetime(2027, 3, 20, 12, 0, tzinfo=UTC))
            first = await _data(event, tokens[0], "4")
            edit = await _data(event, tokens[0], "5")
            await _answer(event, tokens[-1], first)  # warm-up: imports, templates, caches
            groups = [tokens[i * args.people : (i + 1) * args.people] for i in range(args.runs)]
            firsts = [await _timed(event, group, first) for group in groups]
            edits = [await _timed(event, group, edit) for group in groups]
        finally:
            clock.set_now(None)
            await jobs.stop()
            await db.close()
    print(f"SQLite, {args.people} answers a run, median of {args.runs} runs (target < 10 CPU ms)")
    print(f"{'what':<40} {'wall ms':>10} {'CPU ms':>10}")
    for what, runs in (
        ("first answer (per answer)", firsts),
        ("edit of an answer (per answer)", edits),
    ):
        wall = statistics.median(w for w, _c in runs)
        cpu = statistics.median(c for _w, c in runs)
        print(f"{what:<40} {wall:>10.2f} {cpu:>10.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    asyncio.run(main(parser.parse_args()))
