"""Check-in JSON API for scanners: scan, keys, the offline list, batch sync, search and undo.

A device token (scope checkin) acts for its own event; a logged-in staff member names the event
(`event` slug in the body or query) and sends the session's CSRF token in `X-CSRF-Token`.
"""

from __future__ import annotations

import hmac
from typing import Any, cast

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from festival import openapi, schemas, web
from festival.checkin import schemas as answers
from festival.checkin import services as checkin
from festival.checkin.schemas import ManualCheckin, ScanRequest, SyncBatch, UndoCheckin
from festival.errors import PermissionDenied, Unauthorized
from festival.events.models import Event
from festival.i18n import _


def _slug(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


async def _who(request: Request) -> tuple[Event, checkin.Device]:
    """The event and the scanning device: a bearer token, or a staff session with CSRF header."""
    slug = _slug(request.query_params.get("event"))
    if request.headers.get("authorization"):
        return await checkin.device_for_token(request.headers["authorization"], slug=slug)
    return await checkin.device_for_user(_staff(request), slug=slug)


def _staff(request: Request) -> Any:
    user = getattr(request.state, "user", None)
    if user is None:
        raise Unauthorized("missing_token", _("Stuur een API-token mee of log in als medewerker."))
    if request.method == "POST":
        expected = str(request.session.get(web.CSRF_SESSION_KEY, ""))
        given = request.headers.get("x-csrf-token", "")
        if not expected or not hmac.compare_digest(expected, given):
            raise PermissionDenied(
                "csrf_failed", _("Laad de scanner opnieuw en probeer het nog eens.")
            )
    return user


async def _who_then_body(
    request: Request, *, refuse_nul: bool = True
) -> tuple[Event, checkin.Device, Any]:
    """The device (as _who), then the JSON body. The credentials are checked before the body is
    read, so a request without them never has its body read; without an `event` query
    parameter, an `event` slug in the body names the event."""
    query_slug = _slug(request.query_params.get("event"))
    authorization = request.headers.get("authorization")
    if authorization:
        event, device = await checkin.device_for_token(authorization, slug=query_slug)
        user = None
    else:
        user = _staff(request)
    body = await web.json_body(request, refuse_nul=refuse_nul)
    body_slug = None if query_slug else _slug(body.get("event") if isinstance(body, dict) else None)
    if authorization and body_slug:
        event, device = await checkin.device_for_token(authorization, slug=body_slug)
    elif user is not None:
        event, device = await checkin.device_for_user(user, slug=query_slug or body_slug)
    return event, device, body


async def scan(request: Request) -> JSONResponse:
    event, device, body = await _who_then_body(request)
    scan = schemas.parse(ScanRequest, body)
    outcome = await checkin.scan_ticket(
        scan.payload,
        event=event,
        checkpoint=scan.checkpoint,
        device=device,
        scan_id=scan.scan_id,
        scanned_at=scan.scanned_at,
    )
    return JSONResponse(outcome.as_json())


async def manual(request: Request) -> JSONResponse:
    event, device, body = await _who_then_body(request)
    given = schemas.parse(ManualCheckin, body)
    outcome = await checkin.check_in_attendee(
        given.attendee_id,
        event=event,
        checkpoint=given.checkpoint,
        device=device,
        scan_id=given.scan_id,
    )
    return JSONResponse(outcome.as_json())


async def undo(request: Request) -> JSONResponse:
    event, device, body = await _who_then_body(request)
    given = schemas.parse(UndoCheckin, body)
    done = await checkin.undo_checkin(given.checkin_id, event=event, actor=device.actor)
    undone: answers.Undone = {"undone": True, "checkin_id": done.id}
    return JSONResponse(undone)


async def keys(request: Request) -> JSONResponse:
    event, _device = await _who(request)
    keys = await checkin.tickets.public_keys(event.id)
    found: answers.EventKeys = {"event": event.slug, "keys": cast(list[answers.SigningKey], keys)}
    return JSONResponse(found)


async def ticket_list(request: Request) -> JSONResponse:
    event, _device = await _who(request)
    bundle = cast(answers.OfflineList, await checkin.offline_bundle(event))
    return JSONResponse(bundle)


async def sync(request: Request) -> JSONResponse:
    # A NUL in one scan makes that scan's error result, not the batch's (see sync_scans).
    event, device, body = await _who_then_body(request, refuse_nul=False)
    return JSONResponse(await checkin.sync_scans(body, event=event, device=device))


async def search(request: Request) -> JSONResponse:
    event, _device = await _who(request)
    rows = await checkin.search(event, request.query_params.get("q", "")[:100])
    found: answers.Found = {
        "results": [
            {
                "attendee_id": r["id"],
                "name": r["name"],
                "email": r["email"],
                "organisation": r["organisation"],
                "role": r["role"],
                "status": r["status"],
                "registration_code": r["registration_code"],
                "entered": r["entered"],
                "checkins": [
                    {
                        "checkpoint": c["checkpoint"],
                        "place": c["place"],
                        "at": c["at"].isoformat(),
                        "checkin_id": c["checkin_id"],
                    }
                    for c in r["checkins"]
                ],
            }
            for r in rows
        ]
    }
    return JSONResponse(found)


routes = [
    Route("/api/checkin", scan, methods=["POST"], name="checkin:api_scan"),
    Route("/api/checkin/manual", manual, methods=["POST"], name="checkin:api_manual"),
    Route("/api/checkin/undo", undo, methods=["POST"], name="checkin:api_undo"),
    Route("/api/checkin/keys", keys, name="checkin:api_keys"),
    Route("/api/checkin/tickets", ticket_list, name="checkin:api_tickets"),
    Route("/api/checkin/sync", sync, methods=["POST"], name="checkin:api_sync"),
    Route("/api/checkin/search", search, name="checkin:api_search"),
]


# ---------------------------------------------------------------- OpenAPI

_EVENT_QUERY = {
    "name": "event",
    "in": "query",
    "required": False,
    "schema": {"type": "string"},
    "description": "Event slug; implied by a device token, required with a staff session.",
}
_SECURITY: list[dict[str, list[str]]] = [{"bearerToken": []}, {"staffSession": []}]

openapi.register_tag("checkin", "Scanning tickets at the entrance and session doors, also offline.")
openapi.register_path(
    "/api/checkin",
    "post",
    {
        "operationId": "scanTicket",
        "tags": ["checkin"],
        "security": _SECURITY,
        "requestBody": {
            "required": True,
            "content": openapi.json_content(openapi.model_ref(ScanRequest)),
        },
        "responses": {
            "200": {
                "description": "The scan's result",
                "content": openapi.json_content(openapi.answer_ref(answers.ScanResult)),
            },
            **openapi.error_responses("400", "401", "403", "404", "413", "422", "503"),
        },
    },
)
openapi.register_path(
    "/api/checkin/keys",
    "get",
    {
        "operationId": "checkinKeys",
        "tags": ["checkin"],
        "security": _SECURITY,
        "parameters": [_EVENT_QUERY],
        "responses": {
            "200": {
                "description": "Ed25519 public keys (raw, base64url) to verify payloads offline",
                "content": openapi.json_content(openapi.answer_ref(answers.EventKeys)),
            },
            **openapi.error_responses("400", "401", "403", "404", "503"),
        },
    },
)
openapi.register_path(
    "/api/checkin/tickets",
    "get",
    {
        "operationId": "checkinTickets",
        "tags": ["checkin"],
        "security": _SECURITY,
        "parameters": [_EVENT_QUERY],
        "responses": {
            "200": {
                "description": "Keys, checkpoints and the compact ticket list for offline scanning",
                "content": openapi.json_content(openapi.answer_ref(answers.OfflineList)),
            },
            **openapi.error_responses("400", "401", "403", "404", "503"),
        },
    },
)
openapi.register_path(
    "/api/checkin/sync",
    "post",
    {
        "operationId": "syncScans",
        "tags": ["checkin"],
        "security": _SECURITY,
        "requestBody": {
            "required": True,
            "content": openapi.json_content(openapi.model_ref(SyncBatch)),
        },
        "responses": {
            "200": {
                "description": "Per scan its result; `flagged` lists duplicates and tickets "
                "cancelled "
                "since the list was downloaded",
                "content": openapi.json_content(openapi.answer_ref(answers.Synced)),
            },
            **openapi.error_responses("400", "401", "403", "404", "413", "422", "503"),
        },
    },
)
openapi.register_path(
    "/api/checkin/manual",
    "post",
    {
        "operationId": "checkInAttendee",
        "tags": ["checkin"],
        "security": _SECURITY,
        "requestBody": {
            "required": True,
            "content": openapi.json_content(openapi.model_ref(ManualCheckin)),
        },
        "responses": {
            "200": {
                "description": "The check-in's result",
                "content": openapi.json_content(openapi.answer_ref(answers.ScanResult)),
            },
            **openapi.error_responses("400", "401", "403", "404", "413", "422", "503"),
        },
    },
)
openapi.register_path(
    "/api/checkin/undo",
    "post",
    {
        "operationId": "undoCheckin",
        "tags": ["checkin"],
        "security": _SECURITY,
        "requestBody": {
            "required": True,
            "content": openapi.json_content(openapi.model_ref(UndoCheckin)),
        },
        "responses": {
            "200": {
                "description": "Undone",
                "content": openapi.json_content(openapi.answer_ref(answers.Undone)),
            },
            **openapi.error_responses("400", "401", "403", "404", "409", "413", "422", "503"),
        },
    },
)
openapi.register_path(
    "/api/checkin/search",
    "get",
    {
        "operationId": "searchAttendees",
        "tags": ["checkin"],
        "security": _SECURITY,
        "parameters": [
            _EVENT_QUERY,
            {
                "name": "q",
                "in": "query",
                "required": True,
                "schema": {"type": "string"},
                "description": "Name, e-mail, organisation or registration code.",
            },
        ],
        "responses": {
            "200": {
                "description": "Matching attendees",
                "content": openapi.json_content(openapi.answer_ref(answers.Found)),
            },
            **openapi.error_responses("400", "401", "403", "404", "503"),
        },
    },
)
