"""JSON API of the public programme: events, one event (with ticket types), its sessions.
The answers are the typed dicts of programme/schemas.py, from which festival.openapi generates
the description it serves at `/api/openapi.json`."""

from __future__ import annotations

from datetime import datetime
from typing import cast
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from festival import i18n, openapi
from festival.events import services as events
from festival.events.models import Event
from festival.programme import queries, schemas
from festival.registration import queries as registration


def _local(value: datetime, tz: str) -> str:
    return value.astimezone(ZoneInfo(tz)).replace(microsecond=0).isoformat()


def event_json(event: Event, base_url: str) -> schemas.Event:
    english = i18n.get_language() == "en"
    return {
        "slug": event.slug,
        "name": event.name_en if english and event.name_en else event.name,
        "description": event.description_en
        if english and event.description_en
        else event.description,
        "starts_at": _local(event.starts_at, event.timezone),
        "ends_at": _local(event.ends_at, event.timezone),
        "timezone": event.timezone,
        "status": str(event.status),
        "url": f"{base_url}/events/{event.slug}",
        "programme_url": f"{base_url}/events/{event.slug}/programme",
        "sessions_url": f"{base_url}/api/events/{event.slug}/sessions",
    }


def session_json(item: queries.SessionItem) -> schemas.Session:
    venue = item.room.venue
    return {
        "id": item.id,
        "code": item.code,
        "title": item.title,
        "abstract": item.abstract,
        "starts_at": item.starts_iso,
        "ends_at": item.ends_iso,
        "room": {
            "id": item.room.id,
            "name": item.room.name,
            "venue": {"name": venue.name, "address": venue.address, "city": venue.city}
            if venue
            else None,
        },
        "track": {"id": item.track.id, "name": item.track.name} if item.track else None,
        "format": item.format,
        "speakers": [
            {"code": sp.code, "name": sp.name, "organisation": sp.organisation, "role": sp.role}
            for sp in item.speakers
        ],
        "capacity": item.capacity,
        "seats_left": item.seats_left,
        "requires_registration": item.requires_registration,
        "language": item.language,
        "audiences": item.audiences,
        "accessibility": item.accessibility,
        "state": item.state,
    }


async def event_list(request: Request) -> JSONResponse:
    base_url = request.app.state.settings.base_url
    return JSONResponse([event_json(event, base_url) for event in await events.public_events()])


async def event_detail(request: Request) -> JSONResponse:
    event = await events.public_event(request.path_params["slug"])
    types = await registration.ticket_types_for_event(event.id)
    data: schemas.EventDetail = {
        **event_json(event, request.app.state.settings.base_url),
        # registration's query builds these dicts (with the texts in both languages as well)
        "ticket_types": cast(list[schemas.TicketType], types),
    }
    return JSONResponse(data)


async def session_list(request: Request) -> JSONResponse:
    programme = await queries.programme_for_slug(
        request.path_params["slug"], lang=i18n.get_language()
    )
    return JSONResponse(
        [session_json(item) for item in programme.sessions],
        headers={"Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*"},
    )


routes = [
    Route("/api/events", event_list, name="programme:api_events"),
    Route("/api/events/{slug}", event_detail, name="programme:api_event"),
    Route("/api/events/{slug}/sessions", session_list, name="programme:api_sessions"),
]


# ---------------------------------------------------------------- OpenAPI description

openapi.register_tag("events", "Published events")
openapi.register_tag("programme", "The published programme of an event")
openapi.register_path(
    "/api/events",
    "get",
    {
        "operationId": "listEvents",
        "tags": ["events"],
        "summary": "Published events",
        "parameters": [openapi.LANG_PARAMETER],
        "responses": {
            "200": {
                "description": "The published and archived events, soonest first.",
                "content": openapi.json_content(
                    {"type": "array", "items": openapi.answer_ref(schemas.Event)}
                ),
            },
            **openapi.error_responses("400", "503"),
        },
    },
)
openapi.register_path(
    "/api/events/{slug}",
    "get",
    {
        "operationId": "getEvent",
        "tags": ["events"],
        "summary": "One event with its ticket types",
        "parameters": [openapi.SLUG_PARAMETER, openapi.LANG_PARAMETER],
        "responses": {
            "200": {
                "description": "The event.",
                "content": openapi.json_content(openapi.answer_ref(schemas.EventDetail)),
            },
            **openapi.error_responses("400", "404", "503"),
        },
    },
)
openapi.register_path(
    "/api/events/{slug}/sessions",
    "get",
    {
        "operationId": "listSessions",
        "tags": ["programme"],
        "summary": "Sessions of the published programme",
        "description": "The latest published version of the programme with live seats. Empty "
        "before the first publication.",
        "parameters": [openapi.SLUG_PARAMETER, openapi.LANG_PARAMETER],
        "responses": {
            "200": {
                "description": "The sessions, in time order.",
                "content": openapi.json_content(
                    {"type": "array", "items": openapi.answer_ref(schemas.Session)}
                ),
            },
            **openapi.error_responses("400", "404", "503"),
        },
    },
)
