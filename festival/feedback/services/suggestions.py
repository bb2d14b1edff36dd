"""Suggestions for the next programme, from bookings, check-ins and ratings: sessions to give a
bigger room or repeat, sessions rated poorly or with many no-shows, and formats that work better
for an audience group. Ratings of groups under five respondents are never used."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from festival.feedback import queries
from festival.feedback.queries import AudienceFormat, Figures

GOOD_RATING = 4.0  # at least this: worth a bigger room or a repeat
POOR_RATING = 3.0  # below this: rethink
LONG_WAITING = 0.2  # waiting list at least this share of the seats (and at least 3 people)
NO_SHOW_SHARE = 0.3  # this share of the booked did not come (with at least 10 booked)
FORMAT_GAP = 0.5  # a format rated this much better by the same audience


@dataclass(frozen=True)
class Suggestion:
    kind: str  # bigger_room_or_repeat | rated_poorly | many_no_shows | format_for_audience
    session_id: int | None
    title: str
    figures: Figures | None = None
    better: AudienceFormat | None = None
    worse: AudienceFormat | None = None


def _full_and_liked(f: Figures) -> bool:
    return (
        f.capacity is not None
        and f.booked >= f.capacity
        and f.waiting >= max(3, LONG_WAITING * f.capacity)
        and not f.suppressed
        and f.rating is not None
        and f.rating >= GOOD_RATING
    )


def _no_shows(f: Figures) -> bool:
    return f.booked >= 10 and (f.booked - min(f.checked_in, f.booked)) >= NO_SHOW_SHARE * f.booked


def format_suggestions(groups: list[AudienceFormat]) -> list[Suggestion]:
    """Per audience group, its best-rated format against its worst, when the gap is large."""
    by_role: dict[str, list[AudienceFormat]] = defaultdict(list)
    for group in groups:
        by_role[group.role].append(group)
    out = []
    for role, rated in sorted(by_role.items()):
        if len(rated) < 2:
            continue
        best = max(rated, key=lambda g: (g.mean, g.respondents))
        worst = min(rated, key=lambda g: (g.mean, -g.respondents))
        if best.mean - worst.mean >= FORMAT_GAP:
            out.append(Suggestion("format_for_audience", None, role, better=best, worse=worst))
    return out


async def suggestions(event_id: int) -> list[Suggestion]:
    """Every suggestion for the event, sessions in time order, then the audience formats."""
    figures = await queries.programme_figures(event_id)
    out = []
    for session_id, f in figures.items():
        title = f.title
        if _full_and_liked(f):
            out.append(Suggestion("bigger_room_or_repeat", session_id, title, f))
        if not f.suppressed and f.rating is not None and f.rating < POOR_RATING:
            out.append(Suggestion("rated_poorly", session_id, title, f))
        if _no_shows(f):
            out.append(Suggestion("many_no_shows", session_id, title, f))
    return out + format_suggestions(await queries.audience_formats(event_id))
