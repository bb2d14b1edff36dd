"""Turn a published snapshot (plain dicts of ids) into the items of a Programme, in one
language; pure Python, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from festival.events.models import Event
from festival.i18n import fmt_date, localised_field
from festival.programme.queries.items import (
    Programme,
    RoomItem,
    SessionItem,
    SpeakerItem,
    TrackItem,
    VenueItem,
    VersionInfo,
    fold,
)

Row = dict[str, Any]


def _pick(row: Row, key: str, english: bool) -> str:
    """The text of `key` in the page's language; a Dutch fallback is a Localised marked "nl"."""
    return localised_field(row, key, "en" if english else "nl")


def _venues(snap: Row, english: bool) -> dict[int, VenueItem]:
    return {
        v["id"]: VenueItem(
            v["id"],
            v["name"],
            v["address"],
            v["city"],
            _pick(v, "directions", english),
            _pick(v, "step_free_notes", english),
        )
        for v in snap.get("venues", [])
    }


def _rooms(snap: Row, venues: dict[int, VenueItem], english: bool) -> dict[int, RoomItem]:
    return {
        r["id"]: RoomItem(
            r["id"],
            r["name"],
            r["capacity"],
            _pick(r, "accessibility_notes", english),
            r["position"],
            venues.get(r["venue_id"]),
        )
        for r in snap.get("rooms", [])
    }


def _tracks(snap: Row, english: bool) -> dict[int, TrackItem]:
    return {
        t["id"]: TrackItem(t["id"], _pick(t, "name", english), t["color"], t["position"])
        for t in snap.get("tracks", [])
    }


def _speakers(snap: Row, english: bool) -> dict[int, SpeakerItem]:
    return {
        p["id"]: SpeakerItem(
            p["id"],
            p["code"],
            p["name"],
            p["organisation"],
            _pick(p, "role", english),
            _pick(p, "bio", english),
            p["photo"],
        )
        for p in snap.get("speakers", [])
    }


@dataclass
class _Lookup:
    """What each session row of one snapshot is resolved against."""

    rooms: dict[int, RoomItem]
    tracks: dict[int, TrackItem]
    speakers: dict[int, SpeakerItem]
    codes: dict[int, str]  # session id -> code, to name the session a repeat repeats
    zone: ZoneInfo
    english: bool
    version_key: tuple[Any, ...]
    date_labels: dict[date, str] = field(default_factory=dict)

    def date_label(self, day: date) -> str:
        """The full date in the page's language, formatted once per day (not per session)."""
        if day not in self.date_labels:
            self.date_labels[day] = fmt_date(day, "full")
        return self.date_labels[day]


def _search_text(s: Row, people: list[SpeakerItem]) -> str:
    """Folded title and abstract in both languages plus the speakers' names."""
    parts = [s["title"], s["title_en"], s["abstract"], s["abstract_en"], *(p.name for p in people)]
    return fold(" ".join(parts))


def _session_item(s: Row, room: RoomItem, lookup: _Lookup) -> SessionItem:
    people = [lookup.speakers[i] for i in s["speaker_ids"] if i in lookup.speakers]
    starts_at, ends_at = (
        datetime.fromisoformat(s["starts_at"]),
        datetime.fromisoformat(s["ends_at"]),
    )
    local_start, local_end = starts_at.astimezone(lookup.zone), ends_at.astimezone(lookup.zone)
    title = _pick(s, "title", lookup.english)
    capacity = s.get("capacity")
    return SessionItem(
        id=s["id"],
        code=s["code"],
        title=title,
        abstract=_pick(s, "abstract", lookup.english),
        format=s["format"],
        track=lookup.tracks.get(s["track_id"]) if s["track_id"] else None,
        room=room,
        speakers=people,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        seats_left=capacity if s["requires_registration"] else None,
        requires_registration=s["requires_registration"],
        language=s["language"],
        audiences=list(s["audiences"]),
        accessibility=list(s["accessibility"]),
        state=s["state"],
        repeat_of_code=lookup.codes.get(s["repeat_of_id"]) if s["repeat_of_id"] else None,
        time_label=f"{local_start:%H:%M}–{local_end:%H:%M}",
        starts_iso=local_start.replace(microsecond=0).isoformat(),
        ends_iso=local_end.replace(microsecond=0).isoformat(),
        date_label=lookup.date_label(local_start.date()),
        sort_title=fold(title),
        version_key=lookup.version_key,
        search_text=_search_text(s, people),
    )


def _session_items(snap: Row, lookup: _Lookup) -> list[SessionItem]:
    """The snapshot's sessions in its order; a session whose room is missing is left out."""
    items = []
    for s in snap.get("sessions", []):
        room = lookup.rooms.get(s["room_id"])
        if room is not None:
            items.append(_session_item(s, room, lookup))
    return items


def build_programme(
    event: Event,
    version: VersionInfo | None,
    *,
    lang: str = "nl",
    version_key: tuple[Any, ...] = (),
) -> Programme:
    """Resolve a snapshot's ids into items (seats not yet applied); no I/O. `version_key`
    (see latest_version) marks the items so views may cache their rendered HTML."""
    if version is None:
        return Programme(event=event, version=None)
    snap = version.snapshot
    english = lang == "en"
    lookup = _Lookup(
        rooms=_rooms(snap, _venues(snap, english), english),
        tracks=_tracks(snap, english),
        speakers=_speakers(snap, english),
        codes={s["id"]: s["code"] for s in snap.get("sessions", [])},
        zone=ZoneInfo(event.timezone),
        english=english,
        version_key=version_key,
    )
    return Programme(
        event=event,
        version=version,
        sessions=_session_items(snap, lookup),
        rooms=list(lookup.rooms.values()),
        tracks=list(lookup.tracks.values()),
        speakers=list(lookup.speakers.values()),
    )
