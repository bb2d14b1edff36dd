"""Filters and search over a programme's sessions (in Python, on the built snapshot), and the
filter choices a programme page offers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from festival.forms import as_id
from festival.programme.models import Accessibility, Audience, SessionFormat
from festival.programme.queries.items import Programme, SessionItem, fold
from festival.programme.queries.labels import (
    accessibility_label,
    audience_label,
    format_label,
    language_label,
)


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
    tracks = frozenset(i for i in map(as_id, values.get("track", [])) if i is not None)
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
