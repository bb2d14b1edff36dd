"""Snapshot building and the public read queries: filters, search, query counts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from festival import clock
from festival.events.models import Event
from festival.programme import queries
from festival.programme.models import ScheduleVersion, SessionFormat, SessionState
from festival.programme.services.snapshot import build_snapshot
from tests.factories import (
    make_event,
    make_room,
    make_session,
    make_speaker,
    make_track,
    make_venue,
)
from tests.programme.querycount import count_queries


async def test_build_snapshot_contains_placed_public_sessions_only(database: None) -> None:
    event = await make_event()
    venue = await make_venue(event, name="Stadhuis")
    room = await make_room(event, venue, name="Raadzaal", capacity=80)
    track = await make_track(event, name="Raad")
    anna = await make_speaker(event, name="Anna de Vries", role="griffier")
    shown = await make_session(
        event, room=room, track=track, title="Raad op Zaterdag", speakers=(anna,)
    )
    cancelled = await make_session(
        event,
        room=room,
        state=SessionState.CANCELLED,
        capacity=12,
        starts_at=datetime(2027, 3, 20, 12, 0, tzinfo=UTC),
    )
    await make_session(event, room=room, state=SessionState.DRAFT)
    await make_session(event, room=None)
    await make_speaker(event, name="Niet ingepland")

    snapshot = await build_snapshot(event.id)

    assert [s["code"] for s in snapshot["sessions"]] == [shown.code, cancelled.code]
    first = snapshot["sessions"][0]
    assert first["starts_at"] == "2027-03-20T10:00:00+00:00"
    assert first["ends_at"] == "2027-03-20T11:00:00+00:00"
    assert first["capacity"] == 80
    assert first["speaker_ids"] == [anna.id]
    assert first["track_id"] == track.id
    assert first["state"] == "published"
    assert snapshot["sessions"][1]["capacity"] == 12
    assert snapshot["sessions"][1]["state"] == "cancelled"
    assert [sp["name"] for sp in snapshot["speakers"]] == ["Anna de Vries"]
    assert "email" not in snapshot["speakers"][0]
    assert snapshot["rooms"][0]["name"] == "Raadzaal"
    assert snapshot["venues"][0] == {
        "id": venue.id,
        "name": "Stadhuis",
        "address": "Markt 1",
        "city": "Utrecht",
        "directions": "",
        "directions_en": "",
        "step_free_notes": "",
        "step_free_notes_en": "",
    }
    assert snapshot["tracks"][0]["name"] == "Raad"


async def _published(sessions: int = 3) -> tuple[Any, list[Any]]:
    """An event with `sessions` published sessions in a frozen version 1."""
    event = await make_event(slug=f"ev-{sessions}")
    room = await make_room(event, name="Raadzaal", capacity=50)
    made = []
    for n in range(sessions):
        speaker = await make_speaker(event, name=f"Spreker {n}")
        made.append(
            await make_session(
                event,
                room=room,
                speakers=(speaker,),
                starts_at=datetime(2027, 3, 20, 9 + n, 0, tzinfo=UTC),
            )
        )
    await ScheduleVersion.create(
        event=event, number=1, published_at=clock.now(), snapshot=await build_snapshot(event.id)
    )
    return event, made


async def _programme_fixture() -> Any:
    event = await make_event()
    stadhuis = await make_venue(event, name="Stadhuis")
    raadzaal = await make_room(event, stadhuis, name="Raadzaal", capacity=100, position=1)
    studio = await make_room(event, stadhuis, name="Studio", capacity=12, position=2)
    raad = await make_track(event, name="Raad op Zaterdag")
    lab = await make_track(event, name="Democratie Testlabs")
    jose = await make_speaker(event, name="José Café")
    anna = await make_speaker(event, name="Anna de Vries")
    at10 = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)
    at11 = datetime(2027, 3, 20, 10, 0, tzinfo=UTC)
    await make_session(
        event,
        room=raadzaal,
        track=raad,
        title="Raad op Zaterdag: zo organiseert u het",
        abstract="Praktische tips voor griffiers.",
        audiences=["griffiers", "raadsleden"],
        accessibility=["step_free", "hearing_loop"],
        starts_at=at10,
        speakers=(anna,),
    )
    await make_session(
        event,
        room=studio,
        track=lab,
        title="Democratie Testlab: loting in de praktijk",
        title_en="Democracy Test Lab",
        format=SessionFormat.LAB,
        audiences=["inwoners"],
        accessibility=["step_free"],
        starts_at=at10,
        capacity=12,
        speakers=(jose,),
    )
    await make_session(
        event,
        room=raadzaal,
        title="Local democracy in Europe",
        language="en",
        format=SessionFormat.DEBATE,
        starts_at=at11,
        requires_registration=False,
    )
    await make_session(
        event, room=studio, title="Vervallen workshop", state=SessionState.CANCELLED, starts_at=at11
    )
    await ScheduleVersion.create(
        event=event, number=1, published_at=clock.now(), snapshot=await build_snapshot(event.id)
    )
    return event, {"raad": raad, "lab": lab}


def _titles(items: list[Any]) -> list[str]:
    return [item.title for item in items]


async def _filtered(event: Any, query: str, lang: str = "nl") -> list[str]:
    programme = await queries.published_programme(event, lang=lang)
    return _titles(queries.filter_sessions(programme, queries.parse_filters(parse_qsl(query))))


async def test_filter_sessions_without_filters_returns_all_in_time_order(database: None) -> None:
    event, _tracks = await _programme_fixture()
    assert await _filtered(event, "") == [
        "Raad op Zaterdag: zo organiseert u het",
        "Democratie Testlab: loting in de praktijk",
        "Local democracy in Europe",
        "Vervallen workshop",
    ]


async def test_filter_sessions_by_track_format_audience_language_accessibility(
    database: None,
) -> None:
    event, tracks = await _programme_fixture()
    assert await _filtered(event, f"track={tracks['lab'].id}") == [
        "Democratie Testlab: loting in de praktijk"
    ]
    assert await _filtered(event, f"track={tracks['lab'].id}&track={tracks['raad'].id}") == [
        "Raad op Zaterdag: zo organiseert u het",
        "Democratie Testlab: loting in de praktijk",
    ]
    assert await _filtered(event, "format=debate") == ["Local democracy in Europe"]
    assert await _filtered(event, "audience=inwoners") == [
        "Democratie Testlab: loting in de praktijk"
    ]
    assert await _filtered(event, "language=en") == ["Local democracy in Europe"]
    assert await _filtered(event, "accessibility=step_free&accessibility=hearing_loop") == [
        "Raad op Zaterdag: zo organiseert u het"
    ]


async def test_filter_sessions_ignores_unknown_values(database: None) -> None:
    event, _tracks = await _programme_fixture()
    assert len(await _filtered(event, "format=karaoke&track=abc&audience=x&language=de")) == 4


async def test_filter_sessions_with_seats_left_drops_full_and_cancelled(database: None) -> None:
    event, _tracks = await _programme_fixture()
    assert await _filtered(event, "seats=1") == [
        "Raad op Zaterdag: zo organiseert u het",
        "Democratie Testlab: loting in de praktijk",
        "Local democracy in Europe",
    ]


async def test_search_is_case_and_accent_insensitive_over_title_abstract_and_speakers(
    database: None,
) -> None:
    event, _tracks = await _programme_fixture()
    assert await _filtered(event, "q=CAFE") == ["Democratie Testlab: loting in de praktijk"]
    assert await _filtered(event, "q=josé") == ["Democratie Testlab: loting in de praktijk"]
    assert await _filtered(event, "q=griffiers+tips") == ["Raad op Zaterdag: zo organiseert u het"]
    assert await _filtered(event, "q=anna+vries") == ["Raad op Zaterdag: zo organiseert u het"]
    assert await _filtered(event, "q=zaterdag+loting") == []


async def test_search_finds_dutch_title_on_english_page(database: None) -> None:
    event, _tracks = await _programme_fixture()
    assert await _filtered(event, "q=loting", lang="en") == ["Democracy Test Lab"]


async def test_published_programme_uses_english_titles_when_filled(database: None) -> None:
    event, _tracks = await _programme_fixture()
    programme = await queries.published_programme(event, lang="en")
    assert _titles(programme.sessions)[:2] == [
        "Raad op Zaterdag: zo organiseert u het",
        "Democracy Test Lab",
    ]


async def test_published_programme_seats_and_capacity(database: None) -> None:
    event, _tracks = await _programme_fixture()
    programme = await queries.published_programme(event)
    seats = {item.title: (item.capacity, item.seats_left) for item in programme.sessions}
    assert seats == {
        "Raad op Zaterdag: zo organiseert u het": (100, 100),
        "Democratie Testlab: loting in de praktijk": (12, 12),
        "Local democracy in Europe": (100, None),
        "Vervallen workshop": (12, 12),
    }


async def test_group_by_day_makes_time_slots_ordered_by_room(database: None) -> None:
    event, _tracks = await _programme_fixture()
    programme = await queries.published_programme(event)
    days = queries.group_by_day(programme.sessions, event.timezone)
    assert [day.date.isoformat() for day in days] == ["2027-03-20"]
    assert [
        (slot.starts_at.hour, [s.room.name for s in slot.sessions]) for slot in days[0].slots
    ] == [(9, ["Raadzaal", "Studio"]), (10, ["Raadzaal", "Studio"])]


async def test_published_programme_before_first_version_is_empty(database: None) -> None:
    event = await make_event()
    await make_session(event)
    programme = await queries.published_programme(event)
    assert programme.published is False
    assert programme.sessions == []


async def test_programme_page_query_count_does_not_grow_with_sessions(database: None) -> None:
    counts = []
    for size in (1, 3):
        event, _made = await _published(size)
        with count_queries() as statements:
            page = await queries.programme_page(event.slug, pairs=[("q", "sessie")], lang="nl")
        assert len(page.sessions) == size
        counts.append(len(statements))
    assert counts[0] == counts[1]
    assert counts[0] <= 5  # event, version, and the registration area's seat queries


async def test_demo_programme_is_full_and_idempotent(database: None) -> None:
    from festival.demo import load_demo

    first = await load_demo()
    again = await load_demo()
    made = first["extensions"]["festival.programme.demo"]
    assert made == {"speakers": 28, "sessions": 31, "version": 1}
    made_again = again["extensions"]["festival.programme.demo"]
    assert made_again == {"speakers": 0, "sessions": 0, "version": 1}
    event = await Event.get(slug="dld-demo")
    programme = await queries.published_programme(event)
    assert len(programme.sessions) == 31
    assert len(programme.speakers) == 28
    assert len({s.room.name for s in programme.sessions}) == 8
    assert len({s.starts_at for s in programme.sessions}) >= 4
    assert sum(1 for s in programme.sessions if s.repeat_of_code) == 1
    assert any(s.capacity == 12 and s.format == "workshop" for s in programme.sessions)
