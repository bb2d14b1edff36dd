"""web.form_handler: a refused form is shown again with what was sent and the messages; other
errors are not the form's to answer."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from festival import web
from festival.errors import Conflict, NotFound, ValidationError
from festival.schemas import Input


class Venue(Input):
    name: str


async def _again(request: Request, *, values: dict[str, Any], error: ValidationError) -> Response:
    body = {"values": values, "code": error.code, "fields": error.fields}
    return JSONResponse(body, status_code=error.status_code)


@web.form_handler(_again, lists=("audiences",))
async def save(request: Request) -> Response:
    venue = await web.form_input(request, Venue)
    if venue.name == "bezet":
        raise Conflict("taken", "Bezet.")
    if venue.name == "weg":
        raise NotFound("gone", "Weg.")
    if venue.name == "fout":
        raise ValidationError("invalid_name", "Fout.", {"name": "Kies een andere naam."})
    return JSONResponse({"saved": venue.name})


async def _post(data: list[tuple[str, str]]) -> httpx.Response:
    app = Starlette(routes=[Route("/", save, methods=["POST"])])
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.post(
            "/",
            content=urlencode(data),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )


async def test_a_valid_form_is_handled() -> None:
    response = await _post([("name", "Stadhuis")])
    assert response.json() == {"saved": "Stadhuis"}


async def test_a_wrong_form_is_shown_again_with_what_was_sent() -> None:
    sent = [("csrf_token", "t"), ("place", "Zeist"), ("audiences", "griffiers"), ("audiences", "")]
    response = await _post([*sent, ("audiences", "raadsleden")])
    assert response.status_code == 422
    assert response.json() == {
        "values": {"place": "Zeist", "audiences": ["griffiers", "raadsleden"]},
        "code": "invalid_input",
        "fields": {"name": "Vul dit veld in."},
    }


async def test_a_refusal_of_the_service_is_shown_again() -> None:
    response = await _post([("name", "fout")])
    assert response.status_code == 422
    assert response.json()["fields"] == {"name": "Kies een andere naam."}
    assert response.json()["values"] == {"name": "fout", "audiences": []}


async def test_other_errors_are_not_the_forms() -> None:
    assert (await _post([("name", "bezet")])).status_code == 500  # no handler in this bare app
    assert (await _post([("name", "weg")])).status_code == 500
