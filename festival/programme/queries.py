"""Read side of the programme: the latest published version plus live seats, prepared for
pages, the API and exports. A fixed number of queries per request; filters, search and
grouping run in Python on the snapshot."""

from __future__ import annotations

import copy
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from festival.errors import NotFound
from festival.events import services as events
from festival.events.models import Event
from festival.i18n import _, fmt_date, get_language
from festival.programme.models import Accessibility, Audience, ScheduleVersion, SessionFormat
from festival.registration import queries as registration

# ---------------------------------------------------------------- labels (Dutch first)


def format_label(value: str) -> str:
    labels = {
        "plenary": _("Plenair"),
        "workshop": _("Workshop"),
        "lab": _("Proeftuin"),
        "debate": _("Debat"),
        "excursion": _("Excursie"),
        "break": _("Pauze"),
    }
    return labels.get(value, value)


def audience_label(value: str) -> str:
    labels = {
        "raadsleden": _("Raadsleden"),
        "griffiers": _("Griffiers"),
        "wethouders": _("Wethouders"),
        "burgemeesters": _("Burgemeesters"),
        "ambtenaren": _("Ambtenaren"),
        "inwoners": _("Inwoners"),
        "jongeren": _("Jongeren"),
    }
    return labels.get(value, value)


def accessibility_label(value: str) -> str:
    labels = {
        "step_free": _("Zonder drempels"),
        "hearing_loop": _("Ringleiding"),
        "sign_language": _("Gebarentolk"),
        "quiet_space": _("Stilteruimte"),
        "live_captions": _("Live ondertiteling"),
    }
    return labels.get(value, value)


def language_label(value: str) -> str:
    labels = {"nl": _("Nederlands"), "en": _("Engels")}
    return labels.get(value, value)


def card_labels() -> dict[str, Any]:
    """Every text a session card shows, translated once per page (not once per card); "code"
    is their language (part of the key of views' cached cards)."""
    return {
        "code": get_language(),
        "format": {v: format_label(v) for v in SessionFormat},
        "audience": {v: audience_label(v) for v in Audience},
        "accessibility": {v: accessibility_label(v) for v in Accessibility},
        "language": {v: language_label(v) for v in ("nl", "en")},
        "when": _("Wanneer"),
        "time": _("Tijd"),
        "room": _("Zaal"),
        "track": _("Thema"),
        "type": _("Soort"),
        "speakers": _("Sprekers"),
        "lang": _("Taal"),
        "seats": _("Plaatsen"),
        "a11y": _("Toegankelijkheid"),
        "cancelled": _("Vervalt"),
        "walk_in": _("Vrije inloop"),
        "full": _("Vol"),
        "one_seat": _("Nog 1 plaats"),
        "n_seats": _("Nog %(n)s plaatsen"),
    }


# ---------------------------------------------------------------- prepared data


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
    seats_left: int | None  # None: no registration needed
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


