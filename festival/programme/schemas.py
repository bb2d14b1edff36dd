"""Answers of the programme's JSON API: an event (with its ticket types) and the sessions of its
published programme.

The API takes no input body (a slug in the path, `lang` in the query), so these are the shapes
of what it answers: typed dicts that `api.py` builds (mypy checks every key and type) and from
which festival/openapi.py generates the document's schemas, so the two cannot disagree. The
choices (formats, audiences, states, ...) come from the models.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field, with_config
from typing_extensions import TypedDict

from festival import i18n
from festival.events.models import PUBLIC_STATUSES
from festival.programme.models import Accessibility, Audience, SessionFormat, SessionState
from festival.schemas import DateTime, Uri, choice

PUBLIC_SESSION_STATES = (SessionState.PUBLISHED, SessionState.CANCELLED)


class Event(TypedDict):
    """A published or archived event, with the links to its pages and sessions."""

    slug: str
    name: str
    description: str
    starts_at: DateTime
    ends_at: DateTime
    timezone: Annotated[str, Field(examples=["Europe/Amsterdam"])]
    status: Annotated[str, choice(PUBLIC_STATUSES)]
    url: Uri
    programme_url: Uri
    sessions_url: Uri


@with_config(ConfigDict(extra="allow"))
class TicketType(TypedDict):
    """A ticket type on offer (its texts in both languages come along)."""

    id: int
    name: str
    price_cents: Annotated[int, Field(ge=0)]
    requires_code: bool
    available: bool


class EventDetail(Event):
    """One event with its ticket types."""

    ticket_types: list[TicketType]


class Named(TypedDict):
    id: int
    name: str


class Venue(TypedDict):
    name: str
    address: str
    city: str


class Room(TypedDict):
    id: int
    name: str
    venue: Venue | None


class SessionSpeaker(TypedDict):
    code: str
    name: str
    organisation: str
    role: str


@with_config(ConfigDict(extra="forbid"))
class Session(TypedDict):
    """A session of the latest published programme, with its live seats."""

    id: Annotated[int, Field(description="Use this id to book the session in a registration.")]
    code: Annotated[str, Field(description="Public code, as in the session page URL.")]
    title: str
    abstract: str
    starts_at: DateTime
    ends_at: DateTime
    room: Room
    track: Named | None
    format: Annotated[str, choice(SessionFormat)]
    speakers: list[SessionSpeaker]
    capacity: int | None
    seats_left: Annotated[
        int | None,
        Field(
            description="Seats still free (the same number every page shows); null when the "
            "session needs no registration or has no seat limit."
        ),
    ]
    requires_registration: bool
    language: Annotated[str, choice(i18n.LANGUAGES)]
    audiences: list[Annotated[str, choice(Audience)]]
    accessibility: list[Annotated[str, choice(Accessibility)]]
    state: Annotated[str, choice(PUBLIC_SESSION_STATES)]
