"""Organiser pages of invoicing: an event's invoices (states, overdue, mark paid, bank file,
totals, finance exports, payment term), the PDFs, and the seller's details (owners)."""

from __future__ import annotations

import secrets
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from festival import schemas, web
from festival.accounts.models import ORGANISER_ROLES, Role
from festival.accounts.services import actor_for
from festival.errors import DomainError, NotFound
from festival.events.models import Event
from festival.i18n import _
from festival.invoicing import queries, services
from festival.invoicing.schemas import (
    LIST_FILTERS,
    CreditIn,
    InvoiceFilterIn,
    InvoiceSettingsIn,
    MarkPaidIn,
    SellerIn,
)
from festival.invoicing.views import pdf_response
from festival.registration import services as registration

organisers = web.require_role(*ORGANISER_ROLES)
owners = web.require_role(Role.OWNER)


def _back(request: Request, event: Event) -> Response:
    return web.redirect(str(request.url_for("invoicing:admin_invoices", slug=event.slug)))


async def _page(
    request: Request,
    *,
    error: DomainError | None = None,
    matches: Any = None,
    content: str = "",
    values: Any = None,
) -> Response:
    event: Event = request.state.event
    wanted = request.query_params.get("status", "all")
    shown = schemas.parse(InvoiceFilterIn, {"status": wanted if wanted in LIST_FILTERS else "all"})
    context = await queries.invoices_page(event.id, timezone=event.timezone, state=shown.status)
    context |= {
        "event": event,
        "filters": LIST_FILTERS,
        "sample": services.SAMPLE,
        "is_owner": request.state.role == Role.OWNER or request.state.user.is_admin,
        "error": error,
        "errors": error.fields if error else {},
        "matches": matches,
        "content": content,
        "credit_reference": secrets.token_hex(8),
        "values": values if isinstance(values, dict) else {},
    }
    status = error.status_code if error else 200
    return web.render(request, "invoicing/admin/invoices.html", context, status_code=status)


async def _again(request: Request, *, values: object, error: DomainError) -> Response:
    return await _page(request, error=error, values=values)


@organisers
async def invoices(request: Request) -> Response:
    return await _page(request)


@organisers
@web.form_handler(_again, refusals=(DomainError,))
async def mark_paid(request: Request) -> Response:
    event: Event = request.state.event
    invoice = await services.get_invoice(event.id, request.path_params["invoice_id"])
    data = await web.form_input(request, MarkPaidIn)
    await services.mark_invoice_paid(
        invoice, paid_on=data.paid_on, actor=actor_for(request.state.user)
    )
    web.flash(request, _("Factuur %(number)s is betaald.") % {"number": invoice.number})
    return _back(request, event)


@organisers
@web.form_handler(_again, refusals=(DomainError,))
async def mail_invoice(request: Request) -> Response:
    event: Event = request.state.event
    invoice = await services.get_invoice(event.id, request.path_params["invoice_id"])
    await services.queue_invoice_mail(invoice, actor=actor_for(request.state.user))
    web.flash(
        request,
        _("Factuur %(number)s wordt gemaild naar %(to)s.")
        % {"number": invoice.number, "to": invoice.buyer["email"]},
    )
    return _back(request, event)


@organisers
@web.form_handler(_again, refusals=(DomainError,))
async def credit(request: Request) -> Response:
    event: Event = request.state.event
    data = await web.form_input(request, CreditIn)
    invoice = await services.get_invoice(event.id, data.invoice_id)
    note = await services.credit_by_hand(
        invoice,
        amount_cents=data.amount,
        reason=data.reason,
        reference=data.reference,
        actor=actor_for(request.state.user),
    )
    web.flash(
        request,
        _("Creditnota %(note)s bij factuur %(number)s is gemaakt.")
        % {"note": note.number, "number": invoice.number},
    )
    return _back(request, event)


async def _bank_file(request: Request) -> bytes:
    """The uploaded bank CSV, or (when applying) the one shown in the preview, sent back."""
    form = await web.form(request)
    upload = form.get("file")
    if isinstance(upload, UploadFile):
        return await upload.read(services.MAX_BANK_FILE + 1)
    return str(form.get("content") or "").encode()


