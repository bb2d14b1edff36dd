"""JSON API of the public programme: events, one event (with ticket types), its sessions.
Each endpoint is described in festival.openapi, which serves `/api/openapi.json`."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from festival import i18n, openapi
from festival.events import services as events
from festival.events.models import Event
from festival.programme import queries
from festival.programme.models import Accessibility, Audience, SessionFormat
from festival.registration import queries as registration


def _local(value: datetime, tz: str) -> str:
    return value.astimezone(ZoneInfo(tz)).replace(microsecond=0).isoformat()


def event_json(event: Event, base_url: str) -> dict[str, Any]:
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


def session_json(item: queries.SessionItem) -> dict[str, Any]:
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
    data = event_json(event, request.app.state.settings.base_url)
    data["ticket_types"] = await registration.ticket_types_for_event(event.id)
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

_DATETIME = {
    "type": "string",
    "format": "date-time",
    "description": "ISO 8601 with the offset of the event's zone.",
}
_NAMED = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
}

openapi.register_tag("events", "Published events")
openapi.register_tag("programme", "The published programme of an event")
openapi.register_schema(
    "Event",
    {
        "type": "object",
        "required": [
            "slug",
            "name",
            "description",
            "starts_at",
            "ends_at",
            "timezone",
            "status",
            "url",
            "programme_url",
            "sessions_url",
        ],
        "properties": {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "starts_at": _DATETIME,
            "ends_at": _DATETIME,
            "timezone": {"type": "string", "examples": ["Europe/Amsterdam"]},
            "status": {"type": "string", "enum": ["published", "archived"]},
            "url": {"type": "string", "format": "uri"},
            "programme_url": {"type": "string", "format": "uri"},
            "sessions_url": {"type": "string", "format": "uri"},
        },
    },
)
openapi.register_schema(
    "TicketType",
    {
        "type": "object",
        "required": ["id", "name", "price_cents", "requires_code", "available"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "price_cents": {"type": "integer", "minimum": 0},
            "requires_code": {"type": "boolean"},
            "available": {"type": "boolean"},
        },
    },
)
openapi.register_schema(
    "EventDetail",
    {
        "allOf": [
            openapi.ref("Event"),
            {
                "type": "object",
                "required": ["ticket_types"],
                "properties": {
                    "ticket_types": {"type": "array", "items": openapi.ref("TicketType")}
                },
            },
        ],
    },
)
openapi.register_schema(
    "SessionSpeaker",
    {
        "type": "object",
        "required": ["code", "name", "organisation", "role"],
        "properties": {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "organisation": {"type": "string"},
            "role": {"type": "string"},
        },
    },
)
openapi.register_schema(
    "Session",
    {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "id",
            "code",
            "title",
            "abstract",
            "starts_at",
            "ends_at",
            "room",
            "track",
            "format",
            "speakers",
            "capacity",
            "seats_left",
            "requires_registration",
            "language",
            "audiences",
            "accessibility",
            "state",
        ],
        "properties": {
            "id": {
                "type": "integer",
                "description": "Use this id to book the session in a registration.",
            },
            "code": {"type": "string", "description": "Public code, as in the session page URL."},
            "title": {"type": "string"},
            "abstract": {"type": "string"},
            "starts_at": _DATETIME,
            "ends_at": _DATETIME,
            "room": {
                "type": "object",
                "required": ["id", "name", "venue"],
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "venue": {
                        "type": ["object", "null"],
                        "required": ["name", "address", "city"],
                        "properties": {
                            "name": {"type": "string"},
                            "address": {"type": "string"},
                            "city": {"type": "string"},
                        },
                    },
                },
            },
            "track": {"oneOf": [_NAMED, {"type": "null"}]},
            "format": {"type": "string", "enum": [str(v) for v in SessionFormat]},
            "speakers": {"type": "array", "items": openapi.ref("SessionSpeaker")},
            "capacity": {"type": ["integer", "null"]},
            "seats_left": {
                "type": ["integer", "null"],
                "description": "Seats still free (the same number every page shows); null "
                "when the session needs no registration or has no seat limit.",
            },
            "requires_registration": {"type": "boolean"},
            "language": {"type": "string", "enum": ["nl", "en"]},
            "audiences": {
                "type": "array",
                "items": {"type": "string", "enum": [str(v) for v in Audience]},
            },
            "accessibility": {
                "type": "array",
                "items": {"type": "string", "enum": [str(v) for v in Accessibility]},
            },
            "state": {"type": "string", "enum": ["published", "cancelled"]},
        },
    },
)
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
                "content": openapi.json_content({"type": "array", "items": openapi.ref("Event")}),
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
                "content": openapi.json_content(openapi.ref("EventDetail")),
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
        "description": "The latest published version of the programme with live seats. Empty before the "  # noqa: E501
        "first publication.",
        "parameters": [openapi.SLUG_PARAMETER, openapi.LANG_PARAMETER],
        "responses": {
            "200": {
                "description": "The sessions, in time order.",
                "content": openapi.json_content({"type": "array", "items": openapi.ref("Session")}),
            },
            **openapi.error_responses("400", "404", "503"),
        },
    },
)
