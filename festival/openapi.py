"""The OpenAPI 3.1 description of every JSON endpoint, served at `GET /api/openapi.json`.

Each area describes its own endpoints from its `api.py`, at import time (app.py imports
every api module before the first request):

    from festival import openapi

    openapi.register_schema("Registration", {"type": "object", "properties": {...}})
    openapi.register_path("/api/events/{slug}/registrations", "post", {
        "operationId": "createRegistration",
        "tags": ["registration"],
        "parameters": [openapi.SLUG_PARAMETER],
        "requestBody": {"required": True,
                        "content": openapi.json_content(openapi.ref("NewRegistration"))},
        "responses": {"201": {"description": "Created",
                              "content": openapi.json_content(openapi.ref("Registration"))},
                      **openapi.error_responses("404", "422")},
    })

Request bodies come from the areas' input models (`<area>/schemas.py`): `model_ref(Model)` puts
the model's JSON schema (and every model it refers to) into `SCHEMAS` and returns its `$ref`, so
the document and the parser cannot disagree. Response schemas without an input model may stay
written by hand (with their enums taken from the models).

`PATHS` (path -> method -> operation) and `SCHEMAS` (name -> JSON schema) are plain dicts;
`document(base_url)` assembles them into the full document. The shared `Error` schema is the
`{"error": {"code", "message", "fields"}}` shape of web.py.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

PATHS: dict[str, dict[str, Any]] = {}
SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {
                        "type": "string",
                        "description": "Stable snake_case code, e.g. event_not_found.",
                    },
                    "message": {
                        "type": "string",
                        "description": "Human message in the request's language.",
                    },
                    "fields": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                        "description": "Per input field, what is wrong.",
                    },
                },
            }
        },
    },
}
TAGS: list[dict[str, str]] = []

SLUG_PARAMETER: dict[str, Any] = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "The event's slug, e.g. dld-demo.",
    "schema": {"type": "string"},
}
LANG_PARAMETER: dict[str, Any] = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "Language of texts and messages: nl (default) or en.",
    "schema": {"type": "string", "enum": ["nl", "en"]},
}

_ERROR_DESCRIPTIONS = {
    "400": "Bad request",
    "401": "Not authenticated",
    "403": "Not allowed",
    "404": "Not found",
    "409": "Conflict with the current state",
    "413": "Request body too large",
    "422": "Invalid input",
    "429": "Too many requests",
    "503": "The database does not answer; try again (Retry-After)",
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def error_responses(*statuses: str) -> dict[str, Any]:
    """Responses carrying the shared Error body, e.g. error_responses("404", "422")."""
    return {
        status: {
            "description": _ERROR_DESCRIPTIONS.get(status, "Error"),
            "content": json_content(ref("Error")),
        }
        for status in statuses
    }


def model_ref(model: type[BaseModel]) -> dict[str, str]:
    """Register `model`'s JSON schema (as the parser reads input) under its class name, with
    the models it refers to, and return its `$ref`."""
    schema = model.model_json_schema(mode="validation", ref_template="#/components/schemas/{model}")
    for name, part in schema.pop("$defs", {}).items():
        SCHEMAS[name] = _without_null_defaults(part)
    SCHEMAS[model.__name__] = _without_null_defaults(schema)
    return ref(model.__name__)


def _without_null_defaults(schema: dict[str, Any]) -> dict[str, Any]:
    """A field that may be left out has the default null in pydantic's schema; the field's own
    schema describes the value when sent, and null would contradict it."""
    for prop in schema.get("properties", {}).values():
        if "default" in prop and prop["default"] is None:
            del prop["default"]
    return schema


def register_schema(name: str, schema: dict[str, Any]) -> None:
    SCHEMAS[name] = schema


def register_path(path: str, method: str, spec: dict[str, Any]) -> None:
    """Describe `method` on `path` (an OpenAPI operation object)."""
    PATHS.setdefault(path, {})[method.lower()] = spec


def register_tag(name: str, description: str) -> None:
    if all(tag["name"] != name for tag in TAGS):
        TAGS.append({"name": name, "description": description})


def document(base_url: str = "") -> dict[str, Any]:
    """The whole OpenAPI 3.1 document."""
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "festival API",
            "version": "1.0.0",
            "description": "Public JSON API of festival: events, their programme and registration. "
            'Errors are {"error": {"code", "message", "fields"}} with a 4xx status.',
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "tags": copy.deepcopy(TAGS),
        "paths": copy.deepcopy(PATHS),
        "components": {"schemas": copy.deepcopy(SCHEMAS)},
    }
    if base_url:
        doc["servers"] = [{"url": base_url}]
    return doc


async def openapi_json(request: Request) -> JSONResponse:
    return JSONResponse(
        document(request.app.state.settings.base_url), headers={"Access-Control-Allow-Origin": "*"}
    )


routes = [Route("/api/openapi.json", openapi_json, name="openapi")]
