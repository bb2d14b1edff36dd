"""Check-in rules: every result code, idempotent scans, the first scan wins under concurrency,
offline merge, undo, walk-ins, search."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from festival import clock
from festival.audit import SYSTEM, AuditEntry
from festival.checkin import services as checkin
from festival.checkin.models import Checkin, ConflictKind, ScanConflict
from festival.errors import Conflict
from festival.registration import services as registration
from festival.registration.models import Attendee, Booking
from festival.tickets import services as tickets
from tests.checkin.conftest import DESK, PHONE_A, PHONE_B, registered, setup_event

pytestmark = pytest.mark.usefixtures("database")
NOW = datetime(2027, 3, 20, 8, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _morning_of_the_event() -> None:
    clock.set_now(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))


async def test_scan_valid_ticket_at_entrance_is_ok() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    outcome = await checkin.scan_ticket(
        anna["payload"], event=setup["event"], checkpoint="entrance", device=PHONE_A
    )
    assert outcome.result == "ok"
    assert outcome.attendee["name"] == "Anna de Vries"
    assert outcome.attendee["organisation"] == "Gemeente Utrecht"
    assert outcome.attendee["tid"] == anna["ticket"].tid
    row = await Checkin.get(id=outcome.checkin_id)
    assert (row.result, row.checkpoint, row.device, row.live_key) == (
        "ok",
        "entrance",
        "token:11",
        f"{anna['attendee_id']}:entrance",
    )
    assert await AuditEntry.filter(action="checkin.ok", subject_id=str(row.id)).count() == 1


async def test_scan_second_time_is_already_checked_in_with_first_time_and_place() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    first = await checkin.scan_ticket(
        anna["payload"], event=setup["event"], checkpoint="entrance", device=PHONE_A
    )
    clock.advance(timedelta(minutes=3))
    again = await checkin.scan_ticket(
        anna["payload"], event=setup["event"], checkpoint="entrance", device=PHONE_B
    )
    assert again.result == "already_checked_in"
    assert again.first_checkin == {
        "at": "2026-12-01T09:00:00+00:00",
        "checkpoint": "entrance",
        "place": "Ingang",
        "device": "scanner-a",
        "time": "10:00",
    }
    assert first.checkin_id != again.checkin_id
    assert await Checkin.filter(result="ok").count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "hello",
        "F1A." + "x" * 95,
        None,
        12345,
        {"a": 1},
        "F1A.AAAAAAAA." + "A" * 86,
        "é" * 99,
    ],
    ids=["empty", "text", "bad-chars", "none", "number", "object", "unknown-tid", "unicode"],
)
async def test_scan_garbage_is_unknown(payload: object) -> None:
    setup = await setup_event()
    outcome = await checkin.scan_ticket(
        payload, event=setup["event"], checkpoint="entrance", device=PHONE_A
    )
    assert outcome.result == "unknown"
    assert outcome.attendee == {}
    assert await AuditEntry.filter(action="checkin.unknown").count() == 1


async def test_scan_altered_ticket_id_is_unknown() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    bram = await registered(setup, "Bram Jansen", "bram@utrecht.nl")
    # Anna's signature with Bram's ticket id: a forged ticket.
    forged = anna["payload"].replace(anna["ticket"].tid, bram["ticket"].tid)
    outcome = await checkin.scan_ticket(
        forged, event=setup["event"], checkpoint="entrance", device=PHONE_A
    )
    assert outcome.result == "unknown"


async def test_scan_ticket_of_another_event_is_wrong_event() -> None:
    setup = await setup_event()
    other = await setup_event("other-2027")
    visitor = await registered(other)
    outcome = await checkin.scan_ticket(
        visitor["payload"], event=setup["event"], checkpoint="entrance", device=PHONE_A
    )
    assert outcome.result == "wrong_event"
    assert outcome.attendee == {"tid": visitor["ticket"].tid}


async def test_scan_payload_signed_with_another_events_key_is_unknown() -> None:
    setup = await setup_event()
    other = await setup_event("other-2027")
    anna = await registered(setup)
    await registered(other)
    other_key = await tickets.active_key(other["event"].id)
    forged = tickets.qr_payload(anna["ticket"], other_key)
    outcome = await checkin.scan_ticket(
        forged, event=setup["event"], checkpoint="entrance", device=PHONE_A
    )
    assert outcome.result == "unknown"


async def test_scan_cancelled_attendee_is_cancelled() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    attendee = await Attendee.get(id=anna["attendee_id"])
    await registration.cancel_attendee(attendee, actor=SYSTEM)
    outcome = await checkin.scan_ticket(
        anna["payload"], event=setup["event"], checkpoint="entrance", device=PHONE_A
    )
    assert outcome.result == "cancelled"
    assert outcome.attendee["name"] == "Anna de Vries"


async def test_scan_at_workshop_without_booking_is_not_booked() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    outcome = await checkin.scan_ticket(
        anna["payload"], event=setup["event"], checkpoint=str(setup["workshop"].id), device=PHONE_A
    )
    assert outcome.result == "not_booked"


async def test_scan_at_workshop_with_booking_is_ok() -> None:
    setup = await setup_event()
    anna = await registered(setup, sessions=[setup["workshop"].id])
    outcome = await checkin.scan_ticket(
        anna["payload"], event=setup["event"], checkpoint=setup["workshop"].id, device=PHONE_A
    )
    assert outcome.result == "ok"
    row = await Checkin.get(id=outcome.checkin_id)
    assert (row.checkpoint, row.session_id) == (str(setup["workshop"].id), setup["workshop"].id)


async def test_scan_at_open_session_without_booking_is_ok() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    outcome = await checkin.scan_ticket(
        anna["payload"], event=setup["event"], checkpoint=str(setup["plenary"].id), device=PHONE_A
    )
    assert outcome.result == "ok"


async def test_scan_not_booked_is_admitted_when_setting_on_and_seats_free() -> None:
    setup = await setup_event()
    await checkin.set_admit_unbooked(setup["event"], True, actor=SYSTEM)
    anna = await registered(setup)
    outcome = await checkin.scan_ticket(
        anna["payload"], event=setup["event"], checkpoint=str(setup["workshop"].id), device=PHONE_A
    )
    assert outcome.result == "ok"
    assert outcome.admitted_unbooked is True
    booking = await Booking.get(attendee_id=anna["attendee_id"], session_id=setup["workshop"].id)
    assert booking.status == "confirmed"


async def test_scan_not_booked_stays_refused_when_workshop_full() -> None:
    setup = await setup_event()
    await checkin.set_admit_unbooked(setup["event"], True, actor=SYSTEM)
    await registered(setup, "Een", "een@utrecht.nl", sessions=[setup["workshop"].id])
    await registered(
        setup, "Twee", "twee@utrecht.nl", sessions=[setup["workshop"].id]
    )  # capacity 2
    anna = await registered(setup)
    outcome = await checkin.scan_ticket(
        anna["payload"], event=setup["event"], checkpoint=str(setup["workshop"].id), device=PHONE_A
    )
    assert outcome.result == "not_booked"
    assert not await Booking.filter(attendee_id=anna["attendee_id"]).exists()


async def test_scan_with_unknown_checkpoint_is_refused() -> None:
    setup = await setup_event()
    other = await setup_event("other-2027")
    anna = await registered(setup)
    for checkpoint in ("exit", "", None, str(other["workshop"].id), "9" * 30):
        with pytest.raises(checkin.CheckinError) as caught:
            await checkin.scan_ticket(
                anna["payload"], event=setup["event"], checkpoint=checkpoint, device=PHONE_A
            )
        assert caught.value.code == "invalid_checkpoint"


async def test_scan_same_scan_id_twice_answers_the_same() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    first = await checkin.scan_ticket(
        anna["payload"], event=setup["event"], checkpoint="entrance", device=PHONE_A, scan_id="a-1"
    )
    again = await checkin.scan_ticket(
        anna["payload"], event=setup["event"], checkpoint="entrance", device=PHONE_A, scan_id="a-1"
    )
    assert (again.result, again.checkin_id) == ("ok", first.checkin_id)
    assert await Checkin.all().count() == 1
    assert await AuditEntry.filter(action__startswith="checkin.").count() == 1


async def test_scan_fifty_at_once_admits_exactly_one() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    outcomes = await asyncio.gather(
        *[
            checkin.scan_ticket(
                anna["payload"],
                event=setup["event"],
                checkpoint="entrance",
                device=PHONE_A,
                scan_id=f"s-{n}",
            )
            for n in range(50)
        ]
    )
    results = sorted(o.result.value for o in outcomes)
    assert results.count("ok") == 1
    assert results.count("already_checked_in") == 49
    assert await Checkin.filter(live_key__isnull=False).count() == 1


async def test_scans_arriving_together_are_each_written_and_audited() -> None:
    setup = await setup_event()
    people = [await registered(setup, f"Deelnemer {n}", f"d{n}@utrecht.nl") for n in range(12)]
    scans = [
        checkin.scan_ticket(
            p["payload"],
            event=setup["event"],
            checkpoint="entrance",
            device=PHONE_A,
            scan_id=f"batch-{n}",
        )
        for n, p in enumerate(people)
    ]
    repeat = checkin.scan_ticket(  # the scanner retrying the first scan inside the same batch
        people[0]["payload"],
        event=setup["event"],
        checkpoint="entrance",
        device=PHONE_A,
        scan_id="batch-0",
    )
    outcomes = await asyncio.gather(
        *scans,
        repeat,
        checkin.scan_ticket(
            "F1garbage", event=setup["event"], checkpoint="entrance", device=PHONE_A
        ),
    )
    assert [o.result.value for o in outcomes] == ["ok"] * 13 + ["unknown"]
    assert outcomes[12].checkin_id == outcomes[0].checkin_id
    assert await Checkin.filter(result="ok").count() == 12
    assert await Checkin.filter(live_key__isnull=False).count() == 12
    assert await AuditEntry.filter(action="checkin.ok").count() == 12
    assert await AuditEntry.filter(action="checkin.unknown").count() == 1


async def test_scan_fifty_retries_of_one_scan_id_record_one_scan() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    outcomes = await asyncio.gather(
        *[
            checkin.scan_ticket(
                anna["payload"],
                event=setup["event"],
                checkpoint="entrance",
                device=PHONE_A,
                scan_id="same",
            )
            for _n in range(50)
        ]
    )
    assert {o.result.value for o in outcomes} == {"ok"}
    assert await Checkin.all().count() == 1


async def test_undo_lets_the_person_scan_again() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    first = await checkin.scan_ticket(
        anna["payload"], event=setup["event"], checkpoint="entrance", device=PHONE_A
    )
    assert first.checkin_id is not None
    undone = await checkin.undo_checkin(first.checkin_id, event=setup["event"], actor=DESK.actor)
    assert undone.undone_at is not None
    with pytest.raises(Conflict):
        await checkin.undo_checkin(first.checkin_id, event=setup["event"], actor=DESK.actor)
    again = await checkin.scan_ticket(
        anna["payload"], event=setup["event"], checkpoint="entrance", device=PHONE_A
    )
    assert again.result == "ok"
    assert await AuditEntry.filter(action="checkin.undone").count() == 1


async def test_device_clock_far_off_uses_server_time() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    outcome = await checkin.scan_ticket(
        anna["payload"],
        event=setup["event"],
        checkpoint="entrance",
        device=PHONE_A,
        scanned_at="2031-01-01T00:00:00+00:00",
    )
    row = await Checkin.get(id=outcome.checkin_id)
    assert (row.scanned_at, row.clock_skew) == (clock.now(), True)


# ---------------------------------------------------------------- offline sync


def _scan(
    payload: str, scan_id: str, at: datetime, checkpoint: str = "entrance"
) -> dict[str, object]:
    return {
        "payload": payload,
        "checkpoint": checkpoint,
        "scan_id": scan_id,
        "scanned_at": at.isoformat(),
    }


async def test_sync_earlier_offline_scan_wins_over_later_online_scan() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    early = clock.now() - timedelta(minutes=10)
    online = await checkin.scan_ticket(
        anna["payload"], event=setup["event"], checkpoint="entrance", device=PHONE_B
    )
    synced = await checkin.sync_scans(
        {"scans": [_scan(anna["payload"], "a-1", early)]}, event=setup["event"], device=PHONE_A
    )
    [answer] = synced["results"]
    assert answer["result"] == "ok"
    loser = await Checkin.get(id=online.checkin_id)
    assert (loser.result, loser.live_key, loser.first_checkin_id) == (
        "already_checked_in",
        None,
        answer["checkin_id"],
    )
    conflict = await ScanConflict.get(kind=ConflictKind.DUPLICATE)
    assert (conflict.checkin_id, conflict.winner_id, conflict.device) == (
        online.checkin_id,
        answer["checkin_id"],
        "token:12",
    )
    assert await AuditEntry.filter(action="checkin.duplicate").count() == 1


async def test_sync_two_offline_devices_earlier_wins_and_later_is_reported() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    t0 = clock.now() - timedelta(minutes=30)
    first_sync = await checkin.sync_scans(
        [_scan(anna["payload"], "b-1", t0 + timedelta(minutes=5))],
        event=setup["event"],
        device=PHONE_B,
    )
    assert first_sync["results"][0]["result"] == "ok"
    second_sync = await checkin.sync_scans(
        [_scan(anna["payload"], "a-1", t0)], event=setup["event"], device=PHONE_A
    )
    assert second_sync["results"][0]["result"] == "ok"  # scanned first
    # Device B syncs again (a retry of its batch): it now learns that it lost.
    replay = await checkin.sync_scans(
        [_scan(anna["payload"], "b-1", t0 + timedelta(minutes=5))],
        event=setup["event"],
        device=PHONE_B,
    )
    assert replay["results"][0]["result"] == "already_checked_in"
    assert replay["results"][0]["first_checkin"]["device"] == "scanner-a"
    assert await Checkin.filter(live_key__isnull=False).count() == 1


async def test_sync_later_duplicate_is_reported_to_the_device() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    t0 = clock.now() - timedelta(minutes=30)
    await checkin.sync_scans(
        [_scan(anna["payload"], "a-1", t0)], event=setup["event"], device=PHONE_A
    )
    synced = await checkin.sync_scans(
        [_scan(anna["payload"], "b-1", t0 + timedelta(minutes=2))],
        event=setup["event"],
        device=PHONE_B,
    )
    [answer] = synced["results"]
    assert (answer["result"], answer["flag"]) == ("already_checked_in", "duplicate")
    assert synced["flagged"] == [answer]
    assert await ScanConflict.filter(kind=ConflictKind.DUPLICATE, device="token:12").count() == 1


async def test_sync_ticket_cancelled_after_last_download_is_flagged() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    attendee = await Attendee.get(id=anna["attendee_id"])
    await registration.cancel_attendee(attendee, actor=SYSTEM)
    synced = await checkin.sync_scans(
        [_scan(anna["payload"], "a-1", clock.now() - timedelta(minutes=1))],
        event=setup["event"],
        device=PHONE_A,
    )
    [answer] = synced["results"]
    assert (answer["result"], answer["flag"]) == ("cancelled", "cancelled_after_sync")
    assert await ScanConflict.filter(kind=ConflictKind.CANCELLED_AFTER_SYNC).count() == 1
    await checkin.sync_scans(
        [_scan(anna["payload"], "a-1", clock.now() - timedelta(minutes=1))],
        event=setup["event"],
        device=PHONE_A,
    )
    assert await ScanConflict.filter(kind=ConflictKind.CANCELLED_AFTER_SYNC).count() == 1


async def test_sync_replayed_batch_changes_nothing() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    bram = await registered(setup, "Bram Jansen", "bram@utrecht.nl")
    at = clock.now() - timedelta(minutes=5)
    batch = [
        _scan(anna["payload"], "a-1", at),
        _scan(bram["payload"], "a-2", at),
        _scan("rubbish", "a-3", at),
        {"payload": anna["payload"], "checkpoint": "nowhere", "scan_id": "a-4"},
        "not a scan",
    ]
    first = await checkin.sync_scans(batch, event=setup["event"], device=PHONE_A)
    again = await checkin.sync_scans(batch, event=setup["event"], device=PHONE_A)
    assert [r.get("result") for r in first["results"]] == ["ok", "ok", "unknown", None, None]
    assert first["results"][3]["error"]["code"] == "invalid_checkpoint"
    assert again["results"] == first["results"]
    assert await Checkin.all().count() == 3


async def test_sync_malformed_batch_is_refused() -> None:
    setup = await setup_event()
    for batch in (None, "x", {"scans": "x"}, [{}] * 1001):
        with pytest.raises(checkin.ValidationError):
            await checkin.sync_scans(batch, event=setup["event"], device=PHONE_A)


# ---------------------------------------------------------------- desk


async def test_walk_in_registers_and_checks_in() -> None:
    setup = await setup_event()
    attendee_id, outcome = await checkin.walk_in(
        setup["event"],
        ticket_type_id=setup["ticket_type"].id,
        name="Wim Walk-in",
        email="wim@zeist.nl",
        organisation="Gemeente Zeist",
        role="raadslid",
        device=DESK,
        actor=DESK.actor,
    )
    assert outcome.result == "ok"
    assert outcome.attendee["name"] == "Wim Walk-in"
    row = await Checkin.get(id=outcome.checkin_id)
    assert (row.attendee_id, row.walk_in, row.checkpoint) == (attendee_id, True, "entrance")
    attendee = await Attendee.get(id=attendee_id)
    assert (attendee.organisation, attendee.role) == ("Gemeente Zeist", "raadslid")


async def test_search_finds_by_name_email_and_code_with_check_in_state() -> None:
    setup = await setup_event()
    anna = await registered(setup)
    await registered(setup, "Bram Jansen", "bram@zeist.nl")
    await checkin.check_in_attendee(
        anna["attendee_id"], event=setup["event"], checkpoint="entrance", device=DESK
    )
    assert [r["name"] for r in await checkin.search(setup["event"], "vries")] == ["Anna de Vries"]
    assert [r["name"] for r in await checkin.search(setup["event"], "bram@zeist")] == [
        "Bram Jansen"
    ]
    [by_code] = await checkin.search(setup["event"], anna["registration"].code.lower())
    assert (by_code["name"], by_code["entered"]) == ("Anna de Vries", True)
    assert by_code["checkins"][0]["place"] == "Ingang"
    assert await checkin.search(setup["event"], "x") == []


async def test_walk_in_works_after_online_registration_has_closed() -> None:
    clock.set_now(datetime(2027, 3, 20, 9, 0, tzinfo=UTC))  # the event day, 10:00 in Amsterdam
    setup = await setup_event(registration_closes_at=datetime(2027, 3, 17, 22, 59, tzinfo=UTC))
    _attendee_id, outcome = await checkin.walk_in(
        setup["event"],
        ticket_type_id=setup["ticket_type"].id,
        name="Wim Walk-in",
        email="wim@zeist.nl",
        device=DESK,
        actor=DESK.actor,
    )
    assert outcome.result == "ok"
    created = await AuditEntry.get(action="registration.created")
    assert created.data["walk_in"] is True
