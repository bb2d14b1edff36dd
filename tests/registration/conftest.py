"""Helpers for the registration tests: people and one-call registrations."""

from __future__ import annotations

from typing import Any

from festival.events.models import Event
from festival.registration import services as registration
from festival.registration.models import Registration


def person(n: int = 1, **overrides: Any) -> dict[str, Any]:
    return {
        "name": f"Deelnemer {n}",
        "email": f"deelnemer{n}@gemeente.nl",
        "organisation": "Gemeente Utrecht",
        "role": "raadslid",
    } | overrides


async def register(
    event: Event,
    ticket_type: Any,
    *people: dict[str, Any],
    sessions: list[list[int]] | None = None,
    **kwargs: Any,
) -> Registration:
    attendees = list(people) or [person()]
    done = await registration.register(
        event,
        ticket_type_id=ticket_type.id,
        attendees=attendees,
        sessions_per_attendee=sessions or [[] for _p in attendees],
        consent=kwargs.pop("consent", True),
        **kwargs,
    )
    return done.registration
