"""The OpenAPI 3.1 description of every JSON endpoint, served at `GET /api/openapi.json`.

Each area describes its own endpoints from its `api.py`, at import time (app.py imports
every api module before the first request):

    from festival import openapi
    from festival.registration.schemas import NewRegistration, Registration

    openapi.register_path("/api/events/{slug}/registrations", "post", {
        "operationId": "createRegistration",
        "tags": ["registration"],
        "parameters": [openapi.SLUG_PARAMETER],
        "requestBody": {"required": True,
                        "content": openapi.json_content(openapi.model_ref(NewRegistration))},
        "responses": {"201": {"description": "Created",
                              "content": openapi.json_content(openapi.answer_ref(Registration))},
                      **openapi.error_responses("404", "422")},
    })

Every schema is generated from the areas' `schemas.py`: request bodies from their input models
(`model_ref(Model)`: the model that parses the body), answers from the typed dicts that api.py
builds (`answer_ref(Answer)`). Each puts the JSON schema (and every type it refers to) into
`SCHEMAS` and returns its `$ref`, so the document, the parser and the answers cannot disagree;
no schema is written by hand but the shared `Error`.

`PATHS` (path -> method -> operation) and `SCHEMAS` (name -> JSON schema) are plain dicts;
`document(base_url)` assembles them into the full document. The shared `Error` schema is the
`{"error": {"code", "message", "fields"}}` shape of web.py.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import JsonSchemaMode
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from festival import i18n

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
    "schema": {"type": "string", "enum": list(i18n.LANGUAGES)},
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


REF_TEMPLATE = "#/components/schemas/{model}"


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF_TEMPLATE.format(model=name)}


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
    """Register the input `model`'s JSON schema (as the parser reads input) under its class
    name, with the models it refers to, and return its `$ref`."""
    return schema_ref(model, mode="validation")


def answer_ref(answer: type[Any]) -> dict[str, str]:
    """Register the schema of an answer type (a TypedDict of an area's schemas.py that its
    api.py builds) under its class name, with the types it refers to, and return its `$ref`."""
    return schema_ref(answer, mode="serialization")


def schema_ref(kind: type[Any], *, mode: JsonSchemaMode) -> dict[str, str]:
    """`kind`'s JSON schema as pydantic generates it, its `$defs` collected into
    `components/schemas`. Two different schemas under one name are a programming error."""
    schema = TypeAdapter(kind).json_schema(mode=mode, ref_template=REF_TEMPLATE)
    for name, part in [*schema.pop("$defs", {}).items(), (kind.__name__, schema)]:
        part = _without_null_defaults(part)
        if SCHEMAS.get(name, part) != part:
            raise RuntimeError(f"Two OpenAPI schemas are named {name}: rename one type.")
        SCHEMAS[name] = part
    return ref(kind.__name__)


def _without_null_defaults(schema: dict[str, Any]) -> dict[str, Any]:
    """A field that may be left out has the default null in pydantic's schema; the field's own
    schema describes the value when sent, and null would contradict it."""
    for prop in schema.get("properties", {}).values():
        if "default" in prop and prop["default"] is None:
            del prop["default"]
    return schema


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
