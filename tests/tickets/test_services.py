"""Tickets: issuing, the QR payload format, verification refusals, cancellation, offline list."""

from __future__ import annotations

import re

import pytest

from festival.audit import SYSTEM
from festival.registration import services as registration
from festival.registration.models import Attendee
from festival.tickets import keys
from festival.tickets import services as tickets
from festival.tickets.models import EventKey, Ticket
from tests.tickets.conftest import person, register, setup_event

PAYLOAD_FORMAT = re.compile(r"F1[A-Za-z0-9]\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{86}")
pytestmark = pytest.mark.usefixtures("database")


async def _payload(setup: dict, **who: str) -> tuple[Ticket, str]:
    done = await register(setup, person(**who))
    [ticket] = await tickets.tickets_of_registration(done.id)
    key = await tickets.active_key(ticket.event_id)
    return ticket, tickets.qr_payload(ticket, key)


async def test_register_issues_one_ticket_per_attendee() -> None:
    setup = await setup_event()
    done = await register(setup, person(), person("Bram Jansen", "bram@utrecht.nl"))
    issued = await tickets.tickets_of_registration(done.id)
    attendees = await Attendee.filter(registration_id=done.id).order_by("position")
    assert [t.attendee_id for t in issued] == [a.id for a in attendees]
    assert [t.status for t in issued] == ["valid", "valid"]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{8}", t.tid) for t in issued)
    assert len({t.tid for t in issued}) == 2
    assert await EventKey.filter(event_id=setup["event"].id).count() == 1


async def test_issue_tickets_is_idempotent() -> None:
    setup = await setup_event()
    done = await register(setup, person(), person("Bram Jansen", "bram@utrecht.nl"))
    first = await tickets.tickets_of_registration(done.id)
    again = await tickets.issue_tickets(done.id)
    assert [t.tid for t in again] == [t.tid for t in first]
    assert await Ticket.filter(registration_id=done.id).count() == 2


async def test_payload_is_short_and_matches_the_format() -> None:
    setup = await setup_event()
    ticket, payload = await _payload(setup)
    assert len(payload) == 99
    assert len(payload) < 100
    assert PAYLOAD_FORMAT.fullmatch(payload)
    assert payload.split(".")[1] == ticket.tid


async def test_payload_verifies_offline_with_the_public_key() -> None:
    setup = await setup_event()
    _ticket, payload = await _payload(setup)
    [published] = await tickets.public_keys(setup["event"].id)
    assert published["alg"] == "Ed25519"
    parsed = tickets.parse_payload(payload)
    assert published["kid"] == parsed.kid
    assert keys.verify(
        keys.b64url_decode(published["public_key"]), parsed.signature, parsed.signed_bytes
    )


async def test_verify_payload_returns_the_ticket() -> None:
    setup = await setup_event()
    ticket, payload = await _payload(setup)
    assert (await tickets.verify_payload(payload)).id == ticket.id


def _change(text: str, index: int) -> str:
    replacement = "B" if text[index] != "B" else "C"
    return text[:index] + replacement + text[index + 1 :]


@pytest.mark.parametrize(
    ("part", "index", "code"),
    [
        ("tid", 4, "unknown"),  # another ticket id: no such ticket
        ("tid", 11, "unknown"),
        ("sig", 13, "bad_signature"),
        ("sig", 60, "bad_signature"),
        ("sig", 98, None),  # the last char: bad_signature, or invalid_payload when non-canonical
        ("kid", 2, "bad_signature"),  # no such key for the event
    ],
)
async def test_tampered_payload_is_refused(part: str, index: int, code: str | None) -> None:
    setup = await setup_event()
    _ticket, payload = await _payload(setup)
    with pytest.raises(tickets.TicketError) as refused:
        await tickets.verify_payload(_change(payload, index))
    assert refused.value.code == (code or refused.value.code)
    assert refused.value.code in ({code} if code else {"bad_signature", "invalid_payload"})


async def test_tampered_tid_of_a_real_ticket_is_bad_signature() -> None:
    setup = await setup_event()
    _first, payload = await _payload(setup)
    other, _other_payload = await _payload(setup, name="Bram Jansen", email="bram@utrecht.nl")
    forged = payload[:4] + other.tid + payload[12:]
    with pytest.raises(tickets.TicketError) as refused:
        await tickets.verify_payload(forged)
    assert refused.value.code == "bad_signature"


