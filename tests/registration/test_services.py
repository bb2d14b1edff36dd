"""The register service: every refusal, all-or-nothing, idempotency, and changes afterwards."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from festival import audit, clock
from festival.errors import Conflict, DomainError, PermissionDenied, ValidationError
from festival.mail.models import OutboxMessage
from festival.registration import services as registration
from festival.registration.models import (
    Attendee,
    AttendeeStatus,
    Booking,
    Question,
    QuestionKind,
    Registration,
    RegistrationStatus,
    SessionSeats,
    TicketType,
    WaitlistEntry,
)
from festival.settings import Settings
from tests.conftest import run_jobs
from tests.factories import make_event, make_session, make_ticket_type
from tests.registration.conftest import person, register

pytestmark = pytest.mark.usefixtures("database")


async def _counts() -> tuple[int, int, int, int]:
    return (
        await Registration.all().count(),
        await Attendee.all().count(),
        await Booking.all().count(),
        await WaitlistEntry.all().count(),
    )


async def test_register_group_books_sessions_and_mails_contact(settings: Settings) -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    workshop = await make_session(event)
    result = await register(
        event, ticket, person(1), person(2), sessions=[[workshop.id], [workshop.id]]
    )
    assert result.status == RegistrationStatus.CONFIRMED
    assert len(result.code) == 8
    statuses = (
        await Booking.filter(session_id=workshop.id).order_by("id").values_list("status", flat=True)
    )
    assert statuses == ["confirmed", "confirmed"]
    assert (await SessionSeats.get(session_id=workshop.id)).taken == 2
    assert (await TicketType.get(id=ticket.id)).sold == 2
    await run_jobs(settings)
    mail = await OutboxMessage.get(template="registration/confirmation")
    assert mail.to == "deelnemer1@gemeente.nl"
    assert result.code in mail.subject
    assert f"http://testserver/events/{event.slug}/registration/" in mail.text


async def test_register_when_workshop_full_waitlists() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    workshop = await make_session(event, capacity=1)
    await register(event, ticket, person(1), sessions=[[workshop.id]])
    second = await register(event, ticket, person(2), sessions=[[workshop.id]])
    booking = await Booking.get(attendee__registration_id=second.id)
    assert booking.status == "waitlisted"
    entry = await WaitlistEntry.get(booking_id=booking.id)
    assert (entry.state, entry.position) == ("waiting", 1)


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"email": "geen-adres"}, "invalid_email", "attendees.0.email"),
        ({"name": ""}, "invalid_attendee", "attendees.0.name"),
        ({"role": "koning"}, "invalid_attendee", "attendees.0.role"),
    ],
    ids=["bad-email", "no-name", "bad-role"],
)
async def test_register_refuses_bad_attendee(
    overrides: dict[str, str], code: str, field: str
) -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    with pytest.raises(ValidationError) as error:
        await register(event, ticket, person(1, **overrides))
    assert error.value.code == code
    assert list(error.value.fields) == [field]
    assert await _counts() == (0, 0, 0, 0)


async def test_register_refuses_missing_required_answer() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    question = await Question.create(
        event=event, label="Neemt u deel aan de lunch?", kind=QuestionKind.YES_NO, required=True
    )
    with pytest.raises(ValidationError) as error:
        await register(event, ticket, person(1))
    assert error.value.code == "missing_answer"
    assert error.value.fields == {f"attendees.0.answers.{question.id}": "Beantwoord deze vraag."}
    done = await register(event, ticket, person(1, answers={str(question.id): "yes"}))
    assert (await Attendee.get(registration_id=done.id)).answers == {str(question.id): "yes"}


async def test_register_refuses_without_consent() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    with pytest.raises(ValidationError) as error:
        await register(event, ticket, person(1), consent=False)
    assert error.value.code == "consent_required"
    assert await _counts() == (0, 0, 0, 0)


async def test_register_refuses_closed_ticket_type() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event, sales_end=datetime(2020, 1, 1, tzinfo=UTC))
    with pytest.raises(Conflict) as error:
        await register(event, ticket, person(1))
    assert error.value.code == "ticket_type_not_on_sale"


async def test_register_refuses_sold_out_ticket_type() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event, quota=2)
    await register(event, ticket, person(1), person(2))
    with pytest.raises(Conflict) as error:
        await register(event, ticket, person(3))
    assert error.value.code == "ticket_type_sold_out"
    assert await Registration.all().count() == 1


async def test_register_refuses_wrong_invitation_code() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event, name="Raadsleden", invitation_code="RAAD2027")
    with pytest.raises(PermissionDenied) as error:
        await register(event, ticket, person(1), invitation_code="RAAD2026")
    assert error.value.code == "invalid_invitation_code"
    done = await register(event, ticket, person(1), invitation_code=" raad2027 ")
    assert done.status == "confirmed"


async def test_register_refuses_too_many_people() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event, max_per_registration=2)
    with pytest.raises(ValidationError) as error:
        await register(event, ticket, person(1), person(2), person(3))
    assert error.value.code == "invalid_attendee_count"


async def test_register_refuses_overlapping_sessions() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    first = await make_session(event, title="Raad op Zaterdag")
    second = await make_session(
        event, title="Democratie Testlab", starts_at=datetime(2027, 3, 20, 10, 30, tzinfo=UTC)
    )
    with pytest.raises(ValidationError) as error:
        await register(event, ticket, person(1), sessions=[[first.id, second.id]])
    assert error.value.code == "overlapping_sessions"
    assert error.value.fields == {
        "attendees.0.sessions": "'Raad op Zaterdag' en 'Democratie Testlab' zijn tegelijk. Kies er één."  # noqa: E501
    }
    assert await _counts() == (0, 0, 0, 0)


async def test_register_refuses_unknown_and_unbookable_sessions() -> None:
    event = await make_event()
    other = await make_event()
    ticket = await make_ticket_type(event)
    foreign = await make_session(other)
    plenary = await make_session(event, requires_registration=False, title="Plenaire opening")
    with pytest.raises(ValidationError) as error:
        await register(event, ticket, person(1), sessions=[[foreign.id]])
    assert error.value.code == "unknown_session"
    with pytest.raises(ValidationError) as error:
        await register(event, ticket, person(1), sessions=[[plenary.id]])
    assert error.value.code == "session_not_bookable"


async def test_register_is_all_or_nothing_when_quota_runs_out_in_transaction() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event, quota=3)
    workshop = await make_session(event, capacity=10)
    await TicketType.filter(id=ticket.id).update(sold=2)  # someone else took seats after the check
    ticket.sold = 0
    with pytest.raises(Conflict):
        from festival.registration.services import checks, signup

        await signup._write(
            event,
            ticket,
            [checks.clean_attendee(person(i), [], "", {}) for i in (1, 2)],
            [[(await registration_session(workshop.id))]] * 2,
            key=None,
            actor=None,
        )
    assert await _counts() == (0, 0, 0, 0)
    assert (await SessionSeats.get(session_id=workshop.id)).taken == 0


async def registration_session(session_id: int):  # type: ignore[no-untyped-def]
    from festival.registration.services.seats import session_infos

    return (await session_infos([session_id]))[session_id]


async def test_register_same_idempotency_key_creates_one_registration() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    workshop = await make_session(event, capacity=5)
    results = await asyncio.gather(
        *[
            register(event, ticket, person(1), sessions=[[workshop.id]], idempotency_key="form-abc")
            for _i in range(5)
        ]
    )
    assert len({r.id for r in results}) == 1
    assert await _counts() == (1, 1, 1, 0)
    assert (await SessionSeats.get(session_id=workshop.id)).taken == 1


async def test_register_requires_approval_when_ticket_type_says_so() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event, requires_approval=True)
    paid = await make_ticket_type(event, name="Met lunch", price_cents=2500)
    pending = await register(event, ticket, person(1))
    assert pending.status == "pending_approval"
    assert (await register(event, paid, person(2))).status == "pending_payment"
    approved = await registration.approve_registration(pending, actor=audit.SYSTEM)
    assert approved.status == "confirmed"


async def test_register_refuses_when_registration_closed() -> None:
    event = await make_event(registration_closes_at=datetime(2026, 1, 1, tzinfo=UTC))
    ticket = await make_ticket_type(event)
    with pytest.raises(DomainError) as error:
        await register(event, ticket, person(1))
    assert error.value.code == "registration_closed"


async def test_cancel_attendee_frees_seat_and_offers_it_to_next(settings: Settings) -> None:
    clock.set_now(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    event = await make_event()
    ticket = await make_ticket_type(event)
    workshop = await make_session(event, capacity=1)
    first = await register(
        event, ticket, person(1), person(2), sessions=[[workshop.id], [workshop.id]]
    )
    attendees = await Attendee.filter(registration_id=first.id).order_by("position")
    await registration.cancel_attendee(attendees[0], actor=audit.SYSTEM)
    offered = await Booking.get(attendee_id=attendees[1].id)
    assert offered.status == "offered"
    entry = await WaitlistEntry.get(booking_id=offered.id)
    assert entry.offer_expires_at == datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
    assert (await SessionSeats.get(session_id=workshop.id)).taken == 1
    assert (await TicketType.get(id=ticket.id)).sold == 1
    await run_jobs(settings)
    offer_mail = await OutboxMessage.get(template="registration/waitlist_offer")
    assert offer_mail.to == "deelnemer2@gemeente.nl"
    assert f"/events/{event.slug}/waitlist/" in offer_mail.text


async def test_cancel_registration_cancels_everyone() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    workshop = await make_session(event, capacity=3)
    done = await register(
        event, ticket, person(1), person(2), sessions=[[workshop.id], [workshop.id]]
    )
    await registration.cancel_registration(done, actor=audit.SYSTEM)
    await done.refresh_from_db()
    assert done.status == "cancelled"
    assert set(await Attendee.filter(registration_id=done.id).values_list("status", flat=True)) == {
        AttendeeStatus.CANCELLED
    }
    assert (await SessionSeats.get(session_id=workshop.id)).taken == 0
    actions = (
        await audit.AuditEntry.filter(action__startswith="registration.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "registration.created",
        "registration.attendee_cancelled",
        "registration.attendee_cancelled",
        "registration.cancelled",
    ]


async def test_change_bookings_frees_old_seat_and_books_new() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    old = await make_session(event, capacity=1)
    new = await make_session(event, capacity=1, starts_at=datetime(2027, 3, 20, 12, 0, tzinfo=UTC))
    done = await register(event, ticket, person(1), sessions=[[old.id]])
    attendee = await Attendee.get(registration_id=done.id)
    bookings = await registration.change_bookings(
        attendee, session_ids=[new.id], actor=audit.SYSTEM
    )
    assert [(b.session_id, b.status) for b in bookings] == [(new.id, "confirmed")]
    assert (await SessionSeats.get(session_id=old.id)).taken == 0
    assert (await SessionSeats.get(session_id=new.id)).taken == 1


async def test_update_attendee_refuses_bad_email_and_saves_good_one() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    done = await register(event, ticket, person(1))
    attendee = await Attendee.get(registration_id=done.id)
    with pytest.raises(ValidationError) as error:
        await registration.update_attendee(
            attendee, values={"name": "Jan", "email": "jan@"}, actor=audit.SYSTEM
        )
    assert error.value.code == "invalid_email"
    updated = await registration.update_attendee(
        attendee,
        values={"name": "Jan de Vries", "email": "Jan@Gemeente.NL", "role": "griffier"},
        actor=audit.SYSTEM,
    )
    assert (updated.name, updated.email, updated.role) == (
        "Jan de Vries",
        "jan@gemeente.nl",
        "griffier",
    )


async def test_request_manage_links_mails_only_registered_addresses(settings: Settings) -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    done = await register(event, ticket, person(1))
    await run_jobs(settings)
    await registration.request_manage_links(event, email="DEELNEMER1@gemeente.nl")
    await registration.request_manage_links(event, email="onbekend@gemeente.nl")
    await run_jobs(settings)
    mails = await OutboxMessage.filter(template="registration/manage_links")
    assert [m.to for m in mails] == ["deelnemer1@gemeente.nl"]
    assert done.code in mails[0].text


async def test_offer_expiry_is_shorter_close_to_the_session() -> None:
    from festival.registration.services.waitlist import offer_expiry

    now = datetime(2027, 3, 20, 6, 0, tzinfo=UTC)
    assert offer_expiry(now, now + timedelta(hours=4)) == now + timedelta(hours=2)
    assert offer_expiry(now, now + timedelta(days=5)) == now + timedelta(hours=24)
    assert offer_expiry(now, now - timedelta(minutes=1)) is None


async def test_register_walk_in_after_registration_closed_is_audited() -> None:
    from festival.audit import Actor, AuditEntry

    event = await make_event(registration_closes_at=datetime(2020, 1, 1, tzinfo=UTC))
    ticket = await make_ticket_type(event)
    with pytest.raises(Conflict) as closed:
        await registration.register(
            event, ticket_type_id=ticket.id, attendees=[person(1)], consent=True
        )
    assert closed.value.code == "registration_closed"
    staff = Actor("user", 7, "desk@festival.nl")
    done = (
        await registration.register(
            event,
            ticket_type_id=ticket.id,
            attendees=[person(1)],
            consent=True,
            walk_in=True,
            actor=staff,
        )
    ).registration
    entry = await AuditEntry.get(action="registration.created", subject_id=str(done.id))
    assert (entry.actor_label, entry.data["walk_in"]) == ("desk@festival.nl", True)


async def test_register_walk_in_needs_a_staff_actor() -> None:
    event = await make_event()
    ticket = await make_ticket_type(event)
    with pytest.raises(ValueError):
        await registration.register(
            event, ticket_type_id=ticket.id, attendees=[person(1)], consent=True, walk_in=True
        )


async def test_register_walk_in_keeps_the_other_rules() -> None:
    from festival.audit import Actor

    event = await make_event(registration_closes_at=datetime(2020, 1, 1, tzinfo=UTC))
    ticket = await make_ticket_type(event, quota=1, sold=1)
    with pytest.raises(Conflict) as sold_out:
        await registration.register(
            event,
            ticket_type_id=ticket.id,
            attendees=[person(1)],
            consent=True,
            walk_in=True,
            actor=Actor("user", 7, "desk@festival.nl"),
        )
    assert sold_out.value.code == "ticket_type_sold_out"


async def test_ticket_type_numbers_stay_within_what_the_form_and_database_hold() -> None:
    event = await make_event()
    values = {
        "name": "Algemeen",
        "price_cents": "9" * 23,
        "quota": "-1",
        "max_per_registration": "101",
    }
    with pytest.raises(ValidationError) as caught:
        await registration.create_ticket_type(event, values=values, actor=audit.SYSTEM)
    assert caught.value.fields == {
        "price_cents": "Dit getal is te groot.",
        "quota": "Dit getal is te klein.",
        "max_per_registration": "Dit getal is te groot.",
    }


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        ("pending_approval", ["resend", "approve", "cancel"]),
        ("pending_payment", ["resend", "cancel"]),
        ("confirmed", ["resend", "cancel"]),
        ("cancelled", ["resend"]),
    ],
    ids=["pending_approval", "pending_payment", "confirmed", "cancelled"],
)
async def test_allowed_actions_follow_the_status(status: str, actions: list[str]) -> None:
    assert Registration(status=RegistrationStatus(status)).allowed_actions() == actions
