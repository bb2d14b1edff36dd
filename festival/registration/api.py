"""JSON API of registration: `POST /api/events/{slug}/registrations` (same service as the form)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from festival import openapi, web
from festival.events import services as events
from festival.registration import queries
from festival.registration import services as registration
from festival.registration.models import AttendeeStatus, BookingStatus, RegistrationStatus
from festival.registration.schemas import NewRegistration
from festival.registration.views import _settings, check_rate_limit
from festival.tickets import services as tickets


def registration_json(details: dict[str, Any], *, manage_url: str) -> dict[str, Any]:
    attendees = [
        {
            "id": a["id"],
            "name": a["name"],
            "email": a["email"],
            "status": a["status"],
            "bookings": [
                {
                    "session": b["session_id"],
                    "status": b["status"],
                    "waitlist_position": b["waitlist_position"],
                }
                for b in a["bookings"]
            ],
        }
        for a in details["attendees"]
    ]
    return {
        "code": details["code"],
        "status": details["status"],
        "manage_url": manage_url,
        "ticket_type": details["ticket_type"]["id"],
        "attendees": attendees,
        "tickets": [],
    }


async def create_registration(request: Request) -> Response:
    event = await events.public_event(request.path_params["slug"], cached=True)
    values = (await web.json_input(request, NewRegistration)).register_values()
    await check_rate_limit(request)
    values["idempotency_key"] = values["idempotency_key"] or request.headers.get("idempotency-key")
    done = await registration.register_group(event, **values)
    settings = _settings(request)
    url = registration.manage_url(
        settings.base_url, event.slug, done.registration.code, secret_key=settings.secret_key
    )
    if done.attendees is None:  # an idempotent repeat: read what the first request wrote
        details = await queries.registration_details(done.registration)
        body = registration_json(details, manage_url=url)
        body["tickets"] = await tickets.api_tickets(
            done.registration.id, base_url=settings.base_url, secret_key=settings.secret_key
        )
    else:
        body = registration_json(written_details(done), manage_url=url)
        body["tickets"] = tickets.api_ticket_rows(
            done.tickets,
            done.key,
            names={a["id"]: a["name"] for a in done.attendees},
            base_url=settings.base_url,
            secret_key=settings.secret_key,
        )
    return JSONResponse(body, status_code=201)


def written_details(done: registration.Registered) -> dict[str, Any]:
    """The fields registration_json reads, from what the write just returned (no queries)."""
    return {
        "code": done.registration.code,
        "status": done.registration.status.value,
        "ticket_type": {"id": done.registration.ticket_type_id},
        "attendees": done.attendees,
    }


routes = [
    Route(
        "/api/events/{slug}/registrations",
        create_registration,
        methods=["POST"],
        name="registration:api_create",
    ),
]

openapi.register_tag(
    "registration", "Registering for an event: attendees, workshop seats, waiting lists."
)
openapi.register_schema(
    "Registration",
    {
        "type": "object",
        "required": ["code", "status", "manage_url", "attendees", "tickets"],
        "properties": {
            "code": {"type": "string"},
            "status": {
                "type": "string",
                "enum": [status.value for status in RegistrationStatus],
            },
            "manage_url": {"type": "string", "format": "uri"},
            "ticket_type": {"type": "integer"},
            "attendees": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string"},
                        "email": {"type": "string"},
                        "status": {"type": "string", "enum": [s.value for s in AttendeeStatus]},
                        "bookings": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "session": {"type": "integer"},
                                    "status": {
                                        "type": "string",
                                        "enum": [
                                            s.value
                                            for s in BookingStatus
                                            if s != BookingStatus.CANCELLED
                                        ],
                                    },
                                    "waitlist_position": {"type": ["integer", "null"]},
                                },
                            },
                        },
                    },
                },
            },
            "tickets": {
                "type": "array",
                "items": {"type": "object"},
                "description": "One per attendee: attendee (name), qr_payload, pdf_url (signed link).",  # noqa: E501
            },
        },
    },
)
openapi.register_path(
    "/api/events/{slug}/registrations",
    "post",
    {
        "operationId": "createRegistration",
        "tags": ["registration"],
        "summary": "Register one or more attendees, with their workshop choices",
        "description": "Full workshops put the attendee on the waiting list (booking status `waitlisted`). "  # noqa: E501
        "Error codes: ticket_type_not_found, invalid_attendee_count, invalid_email, "
        "invalid_attendee, "
        "missing_answer, consent_required, unknown_session, session_not_bookable, "
        "overlapping_sessions (422); invalid_invitation_code (403); registration_closed, "
        "ticket_type_not_on_sale, ticket_type_sold_out (409); rate_limited (429).",
        "parameters": [openapi.SLUG_PARAMETER, openapi.LANG_PARAMETER],
        "requestBody": {
            "required": True,
            "content": openapi.json_content(openapi.model_ref(NewRegistration)),
        },
        "responses": {
            "201": {
                "description": "Created",
                "content": openapi.json_content(openapi.ref("Registration")),
            },
            **openapi.error_responses("400", "403", "404", "409", "413", "422", "429", "503"),
        },
    },
)
