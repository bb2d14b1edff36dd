"""Retention: after an event's retention period its attendees are anonymised in every table
that held their data, while bookings, check-ins and registrations per status stay the same."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from festival import audit, clock, jobs
from festival.accounts.models import Role
from festival.audit import Actor, AuditEntry
from festival.checkin.models import BadgeBatch, BadgeLayout, BatchState, Checkin, ScanConflict
from festival.errors import Conflict
from festival.events.models import Event
from festival.jobs import FailedJob
from festival.mail.models import MailAttachment, OutboxMessage
from festival.registration import services as registration
from festival.registration.models import (
    Attendee,
    Booking,
    Question,
    Registration,
    SessionSeats,
    WaitlistEntry,
)
from festival.registration.services.retention import RetentionResult
from festival.settings import Settings
from festival.tickets import services as tickets
from festival.tickets.models import Ticket
from tests.conftest import run_jobs
from tests.factories import make_event, make_organisation, make_session, make_ticket_type, make_user
from tests.helpers import csrf_from, login
from tests.registration.conftest import person, register

pytestmark = pytest.mark.usefixtures("database")

ENDS = datetime(2027, 3, 20, 16, 0, tzinfo=UTC)  # make_event's end
DUE = ENDS + timedelta(days=30)  # the scene's events keep personal data 30 days
AFTER = DUE + timedelta(hours=1)
PEOPLE = ("Deelnemer 1", "Deelnemer 2", "Deelnemer 3")
ADDRESSES = ("deelnemer1@gemeente.nl", "deelnemer2@gemeente.nl", "deelnemer3@gemeente.nl")
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Scene:
    event: Event
    other: Event  # also due, with an attendee using the same address as Deelnemer 1
    sessions: list[int]
    other_mail_id: int


async def _scene(settings: Settings) -> Scene:
    """Two registrations (three people, one cancelled, one on a waiting list) with answers,
    needs, tickets with PDFs, sent mails, check-ins, a badge batch, a failed job and audit."""
    event = await make_event(retention_days=30)
    ticket_type = await make_ticket_type(event)
    plenary = await make_session(event)
    small = await make_session(
        event, capacity=1, starts_at=datetime(2027, 3, 20, 12, 0, tzinfo=UTC)
    )
    question = await Question.create(event=event, label="Wat is uw vraag aan de raad?")
    await register(
        event,
        ticket_type,
        person(
            1,
            access_needs=["step_free"],
            access_other="Rolstoel",
            diet="Vegetarisch",
            answers={str(question.id): "Hoe betrekt u jongeren?"},
        ),
        person(2, role="griffier"),
        sessions=[[plenary.id, small.id], [plenary.id]],
        idempotency_key="retention-key-1",
    )
    await register(event, ticket_type, person(3), sessions=[[plenary.id, small.id]])
    # The confirmations go out before the cancellation (one order, whatever the job runner's
    # timing): the contact's mail names the second person, who gets a ticket mail of their own.
    await run_jobs(settings)
    second_person = await Attendee.get(email=ADDRESSES[1])
    # They opened their ticket before cancelling: its PDF (with their name) is stored.
    await tickets.render_ticket_pdf((await Ticket.get(attendee_id=second_person.id)).id)
    await registration.cancel_attendee(second_person, actor=Actor("attendee", None, ADDRESSES[0]))
    other = await make_event(retention_days=30)
    await register(other, await make_ticket_type(other), person(9, email=ADDRESSES[0]))
    await run_jobs(settings)  # tickets render, confirmations go out (.eml files in the outbox)
    await _checkins(event, plenary.id)
    await BadgeBatch.create(
        event_id=event.id,
        layout=BadgeLayout.A4_2X4,
        state=BatchState.DONE,
        pdf=b"%PDF-1.7 Deelnemer 1",
        created_by="balie@example.nl",
        created_at=clock.now(),
    )
    await FailedJob.create(
        name="send_manage_links",
        kwargs={"event_id": event.id, "email": ADDRESSES[2]},
        error="SMTP down",
        tries=5,
        failed_at=clock.now(),
        event_id=event.id,
    )
    await audit.record(
        audit.SYSTEM,
        "registration.note",
        None,
        event_id=event.id,
        who=PEOPLE[1],
        to=[ADDRESSES[1]],
        note=f"mail naar {ADDRESSES[0]} gestuurd",
        count=2,
    )
    other_mail = await OutboxMessage.get(event_id=other.id)
    return Scene(event, other, [plenary.id, small.id], other_mail.id)


async def _checkins(event: Event, session_id: int) -> None:
    now = clock.now()
    for attendee in await Attendee.filter(event_id=event.id, status="active").order_by("id"):
        ticket = await Ticket.get(attendee_id=attendee.id)
        for checkpoint, at_session in (("entrance", None), (str(session_id), session_id)):
            await Checkin.create(
                event_id=event.id,
                ticket_tid=ticket.tid,
                attendee_id=attendee.id,
                checkpoint=checkpoint,
                session_id=at_session,
                result="ok",
                scanned_at=now,
                received_at=now,
                device="token:1",
                live_key=f"{attendee.id}:{checkpoint}",
            )
    first = await Checkin.filter(event_id=event.id).first()
    assert first is not None
    await ScanConflict.create(
        event_id=event.id,
        kind="duplicate",
        ticket_tid=first.ticket_tid,
        attendee_id=first.attendee_id,
        checkpoint="entrance",
        checkin_id=first.id,
        device="token:2",
        detected_at=now,
    )


async def _counts(event_id: int) -> dict[str, Any]:
    """Everything that must survive anonymisation unchanged."""

    async def tally(model: Any, *columns: str) -> Counter[tuple[Any, ...]]:
        return Counter(await model.filter(event_id=event_id).values_list(*columns))

    return {
        "registrations": await tally(Registration, "status", "code"),
        "attendees": await tally(Attendee, "id", "status", "role"),
        "bookings": await tally(Booking, "session_id", "status"),
        "waitlist": await tally(WaitlistEntry, "session_id", "state"),
        "seats": await tally(SessionSeats, "session_id", "taken"),
        "checkins": await tally(Checkin, "checkpoint", "session_id", "result"),
        "conflicts": await tally(ScanConflict, "kind", "ticket_tid"),
        "tickets": await tally(Ticket, "tid", "status"),
    }


def _personal(text: str) -> list[str]:
    return [value for value in (*PEOPLE, *ADDRESSES) if value.lower() in text.lower()]


def _eml_files(settings: Settings) -> dict[int, str]:
    """Message id -> text of each .eml in the outbox folder."""
    return {
        int(path.stem.rsplit("-", 1)[-1]): path.read_text(errors="replace")
        for path in settings.outbox_dir.glob("*.eml")
    }


# ---------------------------------------------------------------- the service


async def test_retention_due_at_is_end_plus_retention_days() -> None:
    event = await make_event(retention_days=30)
    assert registration.retention_due_at(event) == datetime(2027, 4, 19, 16, 0, tzinfo=UTC)
    event.retention_days = 0
    assert registration.retention_due_at(event) == ENDS
    assert registration.is_retention_due(event, now=ENDS) is True
    assert registration.is_retention_due(event, now=ENDS - timedelta(seconds=1)) is False


async def test_anonymise_before_due_date_changes_nothing(settings: Settings) -> None:
    scene = await _scene(settings)
    before = await _counts(scene.event.id)
    clock.set_now(DUE - timedelta(seconds=1))
    with pytest.raises(Conflict) as error:
        await registration.anonymise_event(scene.event, actor=audit.SYSTEM)
    assert error.value.code == "retention_not_due"
    assert await registration.anonymise_due_events() == []
    assert await _counts(scene.event.id) == before
    names = (
        await Attendee.filter(event_id=scene.event.id).order_by("id").values_list("name", flat=True)
    )
    assert names == list(PEOPLE)
    assert await Attendee.filter(anonymised_at__isnull=False).count() == 0


async def test_anonymise_after_due_date_clears_personal_data_everywhere(
    settings: Settings,
) -> None:
    scene = await _scene(settings)
    event_id = scene.event.id
    before = await _counts(event_id)
    files_before = _eml_files(settings)
    # (The cancelled person is in the first mail and has their own ticket mail.)
    assert {PEOPLE[0], PEOPLE[2], ADDRESSES[0], ADDRESSES[2]} <= set(
        _personal(" ".join(files_before.values()))
    )
    clock.set_now(AFTER)

    result = await registration.anonymise_event(
        scene.event, actor=audit.SYSTEM, outbox_dir=settings.outbox_dir
    )

    assert result == RetentionResult(
        registrations=2,
        attendees=3,
        ticket_pdfs=3,
        mails=3,
        mail_files=3,
        audit_entries=4,
        failed_jobs=1,
        badge_batches=1,
    )
    assert await _counts(event_id) == before
    attendees = (
        await Attendee.filter(event_id=event_id)
        .order_by("id")
        .values(
            "name",
            "email",
            "organisation",
            "role",
            "access_needs",
            "access_other",
            "diet",
            "answers",
            "anonymised_at",
        )
    )
    gone = {
        "name": "Geanonimiseerd",
        "email": "",
        "organisation": "",
        "access_needs": [],
        "access_other": "",
        "diet": "",
        "answers": {},
        "anonymised_at": AFTER,
    }
    assert attendees == [
        gone | {"role": "raadslid"},
        gone | {"role": "griffier"},
        gone | {"role": "raadslid"},
    ]
    contacts = await Registration.filter(event_id=event_id).values_list(
        "contact_name", "contact_email", "idempotency_key"
    )
    assert contacts == [("Geanonimiseerd", "", None)] * 2
    assert await Ticket.filter(event_id=event_id, pdf__isnull=False).count() == 0
    assert await Ticket.filter(event_id=event_id).count() == 3
    assert await OutboxMessage.filter(event_id=event_id).count() == 0
    assert await MailAttachment.filter(message__event_id=event_id).count() == 0
    assert await OutboxMessage.filter(event_id=scene.other.id).count() == 1
    files_after = _eml_files(settings)
    assert sorted(files_after) == [scene.other_mail_id]
    assert _personal(files_after[scene.other_mail_id]) == [ADDRESSES[0]]
    assert await BadgeBatch.filter(event_id=event_id).count() == 0
    assert await FailedJob.get(event_id=event_id).values_list("kwargs", flat=True) == {
        "event_id": event_id,
        "email": "",
    }
    for entry in await AuditEntry.filter(event_id=event_id):
        assert _personal(entry.actor_label + json.dumps(entry.data)) == [], entry.action
    note = await AuditEntry.get(action="registration.note")
    assert note.data == {"who": "", "to": [""], "note": "mail naar  gestuurd", "count": 2}
    done = await AuditEntry.get(action="registration.anonymised")
    assert (done.event_id, done.actor_label, done.data) == (event_id, "system", result.as_dict())


async def test_anonymise_leaves_other_events_untouched(settings: Settings) -> None:
    scene = await _scene(settings)
    other_before = await _counts(scene.other.id)
    clock.set_now(AFTER)
    await registration.anonymise_event(scene.event, actor=audit.SYSTEM)
    assert await _counts(scene.other.id) == other_before
    other = await Attendee.get(event_id=scene.other.id)
    assert (other.name, other.email, other.anonymised_at) == ("Deelnemer 9", ADDRESSES[0], None)
    contact = await Registration.get(event_id=scene.other.id)
    assert (contact.contact_name, contact.contact_email) == ("Deelnemer 9", ADDRESSES[0])
    assert await AuditEntry.filter(event_id=scene.other.id, actor_label=ADDRESSES[0]).count() == 1
    assert await Ticket.filter(event_id=scene.other.id, pdf__isnull=False).count() == 1


async def test_anonymise_second_run_changes_nothing(settings: Settings) -> None:
    scene = await _scene(settings)
    clock.set_now(AFTER)
    await registration.anonymise_event(scene.event, actor=audit.SYSTEM)
    after_first = await _counts(scene.event.id)
    audit_rows = await AuditEntry.all().count()

    again = await registration.anonymise_event(scene.event, actor=audit.SYSTEM)

    assert again == RetentionResult()
    assert again.changed is False
    assert await _counts(scene.event.id) == after_first
    assert await AuditEntry.all().count() == audit_rows
    assert await AuditEntry.filter(action="registration.anonymised").count() == 1


async def test_anonymise_due_events_takes_only_ended_events_past_their_period(
    settings: Settings,
) -> None:
    scene = await _scene(settings)
    later = await make_event(
        retention_days=0,
        starts_at=datetime(2027, 6, 1, 8, 0, tzinfo=UTC),
        ends_at=datetime(2027, 6, 1, 16, 0, tzinfo=UTC),
    )
    await register(later, await make_ticket_type(later), person(7))
    clock.set_now(AFTER)

    done = await registration.anonymise_due_events()

    assert [(slug, result.attendees) for slug, result in done] == [
        (scene.event.slug, 3),
        (scene.other.slug, 1),
    ]
    untouched = await Attendee.get(event_id=later.id)
    assert (untouched.name, untouched.anonymised_at) == ("Deelnemer 7", None)
    assert await registration.anonymise_due_events() == []
    clock.set_now(datetime(2027, 6, 1, 16, 0, tzinfo=UTC))  # retention 0: due at the end
    [(slug, result)] = await registration.anonymise_due_events()
    assert (slug, result.attendees) == (later.slug, 1)


async def test_anonymise_due_events_job_runs_via_run_jobs(settings: Settings) -> None:
    scene = await _scene(settings)
    clock.set_now(AFTER)
    await jobs.enqueue("anonymise_due_events", _job_id="anonymise_due_events")
    await run_jobs(settings)
    assert await Attendee.filter(anonymised_at=AFTER).count() == 4
    assert sorted(
        await AuditEntry.filter(action="registration.anonymised").values_list("event_id", flat=True)
    ) == sorted([scene.event.id, scene.other.id])
    assert await FailedJob.filter(name="anonymise_due_events").count() == 0
    assert sorted(_eml_files(settings)) == []


async def test_cli_retention_run_dry_run_prints_and_changes_nothing(settings: Settings) -> None:
    # The command runs in its own process on the real clock: this event ended in the past.
    clock.set_now(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    event = await make_event(
        slug="oud-2026",
        retention_days=7,
        starts_at=datetime(2026, 1, 10, 8, 0, tzinfo=UTC),
        ends_at=datetime(2026, 1, 10, 16, 0, tzinfo=UTC),
    )
    await register(event, await make_ticket_type(event), person(1), person(2))
    await run_jobs(settings)
    clock.set_now(None)
    before = await _counts(event.id)

    code, out = await _festival(settings, "retention", "run", "--dry-run")

    assert (code, out.splitlines()[-1]) == (
        0,
        # two mails: the contact person's confirmation and the second attendee's own ticket
        "oud-2026: would anonymise 1 registrations, 2 attendees, 2 ticket pdfs, 2 mails, "
        "2 mail files, 1 audit entries, 0 failed jobs, 0 badge batches",
    )
    assert await _counts(event.id) == before
    assert await Attendee.filter(event_id=event.id, anonymised_at__isnull=True).count() == 2
    assert len(_eml_files(settings)) == 2

    code, out = await _festival(settings, "retention", "run")

    assert (code, out.splitlines()[-1].split(",")[0]) == (0, "oud-2026: anonymised 1 registrations")
    assert await Attendee.filter(event_id=event.id, anonymised_at__isnull=True).count() == 0
    assert await _counts(event.id) == before
    assert _eml_files(settings) == {}


async def _festival(settings: Settings, *args: str) -> tuple[int, str]:
    env = {
        **os.environ,
        "FESTIVAL_DATABASE_URL": settings.database_url,
        "FESTIVAL_DATA_DIR": str(settings.data_dir),
        "FESTIVAL_SECRET_KEY": settings.secret_key,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "festival.cli",
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, err.decode()
    return process.returncode, out.decode()


# ---------------------------------------------------------------- the organiser's page


async def _organiser_client(client: httpx.AsyncClient, **event: Any) -> tuple[Event, str]:
    organisation = await make_organisation()
    user = await make_user(role=Role.ORGANISER, organisation=organisation)
    await login(client, user.email)
    made = await make_event(organisation, **event)
    return made, csrf_from((await client.get(f"/admin/events/{made.slug}/edit")).text)


async def test_event_edit_page_shows_anonymisation_date(client: httpx.AsyncClient) -> None:
    event, _csrf = await _organiser_client(client)  # ends 20 March 2027 17:00 Amsterdam
    page = await client.get(f"/admin/events/{event.slug}/edit")
    assert page.status_code == 200
    assert (
        "Met de opgeslagen bewaartermijn maken we de persoonsgegevens van de deelnemers anoniem "
        "op 19 maart 2028 om 17:00." in page.text
    )
    assert "Nu anonimiseren" not in page.text
    english = await client.get(f"/admin/events/{event.slug}/edit?lang=en")
    assert (
        "With the saved retention period, the attendees' personal data will be anonymised on "
        "March 19, 2028 at 17:00." in english.text.replace("&#39;", "'")
    )


async def test_anonymise_button_confirms_then_anonymises_and_page_shows_done(
    client: httpx.AsyncClient,
) -> None:
    event, _csrf = await _organiser_client(client, retention_days=30)
    await register(event, await make_ticket_type(event), person(1))
    clock.set_now(AFTER)
    page = await client.get(f"/admin/events/{event.slug}/edit")
    assert "De bewaartermijn is voorbij sinds 19 april 2027 om 18:00." in page.text
    assert f'href="/admin/events/{event.slug}/anonymise"' in page.text

    confirm = await client.get(f"/admin/events/{event.slug}/anonymise")
    assert confirm.status_code == 200
    assert "U maakt nu de gegevens van 1 deelnemer anoniem" in confirm.text
    done = await client.post(
        f"/admin/events/{event.slug}/anonymise", data={"csrf_token": csrf_from(confirm.text)}
    )

    assert (done.status_code, done.headers["location"]) == (
        303,
        f"/admin/events/{event.slug}/edit",
    )
    assert (await Attendee.get(event_id=event.id)).name == "Geanonimiseerd"
    page = await client.get(f"/admin/events/{event.slug}/edit")
    assert "De gegevens van 1 deelnemer zijn anoniem gemaakt." in page.text
    assert (
        "De persoonsgegevens van de deelnemers zijn anoniem gemaakt op 19 april 2027." in page.text
    )
    assert "Nu anonimiseren" not in page.text


async def test_anonymise_button_before_due_date_refuses(client: httpx.AsyncClient) -> None:
    event, csrf = await _organiser_client(client)
    await register(event, await make_ticket_type(event), person(1))
    clock.set_now(AFTER)  # retention 365 days: not due yet
    confirm = await client.get(f"/admin/events/{event.slug}/anonymise")
    assert "nog niet voorbij" in confirm.text
    assert "<form" not in confirm.text.split("<main", 1)[-1]
    done = await client.post(f"/admin/events/{event.slug}/anonymise", data={"csrf_token": csrf})
    assert done.status_code == 303
    assert (await Attendee.get(event_id=event.id)).name == "Deelnemer 1"
    page = await client.get(f"/admin/events/{event.slug}/edit")
    assert "De bewaartermijn van dit evenement is nog niet voorbij." in page.text


async def test_embedded_default_runs_the_sweep_on_its_own_schedule(settings: Settings) -> None:
    """festival serve without Redis queues the same job itself (jobs.start_periodic)."""
    scene = await _scene(settings)
    clock.set_now(AFTER)
    anonymised = Attendee.filter(event_id=scene.event.id, anonymised_at=AFTER)
    runner = jobs.runner()
    if not isinstance(runner, jobs.InProcessRunner):
        pytest.skip("with Redis the arq worker's cron runs the sweep")
    runner.every("anonymise_due_events", first_after=0, interval=3600)
    for _ in range(100):  # the schedule queues the job on its first turn
        await asyncio.sleep(0.02)
        await run_jobs(settings)
        if await anonymised.count():
            break
    assert await anonymised.count() == 3
