"""JSON API of registration: `POST /api/events/{slug}/registrations` (same service as the form)."""

from __future__ import annotations

from typing import Any, cast

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from festival import openapi, web
from festival.events import services as events
from festival.registration import schemas
from festival.registration import services as registration
from festival.settings import Settings
from festival.tickets import services as tickets


def registration_json(details: dict[str, Any], *, manage_url: str) -> schemas.Registration:
    attendees: list[schemas.AttendeeOut] = [
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


def _settings(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


async def create_registration(request: Request) -> Response:
    event = await events.public_event(request.path_params["slug"], cached=True)
    values = (await web.json_input(request, schemas.NewRegistration)).register_values()
    values["idempotency_key"] = values["idempotency_key"] or request.headers.get("idempotency-key")
    settings = _settings(request)
    client = web.client_ip(request, settings.trusted_proxies)
    done = await registration.register(
        event, **values, client=client, rate_limit=settings.registration_rate_limit
    )
    return JSONResponse(answer(done, slug=event.slug, settings=settings), status_code=201)


def answer(done: registration.Registered, *, slug: str, settings: Settings) -> schemas.Registration:
    """The 201 body: the registration with its manage link and its tickets' links."""
    url = registration.manage_url(
        settings.base_url, slug, done.registration.code, secret_key=settings.secret_key
    )
    body = registration_json(written_details(done), manage_url=url)
    rows = tickets.api_ticket_rows(
        done.tickets,
        done.key,
        names={a["id"]: a["name"] for a in done.attendees},
        base_url=settings.base_url,
        secret_key=settings.secret_key,
    )
    body["tickets"] = cast(list[schemas.TicketOut], rows)
    return body


def written_details(done: registration.Registered) -> dict[str, Any]:
    """The fields registration_json reads, from what register returned (no queries)."""
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
            "content": openapi.json_content(openapi.model_ref(schemas.NewRegistration)),
        },
        "responses": {
            "201": {
                "description": "Created",
                "content": openapi.json_content(openapi.answer_ref(schemas.Registration)),
            },
            **openapi.error_responses("400", "403", "404", "409", "413", "422", "429", "503"),
        },
    },
)
