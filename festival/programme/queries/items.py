"""The prepared, read-only shapes of a published programme: venues, rooms, tracks, speakers,
sessions, and the Programme that holds them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from festival.errors import NotFound
from festival.events.models import Event
from festival.i18n import _


@dataclass(frozen=True)
class VenueItem:
    id: int
    name: str
    address: str
    city: str
    directions: str
    step_free_notes: str


@dataclass(frozen=True)
class RoomItem:
    id: int
    name: str
    capacity: int
    accessibility_notes: str
    position: int
    venue: VenueItem | None


@dataclass(frozen=True)
class TrackItem:
    id: int
    name: str
    color: str
    position: int


@dataclass(frozen=True)
class SpeakerItem:
    id: int
    code: str
    name: str
    organisation: str
    role: str
    bio: str
    photo: str


@dataclass
class SessionItem:
    id: int
    code: str
    title: str
    abstract: str
    format: str
    track: TrackItem | None
    room: RoomItem
    speakers: list[SpeakerItem]
    starts_at: datetime
    ends_at: datetime
    capacity: int | None
    seats_left: int | None  # None: no registration needed, or no limit to the seats
    requires_registration: bool
    language: str
    audiences: list[str]
    accessibility: list[str]
    state: str
    repeat_of_code: str | None
    time_label: str = ""  # "09:30–10:30" in the event's zone
    date_label: str = ""  # "zaterdag 20 maart 2027" in the event's zone and the page's language
    search_text: str = ""  # folded title, abstract (both languages) and speaker names
    starts_iso: str = ""  # ISO 8601 with the offset of the event's zone (API)
    ends_iso: str = ""
    sort_title: str = ""  # folded title: the order of the A to Z list
    # Identifies the published version and language this item was built from (empty when
    # built outside the per-process cache): views cache rendered HTML of the item under it.
    version_key: tuple[Any, ...] = ()

    @property
    def cancelled(self) -> bool:
        return self.state == "cancelled"

    @property
    def is_full(self) -> bool:
        return self.seats_left is not None and self.seats_left <= 0

    @property
    def open_for_people(self) -> bool:
        """Not cancelled, and either free to walk in or with a seat left."""
        return not self.cancelled and not self.is_full

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass(frozen=True)
class VersionInfo:
    """The published version a Programme comes from (its snapshot is immutable)."""

    id: int
    number: int
    published_at: datetime
    changes: int  # entries in its changelog
    snapshot: dict[str, Any]


@dataclass
class Programme:
    """One published version as the public sees it (in the request's language)."""

    event: Event
    version: VersionInfo | None
    sessions: list[SessionItem] = field(default_factory=list)
    rooms: list[RoomItem] = field(default_factory=list)
    tracks: list[TrackItem] = field(default_factory=list)
    speakers: list[SpeakerItem] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.version is not None

    @property
    def multiple_venues(self) -> bool:
        return len({room.venue.id for room in self.rooms if room.venue}) > 1

    def session(self, code: str) -> SessionItem:
        for item in self.sessions:
            if item.code == code:
                return item
        raise NotFound("session_not_found", _("Deze sessie staat niet in het programma."))

    def speaker(self, code: str) -> SpeakerItem:
        for item in self.speakers:
            if item.code == code:
                return item
        raise NotFound("speaker_not_found", _("Deze spreker staat niet in het programma."))

    def sessions_of(self, speaker: SpeakerItem) -> list[SessionItem]:
        return [s for s in self.sessions if any(sp.id == speaker.id for sp in s.speakers)]


def fold(text: str) -> str:
    """Lower case without accents, for search: 'Café' and 'cafe' match."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
