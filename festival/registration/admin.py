"""Organiser pages of registration: registrations (list, detail, cancel, resend, approve),
seats and waiting lists per session (with "offer seat"), exports, ticket types and questions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from festival import pdfs, web
from festival.accounts.models import ORGANISER_ROLES
from festival.accounts.services import actor_for
from festival.errors import DomainError, NotFound
from festival.events.models import Event
from festival.forms import page_number, search_text
from festival.i18n import _
from festival.registration import forms, queries
from festival.registration import services as registration
from festival.registration.models import RegistrationStatus
from festival.registration.schemas import AgeRuleIn
from festival.registration.services import catalogue, exports, roster_pdf

organisers = web.require_role(*ORGANISER_ROLES)
PAGE_SIZE = 100
EXPORT_HEADERS = (
    "registration",
    "registration_status",
    "ticket_type",
    "registered_at",
    "name",
    "email",
    "organisation",
    "role",
    "attendee_status",
    "access_needs",
    "access_other",
    "diet",
    "sessions",
)
ROSTER_HEADERS = (
    "name",
    "email",
    "organisation",
    "role",
    "access_needs",
    "access_other",
    "diet",
    "registration",
)


def _event(request: Request) -> Event:
    event: Event = request.state.event
    return event


def _base(event: Event) -> str:
    return f"/admin/events/{event.slug}"


def _download(body: bytes, filename: str, fmt: str) -> Response:
    media = exports.XLSX_TYPE if fmt == "xlsx" else "text/csv; charset=utf-8"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'},
    )


def _table(fmt: str, title: str, headers: Sequence[str], rows: list[dict[str, Any]]) -> bytes:
    values = [[row.get(h) for h in headers] for row in rows]
    if fmt == "xlsx":
        return exports.to_xlsx(title, headers, values)
    return exports.to_csv(headers, values)


def _fmt(request: Request) -> str:
    fmt = request.path_params["fmt"]
    if fmt not in ("csv", "xlsx"):
        raise NotFound("not_found", _("Pagina niet gevonden"))
    return str(fmt)


# ---------------------------------------------------------------- registrations


@organisers
async def registrations(request: Request) -> Response:
    event, params = _event(request), request.query_params
    page = page_number(params.get("page"))
    ticket_type = params.get("ticket_type", "")
    result = await queries.registrations_page(
        event.id,
        search=search_text(params.get("q")),
        status=params.get("status", "")
        if params.get("status") in RegistrationStatus._value2member_map_
        else "",
        ticket_type_id=int(ticket_type)
        if ticket_type.isdecimal() and len(ticket_type) < 10
        else None,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    context = {
        "event": event,
        "result": result,
        "q": params.get("q", ""),
        "status": params.get("status", ""),
        "ticket_type": ticket_type,
        "page": page,
        "page_size": PAGE_SIZE,
        "ticket_types": await queries.ticket_types_for_event(event.id),
        "statuses": list(RegistrationStatus),
    }
    return web.render(request, "registration/admin/registrations.html", context)


@organisers
async def export_registrations(request: Request) -> Response:
    event, fmt = _event(request), _fmt(request)
    questions = await registration.questions_for_event(event.id)
    labels, rows = exports.answer_columns(await queries.attendee_export_rows(event.id), questions)
    body = _table(fmt, "registrations", [*EXPORT_HEADERS, *labels], rows)
    return _download(body, f"{event.slug}-registrations", fmt)


@organisers
async def registration_detail(request: Request) -> Response:
    event = _event(request)
    found = await registration.get_registration(request.path_params["code"], event_id=event.id)
    context = {
        "event": event,
        "registration": await queries.registration_details(found),
        "actions": found.allowed_actions(),
        "questions": await registration.questions_for_event(event.id),
    }
    return web.render(request, "registration/admin/registration.html", context)


@organisers
async def registration_action(request: Request) -> Response:
    event, action = _event(request), request.path_params["action"]
    found = await registration.get_registration(request.path_params["code"], event_id=event.id)
    actor = actor_for(request.state.user)
    if action == "cancel":
        refund = (await web.form(request)).get("refund") == "yes"
        await registration.cancel_registration(found, actor=actor, refund=refund)
        web.flash(
            request,
            _("De aanmelding is afgemeld. Het betaalde of gefactureerde bedrag gaat terug.")
            if refund
            else _("De aanmelding is afgemeld."),
        )
    elif action == "resend":
        await registration.resend_confirmation(found, actor=actor)
        web.flash(request, _("De bevestiging is opnieuw verstuurd."))
    elif action == "approve":
        await registration.approve_registration(found, actor=actor)
        web.flash(request, _("De aanmelding is goedgekeurd."))
    else:
        raise NotFound("not_found", _("Pagina niet gevonden"))
    return web.redirect(f"{_base(event)}/registrations/{found.code}")


# ---------------------------------------------------------------- seats and waiting lists


@organisers
async def seats(request: Request) -> Response:
    event = _event(request)
    return web.render(
        request,
        "registration/admin/seats.html",
        {"event": event, "sessions": await queries.seat_overview(event.id)},
    )


@organisers
async def access_needs(request: Request) -> Response:
    """Sessions whose room lacks what attendees with a seat there need."""
    event = _event(request)
    mismatches = await registration.access_mismatches(event.id)
    return web.render(
        request, "registration/admin/access.html", {"event": event, "mismatches": mismatches}
    )


async def _roster(request: Request) -> dict[str, Any]:
    roster = await queries.session_roster(request.path_params["session_id"], _event(request).id)
    if roster is None:
        raise NotFound("session_not_found", _("Deze sessie bestaat niet."))
    return await registration.door_roster(roster)


@organisers
async def session_list(request: Request) -> Response:
    event = _event(request)
    return web.render(
        request,
        "registration/admin/session.html",
        {"event": event, "need_labels": forms.need_labels(), **await _roster(request)},
    )


@organisers
async def session_export(request: Request) -> Response:
    if request.path_params["fmt"] == "pdf":
        return await session_pdf(request)
    event, fmt, roster = _event(request), _fmt(request), await _roster(request)
    body = _table(fmt, roster["session"].title, ROSTER_HEADERS, roster["seated"])
    return _download(body, f"{event.slug}-{roster['session'].code}", fmt)


async def session_pdf(request: Request) -> Response:
    """The printable list for workshop leaders (behind `session_export`'s role check)."""
    event, roster = _event(request), await _roster(request)
    body = await pdfs.render(
        roster_pdf.render_roster_pdf, roster, event_name=event.name, timezone=event.timezone
    )
    name = f"{event.slug}-{roster['session'].code}.pdf"
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


@organisers
async def offer_seat(request: Request) -> Response:
    event = _event(request)
    entry = await registration.get_entry(request.path_params["entry_id"], event_id=event.id)
    try:
        await registration.offer_seat(entry, actor=actor_for(request.state.user))
        web.flash(request, _("De plek is aangeboden. De deelnemer krijgt een e-mail."))
    except DomainError as error:
        web.flash(request, error.message, "error")
    return web.redirect(f"{_base(event)}/seats/{entry.session_id}")


# ---------------------------------------------------------------- ticket types and questions


async def _catalogue_page(
    request: Request,
    *,
    error: DomainError | None = None,
    values: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    event = _event(request)
    context = {
        "event": event,
        "ticket_types": await queries.ticket_types_for_event(event.id),
        "questions": await registration.questions_for_event(event.id),
        "error": error,
        "errors": error.fields if error else {},
        "values": values or {},
        "kind": request.path_params.get("kind"),
        "online_payments": _online_payments(request),
    }
    return web.render(request, "registration/admin/catalogue.html", context, status_code=status)


@organisers
async def catalogue_page(request: Request) -> Response:
    return await _catalogue_page(request)


async def _ages_page(
    request: Request, *, values: dict[str, Any] | None = None, error: DomainError | None = None
) -> Response:
    event = _event(request)
    context = {
        "event": event,
        "values": values or await queries.age_rule(event.id),
        "choices": forms.age_question_choices(),
        "error": error,
        "errors": error.fields if error else {},
    }
    status = error.status_code if error else 200
    return web.render(request, "registration/admin/ages.html", context, status_code=status)


@organisers
async def ages(request: Request) -> Response:
    return await _ages_page(request)


@organisers
@web.form_handler(_ages_page)
async def save_ages(request: Request) -> Response:
    event = _event(request)
    values = await web.form_input(request, AgeRuleIn)
    await registration.save_age_rule(event, values=values, actor=actor_for(request.state.user))
    web.flash(request, _("De leeftijdsregels zijn opgeslagen."))
    return web.redirect(str(request.url_for("registration:admin_catalogue", slug=event.slug)))


async def _catalogue_again(
    request: Request, *, values: dict[str, Any], error: DomainError
) -> Response:
    _kind(request)  # an unknown kind is a 404 page, not the form again
    return await _catalogue_page(request, error=error, values=values, status=error.status_code)


@organisers
@web.form_handler(_catalogue_again, refusals=(DomainError,))
async def catalogue_create(request: Request) -> Response:
    event, data = _event(request), await web.form(request)
    kind, actor = _kind(request), actor_for(request.state.user)
    if kind == "ticket-types":
        values = forms.ticket_type_values(data, event.timezone)
        await registration.create_ticket_type(
            event, values=values, actor=actor, online_payments=_online_payments(request)
        )
    else:
        await registration.create_question(event, values=forms.question_values(data), actor=actor)
    web.flash(request, _("Opgeslagen."))
    return web.redirect(f"{_base(event)}/registration-settings")


def _online_payments(request: Request) -> bool:
    """Whether Stripe keys are set: without them a paid ticket type cannot be offered."""
    settings = request.app.state.settings
    return bool(settings.stripe_secret_key and settings.stripe_webhook_secret)


def _kind(request: Request) -> str:
    kind = str(request.path_params["kind"])
    if kind not in ("ticket-types", "questions"):
        raise NotFound("not_found", _("Pagina niet gevonden"))
    return kind


async def _item(request: Request) -> Any:
    event, item_id = _event(request), request.path_params["id"]
    if _kind(request) == "ticket-types":
        return await catalogue.get_ticket_type(event, item_id)
    return await catalogue.get_question(event, item_id)


async def _catalogue_item_page(
    request: Request, *, values: object = None, error: DomainError | None = None
) -> Response:
    """An item's edit form; after a refusal it shows the saved values with the messages."""
    event, item = _event(request), await _item(request)
    context = {
        "event": event,
        "item": item,
        "kind": _kind(request),
        "error": error,
        "errors": error.fields if error else {},
        "values": forms.item_form_values(item, event.timezone),
    }
    return web.render(
        request,
        "registration/admin/catalogue_edit.html",
        context,
        status_code=error.status_code if error else 200,
    )


@organisers
async def catalogue_edit(request: Request) -> Response:
    return await _catalogue_item_page(request)


@organisers
@web.form_handler(_catalogue_item_page, refusals=(DomainError,))
async def catalogue_update(request: Request) -> Response:
    event, item, kind = _event(request), await _item(request), _kind(request)
    data, actor = await web.form(request), actor_for(request.state.user)
    if kind == "ticket-types":
        values = forms.ticket_type_values(data, event.timezone)
        await registration.update_ticket_type(
            item, values=values, actor=actor, online_payments=_online_payments(request)
        )
    else:
        await registration.update_question(item, values=forms.question_values(data), actor=actor)
    web.flash(request, _("Opgeslagen."))
    return web.redirect(f"{_base(event)}/registration-settings")


@organisers
async def catalogue_delete(request: Request) -> Response:
    event, item, actor = _event(request), await _item(request), actor_for(request.state.user)
    if request.path_params["kind"] == "ticket-types":
        await catalogue.delete_ticket_type(item, actor=actor)
    else:
        await registration.delete_question(item, actor=actor)
    web.flash(request, _("Verwijderd."))
    return web.redirect(f"{_base(event)}/registration-settings")


P = "/admin/events/{slug}"
KIND = "{kind:str}"
routes = [
    Route(P + "/registrations", registrations, name="registration:admin_list"),
    Route(
        P + "/registrations/export.{fmt:str}",
        export_registrations,
        name="registration:admin_export",
    ),
    Route(P + "/registrations/{code:str}", registration_detail, name="registration:admin_detail"),
    Route(
        P + "/registrations/{code:str}/{action:str}",
        registration_action,
        methods=["POST"],
        name="registration:admin_action",
    ),
    Route(P + "/seats", seats, name="registration:admin_seats"),
    Route(P + "/seats/{session_id:id}", session_list, name="registration:admin_session"),
    Route(P + "/access-needs", access_needs, name="registration:admin_access"),
    Route(
        P + "/seats/{session_id:id}/attendees.{fmt:str}",
        session_export,
        name="registration:admin_session_export",
    ),
    Route(
        P + "/waitlist/{entry_id:id}/offer",
        offer_seat,
        methods=["POST"],
        name="registration:admin_offer",
    ),
    Route(P + "/registration-settings", catalogue_page, name="registration:admin_catalogue"),
    Route(P + "/registration-settings/ages", ages, name="registration:admin_ages"),
    Route(
        P + "/registration-settings/ages",
        save_ages,
        methods=["POST"],
        name="registration:admin_save_ages",
    ),
    Route(
        P + "/registration-settings/" + KIND,
        catalogue_create,
        methods=["POST"],
        name="registration:admin_create",
    ),
    Route(
        P + "/registration-settings/" + KIND + "/{id:id}",
        catalogue_edit,
        methods=["GET"],
        name="registration:admin_edit",
    ),
    Route(
        P + "/registration-settings/" + KIND + "/{id:id}",
        catalogue_update,
        methods=["POST"],
        name="registration:admin_update",
    ),
    Route(
        P + "/registration-settings/" + KIND + "/{id:id}/delete",
        catalogue_delete,
        methods=["POST"],
        name="registration:admin_delete",
    ),
]