def _pick(row: dict[str, Any], key: str, english: bool) -> str:
    if english and row.get(f"{key}_en"):
        return str(row[f"{key}_en"])
    return str(row.get(key) or "")


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
    venues = {
        v["id"]: VenueItem(
            v["id"], v["name"], v["address"], v["city"], v["directions"], v["step_free_notes"]
        )
        for v in snap.get("venues", [])
    }
    rooms = {
        r["id"]: RoomItem(
            r["id"],
            r["name"],
            r["capacity"],
            r["accessibility_notes"],
            r["position"],
            venues.get(r["venue_id"]),
        )
        for r in snap.get("rooms", [])
    }
    tracks = {
        t["id"]: TrackItem(t["id"], _pick(t, "name", english), t["color"], t["position"])
        for t in snap.get("tracks", [])
    }
    speakers = {
        p["id"]: SpeakerItem(
            p["id"],
            p["code"],
            p["name"],
            p["organisation"],
            p["role"],
            _pick(p, "bio", english),
            p["photo"],
        )
        for p in snap.get("speakers", [])
    }
    codes = {s["id"]: s["code"] for s in snap.get("sessions", [])}
    zone = ZoneInfo(event.timezone)
    date_labels: dict[date, str] = {}
    items = []
    for s in snap.get("sessions", []):
        room = rooms.get(s["room_id"])
        if room is None:
            continue
        capacity = s.get("capacity")
        seats_left = capacity if s["requires_registration"] else None
        people = [speakers[i] for i in s["speaker_ids"] if i in speakers]
        starts_at, ends_at = (
            datetime.fromisoformat(s["starts_at"]),
            datetime.fromisoformat(s["ends_at"]),
        )
        local_start, local_end = starts_at.astimezone(zone), ends_at.astimezone(zone)
        if local_start.date() not in date_labels:
            date_labels[local_start.date()] = fmt_date(local_start.date(), "full")
        title = _pick(s, "title", english)
        items.append(
            SessionItem(
                id=s["id"],
                code=s["code"],
                title=title,
                abstract=_pick(s, "abstract", english),
                format=s["format"],
                track=tracks.get(s["track_id"]) if s["track_id"] else None,
                room=room,
                speakers=people,
                starts_at=starts_at,
                ends_at=ends_at,
                capacity=capacity,
                seats_left=seats_left,
                requires_registration=s["requires_registration"],
                language=s["language"],
                audiences=list(s["audiences"]),
                accessibility=list(s["accessibility"]),
                state=s["state"],
                repeat_of_code=codes.get(s["repeat_of_id"]) if s["repeat_of_id"] else None,
                time_label=f"{local_start:%H:%M}–{local_end:%H:%M}",
                starts_iso=local_start.replace(microsecond=0).isoformat(),
                ends_iso=local_end.replace(microsecond=0).isoformat(),
                date_label=date_labels[local_start.date()],
                sort_title=fold(title),
                version_key=version_key,
                search_text=fold(
                    " ".join(
                        [
                            s["title"],
                            s["title_en"],
                            s["abstract"],
                            s["abstract_en"],
                            *(p.name for p in people),
                        ]
                    )
                ),
            )
        )
    return Programme(
        event=event,
        version=version,
        sessions=items,
        rooms=list(rooms.values()),
        tracks=list(tracks.values()),
        speakers=list(speakers.values()),
    )


# Built programmes per published version and language. A version never changes once
# written, so each web process may keep what it built; the key also holds the event's
# last change and the version's publication time, so neither a reused row id nor an edited
# event (name, time zone) ever matches an old entry.
_BUILT: OrderedDict[tuple[Any, ...], Programme] = OrderedDict()
_BUILT_MAX = 32


def _key(event: Event, row: dict[str, Any], *extra: Any) -> tuple[Any, ...]:
    return (event.id, event.updated_at, row["id"], row["number"], row["published_at"], *extra)


async def latest_version(event: Event, *, lang: str = "nl") -> Programme:
    """The newest published version, built (without seats): one small query when this process
    has built it before, two (the snapshot too) the first time."""
    row = (
        await ScheduleVersion.filter(event_id=event.id)
        .order_by("-number")
        .first()
        .values("id", "number", "published_at")
    )
    if row is None:
        return Programme(event=event, version=None)
    key = _key(event, row, lang)
    built = _BUILT.get(key)
    if built is None:
        data = await ScheduleVersion.get(id=row["id"]).values("snapshot", "changelog")
        version = VersionInfo(
            row["id"],
            row["number"],
            row["published_at"],
            len(data["changelog"] or []),
            data["snapshot"],
        )
        built = build_programme(event, version, lang=lang, version_key=key)
        _BUILT[key] = built
        while len(_BUILT) > _BUILT_MAX:
            _BUILT.popitem(last=False)
    _BUILT.move_to_end(key)
    return Programme(
        event=event,
        version=built.version,
        sessions=built.sessions,
        rooms=built.rooms,
        tracks=built.tracks,
        speakers=built.speakers,
    )


def _apply_seats(programme: Programme, seats: dict[int, int]) -> Programme:
    """A copy whose sessions carry the live seats (sessions missing from `seats`: all free)."""
    sessions = []
    for item in programme.sessions:
        left = seats.get(item.id) if item.requires_registration else None
        if left is not None and left != item.seats_left:  # shared items are never changed
            item = copy.copy(item)
            item.seats_left = left
        sessions.append(item)
    programme.sessions = sessions
    return programme


