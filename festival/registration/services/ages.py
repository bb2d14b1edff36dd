"""Young people from 16: the organiser sets per event whether attendees give an age group or a
birth year, the minimum age, and from which age people consent themselves (younger ones, such
as a school class, need a parent's or school's contact). The checks are in checks.clean_age."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from festival import audit
from festival.events.models import Event
from festival.registration.models import AgeQuestion, AgeRule
from festival.registration.schemas import AgeRuleIn


async def save_age_rule(event: Event, *, values: AgeRuleIn, actor: audit.Actor) -> AgeRule:
    """Store the event's age rule. Side effect: audit `registration.age_rule_set`."""
    async with in_transaction():
        rule, _created = await AgeRule.get_or_create(event_id=event.id)
        rule.ask = AgeQuestion(values.ask)
        rule.minimum_age = values.minimum_age
        rule.own_consent_age = values.own_consent_age
        await rule.save(update_fields=["ask", "minimum_age", "own_consent_age"])
        await audit.record(
            actor,
            "registration.age_rule_set",
            rule,
            event_id=event.id,
            ask=str(rule.ask),
            minimum_age=rule.minimum_age,
            own_consent_age=rule.own_consent_age,
        )
    return rule
