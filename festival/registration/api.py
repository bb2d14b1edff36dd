"""JSON API of registration: `POST /api/events/{slug}/registrations` (same service as the form)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from festival import openapi, web
from festival.errors import ValidationError
from festival.events import services as events
from festival.i18n import _
from festival.registration import services as registration
from festival.settings import Settings
from festival.tickets import services as tickets


def parse_registration(body: Any) -> dict[str, Any]:
    """The request body as register() keywords; per-attendee `sessions` override the shared list."""
    if not isinstance(body, dict):
        raise ValidationError(
            "invalid_body", _("Stuur een JSON-object."), {"body": _("Stuur een JSON-object.")}
        )
    attendees = body.get("attendees")
    if not isinstance(attendees, list) or not attendees:
        raise ValidationError(
            "no_attendees",
            _("Geef minstens één deelnemer op."),
            {"attendees": _("Geef minstens één deelnemer op.")},
        )
    shared = _session_ids(body.get("sessions") or [])
    ticket_type = body.get("ticket_type")
    return {
        # Not an id (or too large for one): None, which the rules refuse as an unknown type.
        "ticket_type_id": web.id_from(ticket_type) if ticket_type is not None else None,
        "attendees": attendees,
        "sessions_per_attendee": [
            _session_ids(a["sessions"]) if isinstance(a, dict) and "sessions" in a else shared
            for a in attendees
        ],
        "consent": body.get("consent", True) is True,
        "invitation_code": str(body.get("invitation_code") or ""),
        "idempotency_key": str(body.get("idempotency_key") or "") or None,
    }


def _session_ids(value: object) -> list[int]:
    """A list of session ids; anything else is refused here, before the rules look them up."""
    if value is None:
        return []
    ids = [web.id_from(i) for i in value] if isinstance(value, list) else [None]
    if None in ids:
        message = _("Onbekende sessie gekozen.")
        raise ValidationError("unknown_session", message, {"sessions": message})
    return [i for i in ids if i is not None]


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


def _settings(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


async def create_registration(request: Request) -> Response:
    event = await events.public_event(request.path_params["slug"], cached=True)
    values = parse_registration(await web.json_body(request))
    values["idempotency_key"] = values["idempotency_key"] or request.headers.get("idempotency-key")
    settings = _settings(request)
    client = web.client_ip(request, settings.trusted_proxies)
    done = await registration.register(
        event, **values, client=client, rate_limit=settings.registration_rate_limit
    )
    return JSONResponse(answer(done, slug=event.slug, settings=settings), status_code=201)


def answer(done: registration.Registered, *, slug: str, settings: Settings) -> dict[str, Any]:
    """The 201 body: the registration with its manage link and its tickets' links."""
    url = registration.manage_url(
        settings.base_url, slug, done.registration.code, secret_key=settings.secret_key
    )
    body = registration_json(written_details(done), manage_url=url)
    body["tickets"] = tickets.api_ticket_rows(
        done.tickets,
        done.key,
        names={a["id"]: a["name"] for a in done.attendees},
        base_url=settings.base_url,
        secret_key=settings.secret_key,
    )
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

_ATTENDEE_IN = {
    "type": "object",
    "required": ["name", "email"],
    "properties": {
        "name": {"type": "string"},
        "email": {"type": "string", "format": "email"},
        "organisation": {"type": "string"},
        "role": {
            "type": "string",
            "enum": [
                "raadslid",
                "griffier",
                "wethouder",
                "burgemeester",
                "ambtenaar",
                "inwoner",
                "jongere",
                "anders",
            ],
        },
        "access_needs": {
            "type": "array",
            "items": {
                "type": "string",
                "enum": ["step_free", "hearing_loop", "sign_language", "quiet_space", "other"],
            },
        },
        "access_other": {"type": "string"},
        "diet": {"type": "string"},
        "answers": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": 'Question id -> answer (yes/no questions: "yes" or "no").',
        },
        "sessions": {
            "type": "array",
            "items": {"type": "integer"},
            "description": "This attendee's sessions; overrides the shared `sessions`.",
        },
    },
}
openapi.register_tag(
    "registration", "Registering for an event: attendees, workshop seats, waiting lists."
)
openapi.register_schema(
    "NewRegistration",
    {
        "type": "object",
        "required": ["ticket_type", "attendees"],
        "properties": {
            "ticket_type": {"type": "integer"},
            "attendees": {"type": "array", "items": _ATTENDEE_IN, "minItems": 1},
            "sessions": {
                "type": "array",
                "items": {"type": "integer"},
                "description": "Sessions for every attendee.",
            },
            "consent": {
                "type": "boolean",
                "default": True,
                "description": "The attendees agreed to the event's privacy statement.",
            },
            "invitation_code": {"type": "string"},
            "idempotency_key": {
                "type": "string",
                "maxLength": 64,
                "description": "Repeat a request safely: the same key returns the same registration. "  # noqa: E501
                "Also accepted as the Idempotency-Key header.",
            },
        },
    },
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
                "enum": ["pending_approval", "pending_payment", "confirmed", "cancelled"],
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
                        "status": {"type": "string", "enum": ["active", "cancelled"]},
                        "bookings": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "session": {"type": "integer"},
                                    "status": {
                                        "type": "string",
                                        "enum": ["confirmed", "waitlisted", "offered"],
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
            "content": openapi.json_content(openapi.ref("NewRegistration")),
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
