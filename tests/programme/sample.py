"""A small published programme for the read-side tests (pages, API, exports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from festival import clock
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

SCRIPT = "<script>alert('x')</script>"


@dataclass
class Sample:
    event: Any
    workshop: Any
    lab: Any
    cancelled: Any
    speaker: Any


async def make_published_programme(*, slug: str = "dld-test", publish: bool = True) -> Sample:
    """Stadhuis with Raadzaal and Studio; a workshop (with a script tag in its title), a lab with
    an English title, a cancelled session; version 1 published."""
    event = await make_event(
        slug=slug, name="Dag van de Lokale Democratie", name_en="Local Democracy Day"
    )
    venue = await make_venue(
        event,
        name="Stadhuis",
        address="Korte Minrebroederstraat 2",
        city="Utrecht",
        step_free_notes="Drempelvrije ingang aan de zijkant.",
    )
    raadzaal = await make_room(event, venue, name="Raadzaal", capacity=100, position=1)
    studio = await make_room(event, venue, name="Studio", capacity=12, position=2)
    track = await make_track(event, name="Raad op Zaterdag", name_en="Council on Saturday")
    speaker = await make_speaker(
        event,
        name="Anna de Vries",
        role="griffier",
        organisation="Gemeente Zeist",
        bio=f"Griffier. {SCRIPT}",
        bio_en="Clerk.",
        email="anna@example.nl",
    )
    workshop = await make_session(
        event,
        room=raadzaal,
        track=track,
        title=f"Raad op Zaterdag {SCRIPT}",
        abstract="Zo doet u het.",
        starts_at=datetime(2027, 3, 20, 8, 30, tzinfo=UTC),
        audiences=["griffiers"],
        accessibility=["step_free", "hearing_loop"],
        speakers=(speaker,),
    )
    lab = await make_session(
        event,
        room=studio,
        title="Democratie Testlab: loting in de praktijk",
        title_en="Democracy Test Lab",
        abstract="Loten in het echt.",
        abstract_en="Sortition for real.",
        format=SessionFormat.LAB,
        starts_at=datetime(2027, 3, 20, 8, 30, tzinfo=UTC),
        capacity=12,
    )
    cancelled = await make_session(
        event,
        room=studio,
        title="Vervallen sessie",
        state=SessionState.CANCELLED,
        starts_at=datetime(2027, 3, 20, 13, 0, tzinfo=UTC),
    )
    if publish:
        await ScheduleVersion.create(
            event=event,
            number=1,
            published_at=datetime(2027, 1, 10, 12, 0, tzinfo=UTC),
            snapshot=await build_snapshot(event.id),
        )
    return Sample(event, workshop, lab, cancelled, speaker)


async def publish_again(event: Any, changelog: list[dict[str, Any]]) -> None:
    await ScheduleVersion.create(
        event=event,
        number=2,
        published_at=clock.now(),
        snapshot=await build_snapshot(event.id),
        changelog=changelog,
    )