async def test_payload_signed_by_another_events_key_is_bad_signature() -> None:
    setup = await setup_event()
    other = await setup_event(slug="festival-2027")
    ticket, _payload_ok = await _payload(setup)
    await tickets.active_key(other["event"].id)
    other_key = await EventKey.get(event_id=other["event"].id)
    forged = tickets.qr_payload(ticket, other_key)  # same kid "A", another event's private key
    assert forged.startswith("F1A.")
    with pytest.raises(tickets.TicketError) as refused:
        await tickets.verify_payload(forged)
    assert refused.value.code == "bad_signature"


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "F1",
        "hello world",
        "https://example.org/",
        "F1A..",
        "x" * 99,
        "F1A." + "a" * 8 + "." + "b" * 85 + "=",
        "F1A." + "a" * 8 + "." + "b" * 85 + "ä",
        "F2A." + "a" * 8 + "." + "b" * 86,
        "F1A." + "a" * 8 + "." + "b" * 86 + "\n",
        "F1A." + "a" * 8 + "." + "b" * 87,
        "F1A." + "a" * 8 + "." + "b" * 86 + "b",
        "1" * 10_000,
        "\x00" * 99,
        "F1A " + "a" * 8 + "." + "b" * 86,
    ],
    ids=lambda g: f"{g[:12]!r}..{len(g)}",
)
async def test_garbage_is_invalid_payload(garbage: str) -> None:
    with pytest.raises(tickets.TicketError) as refused:
        await tickets.verify_payload(garbage)
    assert refused.value.code == "invalid_payload"
    assert refused.value.status_code == 422


async def test_well_formed_unknown_ticket_is_unknown() -> None:
    setup = await setup_event()
    await tickets.active_key(setup["event"].id)
    with pytest.raises(tickets.TicketError) as refused:
        await tickets.verify_payload("F1A.zzzzzzzz." + "A" * 86)
    assert (refused.value.code, refused.value.status_code) == ("unknown", 404)


async def test_cancelling_an_attendee_cancels_the_ticket() -> None:
    setup = await setup_event()
    done = await register(setup, person(), person("Bram Jansen", "bram@utrecht.nl"))
    anna, bram = await Attendee.filter(registration_id=done.id).order_by("position")
    await registration.cancel_attendee(bram, actor=SYSTEM)
    issued = {t.attendee_id: t for t in await tickets.tickets_of_registration(done.id)}
    assert (issued[anna.id].status, issued[bram.id].status) == ("valid", "cancelled")
    key = await tickets.active_key(setup["event"].id)
    verified = await tickets.verify_payload(tickets.qr_payload(issued[bram.id], key))
    assert verified.status == "cancelled"


async def test_ticket_list_is_compact_with_sessions_and_status() -> None:
    setup = await setup_event()
    done = await register(
        setup,
        person(),
        person("Bram Jansen", "bram@utrecht.nl"),
        sessions=[[setup["workshop"].id], []],
    )
    _anna, bram = await Attendee.filter(registration_id=done.id).order_by("position")
    await registration.cancel_attendee(bram, actor=SYSTEM)
    issued = await tickets.tickets_of_registration(done.id)
    assert await tickets.ticket_list(setup["event"].id) == [
        {
            "tid": issued[0].tid,
            "name": "Anna de Vries",
            "organisation": "Gemeente Utrecht",
            "status": "valid",
            "session_ids": [setup["workshop"].id],
        },
        {
            "tid": issued[1].tid,
            "name": "Bram Jansen",
            "organisation": "Gemeente Utrecht",
            "status": "cancelled",
            "session_ids": [],
        },
    ]


async def test_changing_bookings_makes_the_pdf_stale() -> None:
    setup = await setup_event()
    done = await register(setup, person(), sessions=[[]])
    [ticket] = await tickets.tickets_of_registration(done.id)
    await tickets.render_ticket_pdf(ticket.id)
    await ticket.refresh_from_db()
    assert ticket.pdf_is_fresh
    [anna] = await Attendee.filter(registration_id=done.id)
    await registration.change_bookings(anna, session_ids=[setup["workshop"].id], actor=SYSTEM)
    await ticket.refresh_from_db()
    assert (ticket.pdf_version, ticket.pdf_rendered_version) == (2, 1)


async def test_register_pending_approval_issues_no_ticket_until_approved() -> None:
    from festival.audit import Actor
    from festival.registration.models import TicketType

    setup = await setup_event()
    await TicketType.filter(id=setup["ticket_type"].id).update(requires_approval=True)
    done = await register(setup, person(), person("Bram Jansen", "bram@utrecht.nl"))
    assert done.status == "pending_approval"
    assert await tickets.tickets_of_registration(done.id) == []
    assert await tickets.issue_tickets(done.id) == []
    await registration.approve_registration(done, actor=Actor("user", 1, "org@festival.nl"))
    issued = await tickets.tickets_of_registration(done.id)
    assert [t.status for t in issued] == ["valid", "valid"]


async def test_register_pending_payment_issues_no_ticket() -> None:
    from festival.registration.models import TicketType

    setup = await setup_event()
    await TicketType.filter(id=setup["ticket_type"].id).update(price_cents=2500)
    done = await register(setup, person())
    assert done.status == "pending_payment"
    assert await Ticket.filter(registration_id=done.id).count() == 0
