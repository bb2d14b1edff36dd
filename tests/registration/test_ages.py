"""Young people from 16: the event's age rule (an age group or a birth year, a minimum age,
a parent's or school's contact under the own-consent age) in the rules, the JSON API, the
organiser's form and the figures, which count age groups and never birth years."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from festival.accounts.models import Role
from festival.audit import SYSTEM, Actor
from festival.errors import ValidationError
from festival.registration import queries
from festival.registration import services as registration
from festival.registration.models import AgeRule, Attendee
from festival.registration.schemas import AgeRuleIn
from tests.factories import make_event, make_ticket_type, make_user
from tests.helpers import csrf_token, login
from tests.registration.conftest import person, register


async def _event(ask: str, minimum_age: int = 16, own_consent_age: int = 16) -> tuple[Any, Any]:
    event = await make_event(slug="dld-2027")  # 20 March 2027
    ticket = await make_ticket_type(event, name="Jongeren")
    rule = AgeRuleIn(ask=ask, minimum_age=minimum_age, own_consent_age=own_consent_age)
    await registration.save_age_rule(event, values=rule, actor=SYSTEM)
    return event, ticket


async def _refused(event: Any, ticket: Any, **details: Any) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        await register(event, ticket, person(1, **details))
    return refused.value


async def test_age_group_at_or_above_the_minimum_is_kept(database: None) -> None:
    event, ticket = await _event("age_group")
    await register(event, ticket, person(1, age_group="16-17"), person(2, age_group="45-64"))
    assert await Attendee.all().order_by("id").values_list("age_group", flat=True) == [
        "16-17",
        "45-64",
    ]


async def test_age_group_below_the_minimum_or_missing_is_refused(database: None) -> None:
    event, ticket = await _event("age_group")
    young = await _refused(event, ticket, age_group="12-15")
    assert (young.code, young.fields) == (
        "invalid_age",
        {"attendees.0.age_group": "U moet minstens 16 jaar zijn voor dit evenement."},
    )
    missing = await _refused(event, ticket)
    assert missing.fields == {"attendees.0.age_group": "Kies een leeftijdsgroep uit de lijst."}
    assert await Attendee.all().count() == 0


async def test_school_class_under_own_consent_age_needs_a_guardian(database: None) -> None:
    event, ticket = await _event("birth_year", minimum_age=12, own_consent_age=16)
    alone = await _refused(event, ticket, birth_year="2013")  # 14 in 2027
    assert alone.code == "guardian_required"
    assert sorted(alone.fields) == ["attendees.0.guardian_email", "attendees.0.guardian_name"]
    too_young = await _refused(event, ticket, birth_year="2016")  # 11
    assert too_young.fields == {
        "attendees.0.birth_year": "U moet minstens 12 jaar zijn voor dit evenement."
    }
    nonsense = await _refused(event, ticket, birth_year="20x3")
    assert nonsense.fields == {"attendees.0.birth_year": "Vul het geboortejaar in, zoals 2009."}
    await register(
        event,
        ticket,
        person(1, birth_year="2013", guardian_name="OSG Zeist", guardian_email="klas@osg.nl"),
        person(2, birth_year="2011"),  # 16: own consent
    )
    rows = (
        await Attendee.all()
        .order_by("id")
        .values_list("age_group", "guardian_name", "guardian_email")
    )
    assert rows == [("12-15", "OSG Zeist", "klas@osg.nl"), ("16-17", "", "")]


async def test_events_without_a_rule_ask_nothing(database: None) -> None:
    event = await make_event(slug="dld-2027")
    ticket = await make_ticket_type(event)
    await register(event, ticket, person(1, age_group="12-15"))
    assert await Attendee.all().values_list("age_group", flat=True) == [""]
    assert await registration.age_check_for(event) is None


async def test_figures_count_age_groups(database: None) -> None:
    event, ticket = await _event("age_group")
    await register(event, ticket, person(1, age_group="16-17"), person(2, age_group="16-17"))
    await register(event, ticket, person(3, age_group="27-44"))
    figures = await queries.reach(event.id)
    assert dict(figures.ages or {}) == {"16-17": 2, "27-44": 1}


async def test_api_takes_and_refuses_the_age(client: httpx.AsyncClient) -> None:
    _, ticket = await _event("age_group")
    url = "/api/events/dld-2027/registrations"
    anna = {"name": "Anna", "email": "anna@zeist.nl", "age_group": "12-15"}
    refused = await client.post(url, json={"ticket_type": ticket.id, "attendees": [anna]})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "invalid_age"
    anna["age_group"] = "16-17"
    created = await client.post(url, json={"ticket_type": ticket.id, "attendees": [anna]})
    assert created.status_code == 201
    document = (await client.get("/api/openapi.json")).json()
    attendee = document["components"]["schemas"]["AttendeeIn"]["properties"]
    assert attendee["age_group"]["enum"] == [
        "0-11",
        "12-15",
        "16-17",
        "18-26",
        "27-44",
        "45-64",
        "65+",
    ]


async def test_organiser_sets_the_rule(client: httpx.AsyncClient) -> None:
    event = await make_event(slug="dld-2027")
    user = await make_user(role=Role.ORGANISER, email="org@festival.nl")
    membership = await user.memberships.all().first()
    assert membership is not None
    event.organisation_id = membership.organisation_id
    await event.save()
    await login(client, "org@festival.nl")
    page = "/admin/events/dld-2027/registration-settings/ages"
    assert (await client.get(page)).status_code == 200
    token = await csrf_token(client)
    bad = await client.post(
        page, data={"csrf_token": token, "ask": "age_group", "minimum_age": "honderd"}
    )
    assert bad.status_code == 422
    assert "Vul een minimumleeftijd in van 0 tot 99." in bad.text
    saved = await client.post(
        page,
        data={
            "csrf_token": token,
            "ask": "birth_year",
            "minimum_age": "12",
            "own_consent_age": "16",
        },
    )
    assert saved.status_code == 303
    rule = await AgeRule.get(event_id=event.id)
    assert (rule.ask, rule.minimum_age, rule.own_consent_age) == ("birth_year", 12, 16)
    other = await make_user(role=Role.ORGANISER, email="ander@festival.nl")
    assert other is not None
    await login(client, "ander@festival.nl")
    assert (await client.get(page)).status_code == 403


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


async def _step(
    client: httpx.AsyncClient, page: str, step: str, data: dict[str, object]
) -> httpx.Response:
    form = {"csrf_token": _hidden(page, "csrf_token"), "state": _hidden(page, "state")}
    return await client.post("/events/dld-2027/register", data={**form, "step": step, **data})


async def test_form_asks_the_age_and_a_guardian_under_the_consent_age(
    client: httpx.AsyncClient,
) -> None:
    _, ticket = await _event("age_group", minimum_age=12, own_consent_age=16)
    start = (await client.get("/events/dld-2027/register")).text
    people = (await _step(client, start, "ticket", {"ticket_type": ticket.id, "count": "1"})).text
    assert '<select id="attendees-0-age_group" name="attendees.0.age_group" required' in people
    assert "Jonger dan 16? Naam van een ouder, verzorger of de school" in people
    sanne = {"attendees.0.name": "Sanne", "attendees.0.email": "sanne@osg.nl"}
    young = await _step(client, people, "people", {**sanne, "attendees.0.age_group": "0-11"})
    assert young.status_code == 422
    assert "U moet minstens 12 jaar zijn voor dit evenement." in young.text
    alone = await _step(client, people, "people", {**sanne, "attendees.0.age_group": "12-15"})
    assert alone.status_code == 422
    assert "Onder de 16 jaar: vul de naam in van een ouder, verzorger of de school." in alone.text
    guardian = {"attendees.0.guardian_name": "OSG Zeist", "attendees.0.guardian_email": "a@osg.nl"}
    summary = await _step(
        client, people, "people", {**sanne, "attendees.0.age_group": "12-15", **guardian}
    )
    assert summary.status_code == 200
    done = await _step(client, summary.text, "summary", {"consent": "yes"})
    assert done.status_code == 303
    assert await Attendee.all().values_list("age_group", "guardian_name") == [
        ("12-15", "OSG Zeist")
    ]


async def test_desk_walk_in_is_not_asked_the_age(database: None) -> None:
    event, ticket = await _event("age_group")
    desk = Actor("user", 1, "balie@festival.nl")
    await register(event, ticket, person(1), walk_in=True, actor=desk)
    assert await Attendee.all().values_list("age_group", flat=True) == [""]