async def published_programme(
    event: Event, *, lang: str = "nl", with_seats: bool = True
) -> Programme:
    """The latest version with live seats: a fixed number of queries, whatever its size."""
    programme = await latest_version(event, lang=lang)
    if programme.version is None or not with_seats:
        return programme
    return _apply_seats(programme, await registration.seats_left_by_session(event.id))


async def programme_for_slug(slug: str, *, lang: str = "nl", with_seats: bool = True) -> Programme:
    """The public event by slug and its published programme. Raises NotFound."""
    event = await events.public_event(slug)
    return await published_programme(event, lang=lang, with_seats=with_seats)


async def versions_for_event(slug: str) -> tuple[Event, list[dict[str, Any]]]:
    """The public event and every published version, newest first (without snapshots), each
    with its changelog as lines: [(entry, ChangeLine)]."""
    from festival.programme.services import change_lines

    event = await events.public_event(slug)
    rows = (
        await ScheduleVersion.filter(event_id=event.id)
        .order_by("-number")
        .values("number", "published_at", "changelog", "comment")
    )
    for row in rows:
        entries = row["changelog"] or []
        row["lines"] = list(zip(entries, change_lines(entries, event.timezone), strict=True))
    return event, list(rows)


# ---------------------------------------------------------------- filters and search


@dataclass(frozen=True)
class Filters:
    tracks: frozenset[int] = frozenset()
    formats: frozenset[str] = frozenset()
    audiences: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    accessibility: frozenset[str] = frozenset()
    seats_left: bool = False
    q: str = ""

    @property
    def narrowed(self) -> bool:
        """Any choice made besides the search words."""
        return bool(
            self.tracks
            or self.formats
            or self.audiences
            or self.languages
            or self.accessibility
            or self.seats_left
        )

    @property
    def active(self) -> bool:
        return self.narrowed or bool(self.q)

    def matches(self, item: SessionItem) -> bool:
        checks = (
            not self.tracks or (item.track is not None and item.track.id in self.tracks),
            not self.formats or item.format in self.formats,
            not self.audiences or bool(self.audiences.intersection(item.audiences)),
            not self.languages or item.language in self.languages,
            not self.accessibility or self.accessibility.issubset(item.accessibility),
            not self.seats_left or item.open_for_people,
        )
        return all(checks)


def parse_filters(pairs: Iterable[tuple[str, str]]) -> Filters:
    """Filters from query-string pairs; unknown values are ignored, never an error."""
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        values.setdefault(key, []).append(value.strip())
    tracks = frozenset(int(v) for v in values.get("track", []) if v.isdigit() and len(v) < 12)
    return Filters(
        tracks=tracks,
        formats=frozenset(v for v in values.get("format", []) if v in set(SessionFormat)),
        audiences=frozenset(v for v in values.get("audience", []) if v in set(Audience)),
        languages=frozenset(v for v in values.get("language", []) if v in ("nl", "en")),
        accessibility=frozenset(
            v for v in values.get("accessibility", []) if v in set(Accessibility)
        ),
        seats_left=any(v in ("1", "on", "true") for v in values.get("seats", [])),
        q=" ".join((values.get("q") or [""])[0].split())[:100],
    )


def filter_sessions(programme: Programme, filters: Filters) -> list[SessionItem]:
    """The sessions that pass every filter and contain every search word (accent-insensitive)."""
    found = [s for s in programme.sessions if filters.matches(s)]
    words = fold(filters.q).split()
    if not words:
        return found
    return [item for item in found if all(word in item.search_text for word in words)]


# ---------------------------------------------------------------- grouping


@dataclass
class TimeSlot:
    starts_at: datetime
    sessions: list[SessionItem]


@dataclass
class Day:
    date: date
    slots: list[TimeSlot]

    @property
    def count(self) -> int:
        return sum(len(slot.sessions) for slot in self.slots)