@organisers
@web.form_handler(_again, refusals=(DomainError,))
async def bank_file(request: Request) -> Response:
    """Show what a bank file pays; with `apply`, mark it paid (read and matched again)."""
    event: Event = request.state.event
    content = await _bank_file(request)
    if (await web.form(request)).get("apply") != "yes":
        matches = await services.preview_bank_file(event.id, content)
        return await _page(request, matches=matches, content=content.decode("utf-8-sig"))
    applied = await services.apply_bank_file(event.id, content, actor=actor_for(request.state.user))
    count = sum(1 for m in applied if m.result == "matched")
    web.flash(request, _("%(n)s facturen zijn als betaald gemarkeerd.") % {"n": count})
    return _back(request, event)


@organisers
@web.form_handler(_again)
async def save_settings(request: Request) -> Response:
    event: Event = request.state.event
    values = await web.form_input(request, InvoiceSettingsIn)
    await services.save_invoice_settings(
        event.id, values=values, actor=actor_for(request.state.user)
    )
    web.flash(request, _("De betaaltermijn is opgeslagen."))
    return _back(request, event)


@organisers
async def export(request: Request) -> Response:
    event: Event = request.state.event
    fmt = request.path_params["fmt"]
    if fmt == "csv":
        body, media = await services.finance_csv(event), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body, media = await services.finance_xlsx(event), registration.XLSX_TYPE
    else:
        raise NotFound("not_found", _("Pagina niet gevonden"))
    disposition = f'attachment; filename="facturen-{event.slug}.{fmt}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


@organisers
async def invoice_pdf(request: Request) -> Response:
    event: Event = request.state.event
    invoice = await services.get_invoice(event.id, request.path_params["invoice_id"])
    return pdf_response(await services.invoice_pdf(invoice), services.file_name(invoice.number))


@organisers
async def credit_note_pdf(request: Request) -> Response:
    event: Event = request.state.event
    note = await services.get_credit_note(event.id, request.path_params["note_id"])
    return pdf_response(
        await services.credit_note_pdf(note), services.file_name(note.number, credit=True)
    )


async def _seller_page(
    request: Request, *, values: Any = None, error: DomainError | None = None
) -> Response:
    event: Event = request.state.event
    if values is None:
        found = await queries.seller_of(event.organisation_id)
        values = {k: getattr(found, k) for k in SellerIn.model_fields} if found else {}
    context = {
        "event": event,
        "values": values,
        "error": error,
        "errors": error.fields if error else {},
    }
    status = error.status_code if error else 200
    return web.render(request, "invoicing/admin/seller.html", context, status_code=status)


@owners
async def seller(request: Request) -> Response:
    return await _seller_page(request)


@owners
@web.form_handler(_seller_page)
async def save_seller(request: Request) -> Response:
    event: Event = request.state.event
    values = await web.form_input(request, SellerIn)
    await services.save_seller_details(
        event.organisation_id, values=values, actor=actor_for(request.state.user), event_id=event.id
    )
    web.flash(request, _("De gegevens op de factuur zijn opgeslagen."))
    return _back(request, event)


P = "/admin/events/{slug}/invoices"
routes: list[BaseRoute] = [
    Route(P, invoices, name="invoicing:admin_invoices"),
    Route(P + "/export.{fmt:str}", export, name="invoicing:admin_export"),
    Route(P + "/bank", bank_file, methods=["POST"], name="invoicing:admin_bank"),
    Route(P + "/settings", save_settings, methods=["POST"], name="invoicing:admin_settings"),
    Route(P + "/credit", credit, methods=["POST"], name="invoicing:admin_credit"),
    Route(P + "/seller", seller, name="invoicing:admin_seller"),
    Route(P + "/seller", save_seller, methods=["POST"], name="invoicing:admin_save_seller"),
    Route(P + "/{invoice_id:id}.pdf", invoice_pdf, name="invoicing:admin_invoice_pdf"),
    Route(
        P + "/{invoice_id:id}/paid", mark_paid, methods=["POST"], name="invoicing:admin_mark_paid"
    ),
    Route(
        P + "/{invoice_id:id}/mail",
        mail_invoice,
        methods=["POST"],
        name="invoicing:admin_mail_invoice",
    ),
    Route(
        "/admin/events/{slug}/credit-notes/{note_id:id}.pdf",
        credit_note_pdf,
        name="invoicing:admin_credit_note_pdf",
    ),
]
