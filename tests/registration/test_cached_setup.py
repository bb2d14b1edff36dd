"""Registering reads the event, ticket types, questions and sessions from a per-process cache
(festival/cache.py). An organiser's change made through the services must count for the very
next registration; the cache itself forgets after its time."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from festival import audit, cache
from festival.events import services as events
from festival.programme.models import SessionState
from festival.registration import services as registration
from festival.registration.models import TicketType
from tests.factories import make_event, make_session, make_ticket_type

URL = "/api/events/dld-2027/registrations"


async def _post(client: httpx.AsyncClient, ticket: Any, n: int, **extra: Any) -> httpx.Response:
    person = {"name": f"Deelnemer {n}", "email": f"d{n}@utrecht.nl"}
    return await client.post(URL, json={"ticket_type": ticket.id, "attendees": [person], **extra})


async def test_ticket_type_switched_off_refuses_the_next_registration(
    client: httpx.AsyncClient,
) -> None:
    event = await make_event(slug="dld-2027")
    ticket = await make_ticket_type(event)
    assert (await _post(client, ticket, 1)).status_code == 201  # the cache now holds it
    await registration.update_ticket_type(
        ticket, values={"name": ticket.name, "is_active": False}, actor=audit.SYSTEM
    )
    response = await _post(client, ticket, 2)
    assert (response.status_code, response.json()["error"]["code"]) == (
        422,
        "ticket_type_not_found",
    )


async def test_new_required_question_counts_for_the_next_registration(
    client: httpx.AsyncClient,
) -> None:
    event = await make_event(slug="dld-2027")
    ticket = await make_ticket_type(event)
    assert (await _post(client, ticket, 1)).status_code == 201
    await registration.create_question(
        event, values={"label": "Uw gemeente?", "required": True}, actor=audit.SYSTEM
    )
    response = await _post(client, ticket, 2)
    assert (response.status_code, response.json()["error"]["code"]) == (422, "missing_answer")


async def test_unpublished_event_is_gone_for_the_next_registration(
    client: httpx.AsyncClient,
) -> None:
    event = await make_event(slug="dld-2027")
    ticket = await make_ticket_type(event)
    assert (await _post(client, ticket, 1)).status_code == 201
    await events.unpublish_event(event, actor=audit.SYSTEM)
    assert (await _post(client, ticket, 2)).status_code == 404


async def test_session_taken_off_the_programme_is_refused_at_once(
    client: httpx.AsyncClient,
) -> None:
    event = await make_event(slug="dld-2027")
    ticket = await make_ticket_type(event)
    workshop = await make_session(event, title="Raad op Zaterdag", capacity=10)
    assert (await _post(client, ticket, 1, sessions=[workshop.id])).status_code == 201
    workshop.state = SessionState.DRAFT
    await workshop.save()  # a save through the ORM, as the programme services do
    response = await _post(client, ticket, 2, sessions=[workshop.id])
    assert (response.status_code, response.json()["error"]["code"]) == (
        422,
        "session_not_bookable",
    )


async def test_ttl_cache_keeps_a_value_for_its_time_then_loads_again() -> None:
    loads: list[int] = []

    async def load() -> int:
        loads.append(1)
        return len(loads)

    kept = cache.TTLCache[int](seconds=0.2)
    assert [await kept.get("k", load), await kept.get("k", load)] == [1, 1]
    await asyncio.sleep(0.25)
    assert await kept.get("k", load) == 2
    cache.clear_all()
    assert await kept.get("k", load) == 3


async def test_quota_set_by_another_process_holds_despite_the_cache(
    client: httpx.AsyncClient,
) -> None:
    event = await make_event(slug="dld-2027")
    ticket = await make_ticket_type(event)  # no quota: the cache now holds "unlimited"
    assert (await _post(client, ticket, 1)).status_code == 201
    # Another web process sets a quota of the one ticket sold (no cache cleared here).
    await TicketType.filter(id=ticket.id).update(quota=1)
    response = await _post(client, ticket, 2)
    assert (response.status_code, response.json()["error"]["code"]) == (
        409,
        "ticket_type_sold_out",
    )
    assert (await TicketType.get(id=ticket.id)).sold == 1
