"""Organiser side of the programme: session and speaker rules, conflicts, changelog, publishing."""

from __future__ import annotations

import struct
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from festival import audit, jobs
from festival.audit import AuditEntry
from festival.errors import Conflict as ConflictError
from festival.errors import NotFound, ValidationError
from festival.events.models import Event
from festival.programme import services
from festival.programme.models import ScheduleVersion, Session, SessionFormat, SessionState, Speaker
from festival.programme.services import SessionData, SpeakerData
from festival.settings import Settings
from festival.templating import environment
from tests.conftest import run_jobs
from tests.factories import make_event, make_room, make_session, make_speaker, make_track

ACTOR = audit.Actor("user", 1, "organisator@example.nl")


def at(hour: int, minute: int = 0) -> datetime:
    """A UTC moment on the test event's day (the event runs 08:00-16:00 UTC)."""
    return datetime(2027, 3, 20, hour, minute, tzinfo=UTC)


def tiny_png() -> bytes:
    """A real 1x1 PNG, written byte by byte."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return (
            struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


async def codes(event: Event) -> list[tuple[str, tuple[int, ...]]]:
    return sorted((c.code, c.session_ids) for c in await services.conflicts(event))


# ---------------------------------------------------------------- sessions


async def test_create_session_stores_values_and_audits(database: None) -> None:
    event = await make_event()
    room = await make_room(event, capacity=40)
    track = await make_track(event)
    anna = await make_speaker(event, name="Anna")
    data = SessionData(
        title="  Raad op Zaterdag ",
        format=SessionFormat.LAB,
        room_id=room.id,
        track_id=track.id,
        starts_at=at(9),
        ends_at=at(10),
        audiences=("raadsleden", "griffiers"),
        accessibility=("hearing_loop",),
        speaker_ids=(anna.id,),
    )
    session = await services.create_session(event, data=data, actor=ACTOR)

    stored = await Session.get(id=session.id)
    assert stored.title == "Raad op Zaterdag"
    assert stored.capacity is None
    assert stored.state == SessionState.DRAFT
    assert stored.audiences == ["raadsleden", "griffiers"]
    assert len(stored.code) == 8
    assert [s.id for s in await stored.speakers.all()] == [anna.id]
    entry = await AuditEntry.get(action="session.created")
    assert entry.subject_id == str(session.id)
    assert entry.event_id == event.id
    assert entry.data["room_id"] == room.id


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"title": ""}, "title_required", "title"),
        ({"title": "x" * 201}, "title_too_long", "title"),
        ({"starts_at": at(10), "ends_at": at(9)}, "end_before_start", "ends_at"),
        ({"starts_at": at(10), "ends_at": at(10)}, "end_before_start", "ends_at"),
        ({"starts_at": at(10), "ends_at": None}, "incomplete_times", "ends_at"),
        ({"capacity": -1}, "invalid_capacity", "capacity"),
        ({"room_id": 999999}, "unknown_room", "room_id"),
        ({"track_id": 999999}, "unknown_track", "track_id"),
        ({"speaker_ids": (999999,)}, "unknown_speaker", "speaker_ids"),
        ({"audiences": ("katten",)}, "invalid_audience", "audiences"),
        ({"language": "de"}, "invalid_language", "language"),
    ],
    ids=[
        "empty-title",
        "long-title",
        "end-before-start",
        "end-equals-start",
        "no-end",
        "negative-capacity",
        "unknown-room",
        "unknown-track",
        "unknown-speaker",
        "audience",
        "language",
    ],
)
async def test_create_session_with_bad_input_is_refused_and_saves_nothing(
    database: None, overrides: dict[str, object], code: str, field: str
) -> None:
    event = await make_event()
    values: dict[str, object] = {"title": "Werksessie"} | overrides
    with pytest.raises(ValidationError) as caught:
        await services.create_session(event, data=SessionData(**values), actor=ACTOR)  # type: ignore[arg-type]
    assert caught.value.code == code
    assert field in caught.value.fields
    assert await Session.all().count() == 0
    assert await AuditEntry.all().count() == 0


async def test_create_session_refuses_room_track_and_speaker_of_another_event(
    database: None,
) -> None:
    event, other = await make_event(), await make_event()
    room, track, speaker = (
        await make_room(other),
        await make_track(other),
        await make_speaker(other),
    )
    with pytest.raises(ValidationError) as caught:
        await services.create_session(
            event,
            data=SessionData(
                title="Debat", room_id=room.id, track_id=track.id, speaker_ids=(speaker.id,)
            ),
            actor=ACTOR,
        )
    assert caught.value.code == "unknown_room"
    assert set(caught.value.fields) == {"room_id", "track_id", "speaker_ids"}
    assert await Session.all().count() == 0


async def test_update_session_with_unknown_speaker_keeps_old_values(database: None) -> None:
    event = await make_event()
    session = await make_session(event, title="Oud")
    with pytest.raises(ValidationError):
        await services.update_session(
            session, data=SessionData(title="Nieuw", speaker_ids=(424242,)), actor=ACTOR
        )
    assert (await Session.get(id=session.id)).title == "Oud"


async def test_update_session_audits_changed_fields(database: None) -> None:
    event = await make_event()
    anna = await make_speaker(event)
    session = await make_session(event, title="Oud", state=SessionState.DRAFT)
    data = SessionData(
        title="Nieuw",
        room_id=session.room_id,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        speaker_ids=(anna.id,),
    )
    await services.update_session(session, data=data, actor=ACTOR)
    entry = await AuditEntry.get(action="session.updated")
    assert entry.data["fields"] == ["title", "speaker_ids"]
    assert await AuditEntry.filter(action="session.moved").count() == 0
    moved = SessionData(title="Nieuw", room_id=session.room_id, starts_at=at(12), ends_at=at(13))
    await services.update_session(session, data=moved, actor=ACTOR)
    entry = await AuditEntry.get(action="session.moved")
    assert entry.data["to"]["starts_at"] == "2027-03-20T12:00:00+00:00"


async def test_html_in_title_is_stored_as_text_and_escaped_on_output(database: None) -> None:
    event = await make_event()
    title = '<script>alert("x")</script> & co'
    session = await services.create_session(event, data=SessionData(title=title), actor=ACTOR)
    assert (await Session.get(id=session.id)).title == title
    html = environment.from_string("<h2>{{ title }}</h2>").render(title=session.title)
    assert html == "<h2>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co</h2>"


async def test_move_session_changes_room_and_time_and_audits_from_to(database: None) -> None:
    event = await make_event()
    first, second = await make_room(event), await make_room(event)
    session = await make_session(event, room=first)
    await services.move_session(
        session, room_id=second.id, starts_at=at(13), ends_at=at(14, 30), actor=ACTOR
    )
    stored = await Session.get(id=session.id)
    assert (stored.room_id, stored.starts_at, stored.ends_at) == (second.id, at(13), at(14, 30))
    entry = await AuditEntry.get(action="session.moved")
    assert entry.data == {
        "from": {
            "room_id": first.id,
            "starts_at": "2027-03-20T10:00:00+00:00",
            "ends_at": "2027-03-20T11:00:00+00:00",
        },
        "to": {
            "room_id": second.id,
            "starts_at": "2027-03-20T13:00:00+00:00",
            "ends_at": "2027-03-20T14:30:00+00:00",
        },
    }


async def test_move_session_to_unknown_room_changes_nothing(database: None) -> None:
    event, other = await make_event(), await make_event()
    session = await make_session(event)
    foreign = await make_room(other)
    with pytest.raises(ValidationError) as caught:
        await services.move_session(
            session, room_id=foreign.id, starts_at=at(13), ends_at=at(14), actor=ACTOR
        )
    assert caught.value.code == "unknown_room"
    assert (await Session.get(id=session.id)).room_id == session.room_id
    assert await AuditEntry.filter(action="session.moved").count() == 0


async def test_move_cancelled_session_is_refused(database: None) -> None:
    event = await make_event()
    session = await make_session(event, state=SessionState.CANCELLED)
    with pytest.raises(ConflictError) as caught:
        await services.move_session(
            session, room_id=session.room_id, starts_at=at(12), ends_at=at(13), actor=ACTOR
        )
    assert caught.value.code == "session_cancelled"


async def test_cancel_session_twice_is_refused(database: None) -> None:
    event = await make_event()
    session = await make_session(event)
    await services.cancel_session(session, actor=ACTOR)
    assert (await Session.get(id=session.id)).state == SessionState.CANCELLED
    with pytest.raises(ConflictError) as caught:
        await services.cancel_session(session, actor=ACTOR)
    assert caught.value.code == "already_cancelled"


async def test_repeat_session_copies_with_speakers_and_points_to_the_original(
    database: None,
) -> None:
    event = await make_event()
    room = await make_room(event)
    anna, bert = await make_speaker(event), await make_speaker(event)
    original = await make_session(
        event,
        title="Democratie Testlab",
        capacity=12,
        speakers=(anna, bert),
        audiences=["jongeren"],
    )
    copy = await services.repeat_session(
        original, room_id=room.id, starts_at=at(14), ends_at=at(15), actor=ACTOR
    )
    again = await services.repeat_session(
        copy, room_id=room.id, starts_at=at(15), ends_at=at(16), actor=ACTOR
    )
    stored = await Session.get(id=copy.id)
    assert (stored.title, stored.capacity, stored.audiences) == (
        "Democratie Testlab",
        12,
        ["jongeren"],
    )
    assert stored.repeat_of_id == original.id
    assert again.repeat_of_id == original.id
    assert stored.state == SessionState.DRAFT
    assert stored.code != original.code
    assert sorted(s.id for s in await stored.speakers.all()) == sorted([anna.id, bert.id])


async def test_link_and_unlink_speaker(database: None) -> None:
    event = await make_event()
    session, speaker = await make_session(event), await make_speaker(event)
    await services.link_speaker(session, speaker_id=speaker.id, actor=ACTOR)
    assert [s.id for s in await session.speakers.all()] == [speaker.id]
    await services.unlink_speaker(session, speaker_id=speaker.id, actor=ACTOR)
    assert await session.speakers.all().count() == 0
    foreign = await make_speaker(await make_event())
    with pytest.raises(ValidationError) as caught:
        await services.link_speaker(session, speaker_id=foreign.id, actor=ACTOR)
    assert caught.value.code == "unknown_speaker"


async def test_get_session_of_another_event_is_not_found(database: None) -> None:
    session = await make_session(await make_event())
    with pytest.raises(NotFound):
        await services.get_session(await make_event(), session.id)


async def test_delete_session_audits_and_removes(database: None) -> None:
    event = await make_event()
    session = await make_session(event)
    await services.delete_session(session, actor=ACTOR)
    assert await Session.all().count() == 0
    assert (await AuditEntry.get(action="session.deleted")).data["code"] == session.code


# ---------------------------------------------------------------- speakers


async def test_create_speaker_with_real_png_stores_it_anew_under_a_random_name(
    database: None, tmp_path: Path
) -> None:
    event = await make_event()
    speaker = await services.create_speaker(
        event,
        data=SpeakerData(name="Anna <b>de</b> Vries", email=" Anna@Example.NL "),
        actor=ACTOR,
        photo=tiny_png(),
        media_dir=tmp_path,
    )
    assert speaker.photo.endswith(".jpg")  # no transparency: written anew as JPEG
    assert len(speaker.photo) == 32 + 4
    with Image.open(tmp_path / "speakers" / speaker.photo) as stored_photo:
        assert (stored_photo.format, stored_photo.size) == ("JPEG", (1, 1))
    stored = await Speaker.get(id=speaker.id)
    assert (stored.name, stored.email) == ("Anna <b>de</b> Vries", "anna@example.nl")
    assert (await AuditEntry.get(action="speaker.created")).data["photo"] is True


async def test_fake_png_that_is_text_is_refused_and_nothing_saved(
    database: None, tmp_path: Path
) -> None:
    event = await make_event()
    with pytest.raises(ValidationError) as caught:
        await services.create_speaker(
            event,
            data=SpeakerData(name="Anna"),
            actor=ACTOR,
            photo=b"<?php echo 'ik ben geen foto'; ?>",
            media_dir=tmp_path,
        )
    assert caught.value.code == "photo_not_image"
    assert caught.value.fields == {"photo": "Kies een foto in JPEG, PNG of WebP."}
    assert await Speaker.all().count() == 0
    assert not (tmp_path / "speakers").exists() or list((tmp_path / "speakers").iterdir()) == []


async def test_photo_over_two_megabytes_is_refused(database: None, tmp_path: Path) -> None:
    speaker = await make_speaker(await make_event(), name="Bert")
    big = tiny_png() + b"\x00" * (2 * 1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        await services.update_speaker(
            speaker, data=SpeakerData(name="Bert"), actor=ACTOR, photo=big, media_dir=tmp_path
        )
    assert caught.value.code == "photo_too_large"
    assert (await Speaker.get(id=speaker.id)).photo == ""


@pytest.mark.parametrize(
    "content",
    [b"\xff\xd8\xff\xe0" + b"\x00" * 20, b"RIFF\x10\x00\x00\x00WEBPVP8 "],
    ids=["jpeg", "webp"],
)
def test_photo_with_only_the_right_first_bytes_is_refused(content: bytes) -> None:
    with pytest.raises(ValidationError) as caught:
        services.prepare_photo(content)
    assert caught.value.code == "photo_not_image"


async def test_update_speaker_replaces_photo_file(database: None, tmp_path: Path) -> None:
    event = await make_event()
    speaker = await services.create_speaker(
        event, data=SpeakerData(name="Anna"), actor=ACTOR, photo=tiny_png(), media_dir=tmp_path
    )
    old = speaker.photo
    await services.update_speaker(
        speaker,
        data=SpeakerData(name="Anna B.", bio="<i>bio</i>"),
        actor=ACTOR,
        photo=tiny_png(),
        media_dir=tmp_path,
    )
    assert speaker.photo != old
    assert sorted(p.name for p in (tmp_path / "speakers").iterdir()) == [speaker.photo]
    assert (await Speaker.get(id=speaker.id)).bio == "<i>bio</i>"


async def test_speaker_without_name_is_refused(database: None) -> None:
    with pytest.raises(ValidationError) as caught:
        await services.create_speaker(await make_event(), data=SpeakerData(name=" "), actor=ACTOR)
    assert caught.value.code == "name_required"
    assert await Speaker.all().count() == 0


# ---------------------------------------------------------------- conflicts


async def test_conflicts_room_double_booked(database: None) -> None:
    event = await make_event()
    room = await make_room(event)
    a = await make_session(event, room=room, starts_at=at(10))
    b = await make_session(event, room=room, starts_at=at(10, 30))
    await make_session(event, room=room, starts_at=at(11))  # touches a, overlaps only b
    c = await Session.get(event_id=event.id, starts_at=at(11))
    await make_session(event, room=room, starts_at=at(10, 15), state=SessionState.CANCELLED)
    assert await codes(event) == [
        ("room_double_booked", (a.id, b.id)),
        ("room_double_booked", (b.id, c.id)),
    ]


async def test_conflicts_speaker_double_booked_across_rooms(database: None) -> None:
    event = await make_event()
    anna = await make_speaker(event, name="Anna")
    a = await make_session(event, speakers=(anna,), starts_at=at(10))
    b = await make_session(event, speakers=(anna,), starts_at=at(10, 45))
    await make_session(event, speakers=(anna,), starts_at=at(12))
    found = await services.conflicts(event)
    assert [(c.code, c.session_ids) for c in found] == [("speaker_double_booked", (a.id, b.id))]
    assert "Anna" in found[0].message


async def test_conflicts_outside_event_hours(database: None) -> None:
    event = await make_event()  # 08:00-16:00 UTC
    early = await make_session(event, starts_at=at(7, 30))
    late = await make_session(event, starts_at=at(15, 30))
    await make_session(event, starts_at=at(8))
    assert await codes(event) == [
        ("outside_event_hours", (early.id,)),
        ("outside_event_hours", (late.id,)),
    ]


async def test_conflicts_capacity_above_room(database: None) -> None:
    event = await make_event()
    room = await make_room(event, capacity=20)
    big = await make_session(event, room=room, capacity=25)
    await make_session(event, room=room, capacity=20, starts_at=at(12))
    await make_session(event, room=room, starts_at=at(13))
    assert await codes(event) == [("capacity_above_room", (big.id,))]


async def test_conflicts_unplaced(database: None) -> None:
    event = await make_event()
    no_room = await make_session(event, room=None)
    no_time = await make_session(event)
    await Session.filter(id=no_time.id).update(starts_at=None, ends_at=None)
    await make_session(event, room=None, state=SessionState.CANCELLED)
    assert await codes(event) == [("unplaced", (no_room.id,)), ("unplaced", (no_time.id,))]


async def test_conflicts_of_a_clean_schedule_are_empty(database: None) -> None:
    event = await make_event()
    room = await make_room(event)
    for hour in (9, 10, 11):
        await make_session(event, room=room, starts_at=at(hour))
    assert await services.conflicts(event) == []


async def test_conflicts_by_session_groups_per_session(database: None) -> None:
    event = await make_event()
    room = await make_room(event, capacity=10)
    a = await make_session(event, room=room, capacity=50)
    b = await make_session(event, room=room)
    grouped = services.conflicts_by_session(await services.conflicts(event))
    assert sorted(c.code for c in grouped[a.id]) == ["capacity_above_room", "room_double_booked"]
    assert [c.code for c in grouped[b.id]] == ["room_double_booked"]


# ---------------------------------------------------------------- changelog (pure)


def snap(*sessions: dict[str, object]) -> dict[str, object]:
    return {
        "rooms": [{"id": 1, "name": "Raadzaal"}, {"id": 2, "name": "Trouwzaal"}],
        "sessions": list(sessions),
    }


def item(id: int, **overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": id,
        "code": f"code{id}",
        "title": f"Sessie {id}",
        "room_id": 1,
        "starts_at": "2027-03-20T10:00:00+00:00",
        "ends_at": "2027-03-20T11:00:00+00:00",
        "state": "published",
        "speaker_ids": [1, 2],
        "capacity": 30,
        "audiences": [],
    }
    return base | overrides


def test_changelog_of_first_version_lists_everything_added() -> None:
    entries = services.compute_changelog(
        None, snap(item(1), item(2, starts_at="2027-03-20T09:00:00+00:00"))
    )
    assert [(e["change"], e["session_id"]) for e in entries] == [("added", 2), ("added", 1)]
    assert entries[1]["room"] == "Raadzaal"


def test_changelog_without_differences_is_empty() -> None:
    assert services.compute_changelog(snap(item(1)), snap(item(1, speaker_ids=[2, 1]))) == []


def test_changelog_moved_has_from_and_to() -> None:
    entries = services.compute_changelog(
        snap(item(1)), snap(item(1, room_id=2, starts_at="2027-03-20T13:00:00+00:00"))
    )
    assert entries == [
        {
            "change": "moved",
            "session_id": 1,
            "code": "code1",
            "title": "Sessie 1",
            "room_id": 2,
            "room": "Trouwzaal",
            "starts_at": "2027-03-20T13:00:00+00:00",
            "ends_at": "2027-03-20T11:00:00+00:00",
            "from": {
                "room_id": 1,
                "room": "Raadzaal",
                "starts_at": "2027-03-20T10:00:00+00:00",
                "ends_at": "2027-03-20T11:00:00+00:00",
            },
            "to": {
                "room_id": 2,
                "room": "Trouwzaal",
                "starts_at": "2027-03-20T13:00:00+00:00",
                "ends_at": "2027-03-20T11:00:00+00:00",
            },
        }
    ]


def test_changelog_changed_names_the_fields() -> None:
    entries = services.compute_changelog(
        snap(item(1)), snap(item(1, title="Nieuw", speaker_ids=[3]))
    )
    assert [(e["change"], e["title"], e["fields"]) for e in entries] == [
        ("changed", "Nieuw", ["title", "speaker_ids"])
    ]


def test_changelog_moved_and_changed_gives_two_entries() -> None:
    entries = services.compute_changelog(snap(item(1)), snap(item(1, room_id=2, capacity=12)))
    assert [e["change"] for e in entries] == ["moved", "changed"]
    assert entries[1]["fields"] == ["capacity"]


def test_changelog_cancelled_and_removed() -> None:
    entries = services.compute_changelog(snap(item(1), item(2)), snap(item(1, state="cancelled")))
    assert [(e["change"], e["session_id"]) for e in entries] == [("cancelled", 1), ("removed", 2)]
    assert entries[1]["room"] == "Raadzaal"


def test_changelog_reinstated_session_is_changed_state() -> None:
    entries = services.compute_changelog(snap(item(1, state="cancelled")), snap(item(1)))
    assert [(e["change"], e["fields"]) for e in entries] == [("changed", ["state"])]


def test_change_lines_describe_moves_in_local_time() -> None:
    entries = services.compute_changelog(snap(item(1)), snap(item(1, room_id=2)))
    lines = services.change_lines(entries, "Europe/Amsterdam")
    assert [(line.label, line.title, line.detail) for line in lines] == [
        (
            "Verplaatst",
            "Sessie 1",
            "van 20 mrt 11:00–12:00, Raadzaal naar 20 mrt 11:00–12:00, Trouwzaal",
        )
    ]


# ---------------------------------------------------------------- publishing


async def test_publish_versions_record_moves_and_cancellations(
    database: None, settings: Settings
) -> None:
    event = await make_event()
    room, other = await make_room(event, name="Raadzaal"), await make_room(event, name="Trouwzaal")
    a = await make_session(event, room=room, state=SessionState.DRAFT, title="Opening")
    b = await make_session(
        event, room=room, state=SessionState.DRAFT, title="Testlab", starts_at=at(12)
    )
    unplaced = await make_session(event, room=None, state=SessionState.DRAFT, title="Later")

    with pytest.raises(ConflictError) as caught:
        await services.publish_programme(event, actor=ACTOR)
    assert caught.value.code == "unresolved_conflicts"
    assert await ScheduleVersion.all().count() == 0
    assert (await Session.get(id=a.id)).state == SessionState.DRAFT

    v1 = await services.publish_programme(
        event, actor=ACTOR, confirm_conflicts=True, comment="Eerste"
    )
    assert v1.number == 1
    assert [(e["change"], e["session_id"]) for e in v1.changelog] == [
        ("added", a.id),
        ("added", b.id),
    ]
    assert [s["id"] for s in v1.snapshot["sessions"]] == [a.id, b.id]
    assert (await Session.get(id=unplaced.id)).state == SessionState.DRAFT
    await run_jobs(settings)

    await services.delete_session(unplaced, actor=ACTOR)
    await services.move_session(a, room_id=other.id, starts_at=at(9), ends_at=at(10), actor=ACTOR)
    await services.cancel_session(b, actor=ACTOR)
    preview = await services.publish_preview(event)
    assert [e["change"] for e in preview.changelog] == ["moved", "cancelled"]
    assert preview.next_number == 2
    assert preview.conflicts == []

    v2 = await services.publish_programme(event, actor=ACTOR)
    assert v2.number == 2
    assert [(e["change"], e["session_id"]) for e in v2.changelog] == [
        ("moved", a.id),
        ("cancelled", b.id),
    ]
    assert v2.changelog[0]["from"]["room"] == "Raadzaal"
    assert v2.changelog[0]["to"]["room"] == "Trouwzaal"
    entry = await AuditEntry.filter(action="programme.published").order_by("-id").first()
    assert entry is not None
    assert entry.data["number"] == 2
    assert entry.data["changes"] == {"moved": 1, "cancelled": 1}
    announced = await services.changes_to_announce(v2.id)
    assert sorted(announced) == sorted([a.id, b.id])
    assert [e["change"] for e in announced[b.id]] == ["cancelled"]
    await run_jobs(settings)
    assert await jobs.failed_jobs() == []


async def test_publish_preview_changes_nothing(database: None) -> None:
    event = await make_event()
    session = await make_session(event, state=SessionState.DRAFT)
    preview = await services.publish_preview(event)
    assert [e["change"] for e in preview.changelog] == ["added"]
    assert (await Session.get(id=session.id)).state == SessionState.DRAFT
    assert await ScheduleVersion.all().count() == 0


async def test_changes_to_announce_of_unknown_version_is_empty(database: None) -> None:
    assert await services.changes_to_announce(424242) == {}


# ---------------------------------------------------------------- editor grid


async def test_editor_grid_places_sessions_in_rows_of_fifteen_minutes(database: None) -> None:
    event = await make_event()  # 09:00-17:00 in Amsterdam
    room, other = await make_room(event, position=1), await make_room(event, position=2)
    a = await make_session(event, room=room, starts_at=at(8, 30), ends_at=at(9, 15))
    b = await make_session(event, room=room, starts_at=at(9), ends_at=at(9, 30))  # double booked
    c = await make_session(event, room=room, starts_at=at(9, 20), ends_at=at(9, 40))  # 10:15 row
    unplaced = await make_session(event, room=None)
    editor = await services.editor(event)
    assert [r.id for r in editor.rooms] == [room.id, other.id]
    assert len(editor.days) == 1
    rows = editor.days[0].rows
    assert (rows[0].label, rows[-1].label, len(rows)) == ("09:00", "16:45", 32)
    # The double booking stands side by side: a lane per session, each spanning its own rows.
    assert [(c.room.id, c.lanes) for c in editor.days[0].columns] == [(room.id, 2), (other.id, 1)]
    first, second = rows[2].cells[0], rows[4].cells[1]
    assert (first.card, first.rowspan) == (editor.cards[a.id], 3)
    assert (second.card, second.rowspan) == (editor.cards[b.id], 2)
    assert [r.cells[0].covered for r in rows[2:6]] == [False, True, True, False]
    assert [r.cells[1].covered for r in rows[2:7]] == [False, False, False, True, False]
    # c shares b's 10:15 row but not a's rows: it takes a's lane, after a.
    third = rows[5].cells[0]
    assert (third.card, third.rowspan) == (editor.cards[c.id], 2)
    assert [c.id for c in editor.unplaced] == [unplaced.id]
    assert [c.code for c in editor.cards[a.id].conflicts] == ["room_double_booked"]
    assert timedelta(0) == rows[2].slot - at(8, 30)
