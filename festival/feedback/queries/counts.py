"""Counting survey answers for the results: tallies per (survey, session) and per (survey,
audience group) of an event, kept per process until its responses change, and of one session.
GROUP BY queries over covering indexes; the figures and the small-group rule are in results."""

from __future__ import annotations

import json
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from typing import Any

from tortoise import connections
from tortoise.functions import Count, Max

from festival.events.models import Event
from festival.feedback.models import SurveyAnswer, SurveyQuestion, SurveyResponse


@dataclass
class Tally:
    """Counts of one group: respondents, unverified ones, and per question value -> answers."""

    respondents: int = 0
    unverified: int = 0
    numbers: dict[int, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, other: Tally) -> None:
        self.respondents += other.respondents
        self.unverified += other.unverified
        for question_id, counts in other.numbers.items():
            self.numbers[question_id].update(counts)


Tallies = tuple[dict[tuple[int, Any], Tally], dict[tuple[int, Any], Tally]]
# Tallies per event and version of its responses (count, last change, highest id), kept by
# each web process: a new or edited response changes the version, so no process ever serves
# stale figures, and a second process simply counts once for itself.
_CACHE: OrderedDict[tuple[int, Any], Tallies] = OrderedDict()
CACHE_SIZE = 16


async def tallies(event_id: int) -> Tallies:
    """The event's tallies, counted again only when its responses changed (one small query)."""
    version = tuple(
        await SurveyResponse.filter(event_id=event_id)
        .annotate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
        .first()
        .values_list("n", "last", "top")
        or ()
    )
    # The event's creation moment too: ids start again in an emptied test database.
    created = await Event.filter(id=event_id).values_list("created_at", flat=True)
    key = (event_id, (*version, *created))
    if key not in _CACHE:
        _CACHE[key] = await count_event(event_id)
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(key)
    return _CACHE[key]


# Raw rows: up to tens of thousands of groups, so no model conversion per row. The statement is
# the covering index's columns in its order (see SurveyAnswer.Meta), no join.
_ANSWER_COUNTS = """
SELECT question_id, number, choices, session_id, role, COUNT(*)
FROM feedback_answer WHERE event_id = ?
GROUP BY question_id, number, choices, session_id, role
"""


async def count_event(event_id: int) -> Tallies:
    """Tallies per (survey id, session id) and per (survey id, role): two GROUP BY queries, one
    over the responses and one over the answers (each read from a covering index, the answers
    without a join), each read once for both groupings."""
    by_session: dict[tuple[int, Any], Tally] = defaultdict(Tally)
    by_role: dict[tuple[int, Any], Tally] = defaultdict(Tally)
    for survey_id, session_id, role, verified, n in (
        await SurveyResponse.filter(event_id=event_id)
        .annotate(n=Count("id"))
        .group_by("survey_id", "session_id", "role", "verified")
        .values_list("survey_id", "session_id", "role", "verified", "n")
    ):
        for tally in (by_session[(survey_id, session_id)], by_role[(survey_id, role)]):
            tally.respondents += n
            tally.unverified += 0 if verified else n
    survey_of = dict(
        await SurveyQuestion.filter(survey__event_id=event_id).values_list("id", "survey_id")
    )
    choice_lists: dict[Any, list[int]] = {}
    db = connections.get("default")
    _rows, answers = await db.execute_query(
        _ANSWER_COUNTS.replace("?", "$1" if db.capabilities.dialect == "postgres" else "?"),
        [event_id],
    )
    for question_id, number, choices, session_id, role, n in answers:
        if number is not None:
            values = [number]
        elif choices is not None:
            key = choices if isinstance(choices, str) else json.dumps(choices)
            if key not in choice_lists:
                choice_lists[key] = choice_list(choices)
            values = choice_lists[key]
        else:
            continue  # open answers: read with their text, not counted
        survey_id = survey_of[question_id]
        for tally in (by_session[(survey_id, session_id)], by_role[(survey_id, role)]):
            counts = tally.numbers[question_id]
            for value in values:
                counts[value] += n
    return by_session, by_role


def choice_list(choices: Any) -> list[int]:
    if isinstance(choices, str):  # a driver that hands JSON back as text
        choices = json.loads(choices)
    return [c for c in choices or [] if isinstance(c, int)]


async def session_tallies(session_id: int) -> dict[str | None, Tally]:
    """None -> the whole session; role -> that audience group. Three GROUP BY queries."""
    out: dict[str | None, Tally] = defaultdict(Tally)
    for role, verified, n in (
        await SurveyResponse.filter(session_id=session_id)
        .annotate(n=Count("id"))
        .group_by("role", "verified")
        .values_list("role", "verified", "n")
    ):
        for key in (None, role):
            out[key].respondents += n
            out[key].unverified += 0 if verified else n
    for role, question_id, number, n in (
        await SurveyAnswer.filter(session_id=session_id, number__isnull=False)
        .annotate(n=Count("id"))
        .group_by("role", "question_id", "number")
        .values_list("role", "question_id", "number", "n")
    ):
        for key in (None, role):
            out[key].numbers[question_id][number] += n
    for role, question_id, choices, n in (
        await SurveyAnswer.filter(session_id=session_id, choices__isnull=False)
        .annotate(n=Count("id"))
        .group_by("role", "question_id", "choices")
        .values_list("role", "question_id", "choices", "n")
    ):
        for key in (None, role):
            for choice in choice_list(choices):
                out[key].numbers[question_id][choice] += n
    return out
