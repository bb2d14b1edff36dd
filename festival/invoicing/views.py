"""Attendee downloads behind the signed manage link: the registration's invoice and credit
notes as PDF."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from festival.events import services as events
from festival.invoicing import services
from festival.registration import services as registration
from festival.settings import Settings


def pdf_response(content: bytes, filename: str) -> Response:
    return Response(
        content,
        media_type=services.PDF_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def _registration_id(request: Request) -> int:
    """The registration of the signed manage link (NotFound for a wrong link or event)."""
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    event = await events.public_event(request.path_params["slug"])
    code = registration.code_from_manage_token(
        request.path_params["token"], secret_key=settings.secret_key
    )
    return (await registration.get_registration(code, event_id=event.id)).id


async def manage_invoice_pdf(request: Request) -> Response:
    invoice = await services.registration_invoice(await _registration_id(request))
    return pdf_response(await services.invoice_pdf(invoice), services.file_name(invoice.number))


async def manage_credit_note_pdf(request: Request) -> Response:
    registration_id = await _registration_id(request)
    note = await services.registration_credit_note(registration_id, request.path_params["note_id"])
    return pdf_response(
        await services.credit_note_pdf(note), services.file_name(note.number, credit=True)
    )


routes: list[BaseRoute] = [
    Route(
        "/events/{slug}/registration/{token}/invoice.pdf",
        manage_invoice_pdf,
        name="invoicing:manage_invoice_pdf",
    ),
    Route(
        "/events/{slug}/registration/{token}/credit-notes/{note_id:id}.pdf",
        manage_credit_note_pdf,
        name="invoicing:manage_credit_note_pdf",
    ),
]
