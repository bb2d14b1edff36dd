"""Organiser pages of payments: status per registration, totals per ticket type, CSV and
Excel, "paid by hand", refunds, and the event's payment settings."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from festival import clock, web
from festival.accounts.models import ORGANISER_ROLES
from festival.accounts.services import actor_for
from festival.errors import DomainError, NotFound
from festival.events.models import Event
from festival.i18n import _
from festival.payments import queries
from festival.payments import services as payments
from festival.payments.models import RefundPolicy
from festival.payments.schemas import PaymentSettingsIn, RefundIn
from festival.payments.views import stripe_config
from festival.registration import services as registration
from festival.settings import Settings

organisers = web.require_role(*ORGANISER_ROLES)


def _event(request: Request) -> Event:
    event: Event = request.state.event
    return event


def _settings(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


async def _page(
    request: Request, *, error: DomainError | None = None, values: dict[str, Any] | None = None
) -> Response:
    event = _event(request)
    options = await payments.payment_settings(event.id)
    context = {
        "event": event,
        "overview": await queries.payments_overview(event.id),
        "options": options,
        "policies": list(RefundPolicy),
        "refund_until": clock.to_local(options.refund_until, event.timezone).date().isoformat()
        if options.refund_until
        else "",
        "stripe_ready": stripe_config(_settings(request)).configured,
        "error": error,
        "errors": error.fields if error else {},
        "values": values or {},
    }
    status = error.status_code if error else 200
    return web.render(request, "payments/admin/payments.html", context, status_code=status)


async def _again(request: Request, *, values: dict[str, Any], error: DomainError) -> Response:
    return await _page(request, error=error, values=values)


@organisers
async def payments_page(request: Request) -> Response:
    return await _page(request)


@organisers
@web.form_handler(_again, refusals=(DomainError,))
async def save_settings(request: Request) -> Response:
    event = _event(request)
    data = await web.form_input(request, PaymentSettingsIn)
    methods = [m for m in payments.ONLINE_METHODS if getattr(data, m)]
    until = (
        clock.from_local(datetime.combine(data.refund_until, time(23, 59, 59)), event.timezone)
        if data.refund_until
        else None
    )
    await payments.update_payment_settings(
        event.id,
        values={
            "methods": methods,
            "hold_minutes": data.hold_minutes,
            "refund_policy": data.refund_policy,
            "refund_until": until,
            "refund_percent": data.refund_percent,
        },
        actor=actor_for(request.state.user),
    )
    web.flash(request, _("De instellingen voor betalen zijn opgeslagen."))
    return web.redirect(request.url_for("payments:admin", slug=event.slug).path)


@organisers
@web.form_handler(_again, refusals=(DomainError,))
async def mark_paid(request: Request) -> Response:
    event = _event(request)
    code = request.path_params["code"]
    await payments.mark_paid_by_hand(event, code, actor=actor_for(request.state.user))
    web.flash(request, _("Aanmelding %(code)s is betaald en bevestigd.") % {"code": code})
    return web.redirect(request.url_for("payments:admin", slug=event.slug).path)


@organisers
@web.form_handler(_again, refusals=(DomainError,))
async def refund(request: Request) -> Response:
    event = _event(request)
    payment = await payments.get_payment(request.path_params["payment_id"], event_id=event.id)
    data = await web.form_input(request, RefundIn)
    await payments.refund_payment(
        payment,
        amount_cents=data.amount,
        reason=data.reason or "by_organiser",
        actor=actor_for(request.state.user),
        config=stripe_config(_settings(request)),
    )
    web.flash(request, _("Het bedrag wordt terugbetaald."))
    return web.redirect(request.url_for("payments:admin", slug=event.slug).path)


@organisers
async def export(request: Request) -> Response:
    event, fmt = _event(request), request.path_params["fmt"]
    if fmt not in ("csv", "xlsx"):
        raise NotFound("not_found", _("Pagina niet gevonden"))
    rows = await queries.export_rows(event.id)
    values = [[row[h] for h in queries.EXPORT_HEADERS] for row in rows]
    if fmt == "xlsx":
        body, media = (
            registration.to_xlsx("payments", queries.EXPORT_HEADERS, values),
            registration.XLSX_TYPE,
        )
    else:
        body, media = registration.to_csv(queries.EXPORT_HEADERS, values), "text/csv; charset=utf-8"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{event.slug}-payments.{fmt}"'},
    )


P = "/admin/events/{slug}/payments"
routes = [
    Route(P, payments_page, name="payments:admin"),
    Route(P + "/settings", save_settings, methods=["POST"], name="payments:admin_settings"),
    Route(P + "/export.{fmt:str}", export, name="payments:admin_export"),
    Route(
        P + "/registrations/{code:str}/paid",
        mark_paid,
        methods=["POST"],
        name="payments:admin_paid",
    ),
    Route(P + "/{payment_id:id}/refund", refund, methods=["POST"], name="payments:admin_refund"),
]
