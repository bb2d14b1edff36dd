"""Who registered, counted in the database for the evaluation report: attendees per role, per
organisation and, where the event asked it (its age rule, or a question labelled "leeftijd"),
per age group. No names, e-mail addresses or birth dates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tortoise.functions import Count

from festival.registration.models import (
    AgeQuestion,
    AgeRule,
    Attendee,
    AttendeeStatus,
    Question,
    QuestionKind,
)

AGE_QUESTION_PREFIX = "leeftijd"  # a choice question whose label starts so is the age question


@dataclass(frozen=True)
class Reach:
    """Active attendees of an event, grouped; `ages` is None when no age question was asked."""

    active: int
    cancelled: int
    roles: Counter[str] = field(default_factory=Counter)
    organisations: Counter[str] = field(default_factory=Counter)
    ages: Counter[str] | None = None


async def _age_question(event_id: int) -> Question | None:
    for question in await Question.filter(event_id=event_id, kind=QuestionKind.CHOICE).order_by(
        "position", "id"
    ):
        if question.label.strip().lower().startswith(AGE_QUESTION_PREFIX):
            return question
    return None


async def reach(event_id: int, *, attendee_ids: set[int] | None = None) -> Reach:
    """The event's active attendees (or only these of them) per role, organisation and age
    group: a GROUP BY each, and one read of the age answers when the event asked for them."""
    active = Attendee.filter(event_id=event_id, status=AttendeeStatus.ACTIVE)
    if attendee_ids is not None:
        active = active.filter(id__in=sorted(attendee_ids))
    roles: Counter[str] = Counter()
    for role, n in await active.annotate(n=Count("id")).group_by("role").values_list("role", "n"):
        roles[str(role)] += int(n)
    organisations: Counter[str] = Counter()
    for name, n in (
        await active.annotate(n=Count("id"))
        .group_by("organisation")
        .values_list("organisation", "n")
    ):
        organisations[" ".join(str(name).split())] += int(n)
    ages: Counter[str] | None = None
    question = await _age_question(event_id)
    if await AgeRule.filter(event_id=event_id).exclude(ask=AgeQuestion.NONE).exists():
        # The event's own age rule: the attendees' age groups (never birth dates).
        ages = Counter()
        for group, n in (
            await active.annotate(n=Count("id")).group_by("age_group").values_list("age_group", "n")
        ):
            ages[str(group)] += int(n)
    elif question is not None:
        ages = Counter()
        for answers in await active.values_list("answers", flat=True):
            answer = (answers or {}).get(str(question.id)) if isinstance(answers, dict) else None
            ages[str(answer) if answer else ""] += 1
    cancelled = await Attendee.filter(event_id=event_id, status=AttendeeStatus.CANCELLED).count()
    return Reach(sum(roles.values()), cancelled, roles, organisations, ages)


async def age_rule(event_id: int) -> dict[str, Any]:
    """The event's age rule as the organiser's form shows it (the defaults when never set)."""
    rule = await AgeRule.get_or_none(event_id=event_id)
    if rule is None:
        return {"ask": AgeQuestion.NONE.value, "minimum_age": 16, "own_consent_age": 16}
    return {
        "ask": str(rule.ask),
        "minimum_age": rule.minimum_age,
        "own_consent_age": rule.own_consent_age,
    }
