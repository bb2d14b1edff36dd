"""Everything one public page needs: the programme (filtered and grouped), a session with its
repeats, a speaker with their sessions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from festival.events.models import Event
from festival.programme.queries.filters import (
    FilterOptions,
    Filters,
    filter_options,
    filter_sessions,
    parse_filters,
)
from festival.programme.queries.grouping import Day, group_by_day
from festival.programme.queries.items import Programme, SessionItem, SpeakerItem
from festival.programme.queries.published import programme_for_slug


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
    programme = await programme_for_slug(slug, lang=lang)
    speaker = programme.speaker(code)
    return SpeakerPage(programme, speaker, programme.sessions_of(speaker))
