"""Attendee pages: the download of one's own registration data from the manage link."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from festival.privacy import services

_BASE = "/events/{slug}/registration/{token}/my-data"


async def _data(request: Request) -> services.PersonData:
    return await services.own_registration_data(
        request.path_params["slug"],
        request.path_params["token"],
        secret_key=request.app.state.settings.secret_key,
    )


def _download(body: bytes, media_type: str, ext: str) -> Response:
    headers = {
        "Content-Disposition": f'attachment; filename="mijn-gegevens.{ext}"',
        "Cache-Control": "no-store",
    }
    return Response(body, media_type=media_type, headers=headers)


async def my_data_json(request: Request) -> Response:
    return _download(services.to_json(await _data(request)), "application/json", "json")


async def my_data_pdf(request: Request) -> Response:
    return _download(await services.to_pdf(await _data(request)), "application/pdf", "pdf")


routes = [
    Route(_BASE + ".json", my_data_json, methods=["GET"], name="privacy:my_data_json"),
    Route(_BASE + ".pdf", my_data_pdf, methods=["GET"], name="privacy:my_data_pdf"),
]