def group_by_day(sessions: list[SessionItem], tz: str) -> list[Day]:
    """Days (in the event's zone) with their time slots, each slot ordered by room."""
    zone = ZoneInfo(tz)
    days: dict[date, dict[datetime, list[SessionItem]]] = {}
    for item in sorted(sessions, key=lambda s: (s.starts_at, s.room.position, s.room.name, s.id)):
        local = item.starts_at.astimezone(zone)
        days.setdefault(local.date(), {}).setdefault(item.starts_at, []).append(item)
    return [
        Day(day, [TimeSlot(start, items) for start, items in slots.items()])
        for day, slots in sorted(days.items())
    ]


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    checked: bool


@dataclass
class FilterOptions:
    tracks: list[Option]
    formats: list[Option]
    audiences: list[Option]
    languages: list[Option]
    accessibility: list[Option]


def filter_options(programme: Programme, filters: Filters) -> FilterOptions:
    """The choices that occur in this programme, with the chosen ones checked."""
    formats = {s.format for s in programme.sessions}
    audiences = {a for s in programme.sessions for a in s.audiences}
    languages = {s.language for s in programme.sessions}
    access = {a for s in programme.sessions for a in s.accessibility}
    used_tracks = {s.track.id for s in programme.sessions if s.track}
    return FilterOptions(
        tracks=[
            Option(str(t.id), t.name, t.id in filters.tracks)
            for t in programme.tracks
            if t.id in used_tracks
        ],
        formats=[
            Option(v, format_label(v), v in filters.formats) for v in SessionFormat if v in formats
        ],
        audiences=[
            Option(v, audience_label(v), v in filters.audiences) for v in Audience if v in audiences
        ],
        languages=[
            Option(v, language_label(v), v in filters.languages)
            for v in ("nl", "en")
            if v in languages
        ],
        accessibility=[
            Option(v, accessibility_label(v), v in filters.accessibility)
            for v in Accessibility
            if v in access
        ],
    )


# ---------------------------------------------------------------- pages


@dataclass
class ProgrammePage:
    programme: Programme
    filters: Filters
    options: FilterOptions
    sessions: list[SessionItem]
    days: list[Day]
    view: str  # "grid" (day/time) or "list" (A to Z)
    changes: int  # entries in the latest version's changelog

    @property
    def event(self) -> Event:
        return self.programme.event


async def programme_page(
    slug: str, *, pairs: Iterable[tuple[str, str]], lang: str
) -> ProgrammePage:
    """The public programme of an event, filtered and grouped. Raises NotFound."""
    pairs = list(pairs)
    programme = await programme_for_slug(slug, lang=lang)
    filters = parse_filters(pairs)
    view = "list" if ("view", "list") in pairs else "grid"
    sessions = filter_sessions(programme, filters)
    days = group_by_day(sessions, programme.event.timezone)
    if view == "list":
        sessions = sorted(sessions, key=lambda s: (s.sort_title, s.starts_at))
    version = programme.version
    changes = version.changes if version is not None and version.number > 1 else 0
    return ProgrammePage(
        programme, filters, filter_options(programme, filters), sessions, days, view, changes
    )


@dataclass
class SessionPage:
    programme: Programme
    session: SessionItem
    repeats: list[SessionItem]  # the other times this session is given


async def session_page(slug: str, code: str, *, lang: str) -> SessionPage:
    programme = await programme_for_slug(slug, lang=lang)
    item = programme.session(code)
    root = item.repeat_of_code or item.code
    repeats = [
        s
        for s in programme.sessions
        if s.code != item.code and (s.code == root or s.repeat_of_code == root)
    ]
    return SessionPage(programme, item, repeats)


@dataclass
class SpeakerPage:
    programme: Programme
    speaker: SpeakerItem
    sessions: list[SessionItem]


async def speaker_page(slug: str, code: str, *, lang: str) -> SpeakerPage:
    programme = await programme_for_slug(slug, lang=lang, with_seats=False)
    speaker = programme.speaker(code)
    return SpeakerPage(programme, speaker, programme.sessions_of(speaker))
