"""Attendee pages: the registration steps, the manage pages behind the signed link, the
personal agenda (page and iCal), "link kwijt?", and the answer to a waiting-list offer."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from festival import web
from festival.audit import Actor
from festival.errors import DomainError, NotFound
from festival.events import services as events
from festival.events.models import Event
from festival.i18n import _
from festival.registration import forms, queries
from festival.registration import services as registration
from festival.registration.models import Registration, RegistrationStatus
from festival.registration.services import exports
from festival.settings import Settings
from festival.tickets import services as tickets


def _settings(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


async def _check_rate_limit(request: Request) -> None:
    """Registrations per client address per ten minutes (counted in the database)."""
    settings = _settings(request)
    client = web.client_ip(request, settings.trusted_proxies)
    await registration.check_rate_limit(client, limit=settings.registration_rate_limit)


async def _render_step(request: Request, event: Event, step: forms.Step) -> Response:
    context = await forms.context_for(event, step)
    context["state_token"] = forms.dump_state(
        step.context["state"], secret_key=_settings(request).secret_key
    )
    return web.render(
        request, f"registration/step_{step.name}.html", context, status_code=step.status
    )


async def register_page(request: Request) -> Response:
    event = await events.public_event(request.path_params["slug"])
    if not registration.is_registration_open(event):
        return web.render(request, "registration/closed.html", {"event": event})
    return await _render_step(request, event, await forms.start(event))


async def register_step(request: Request) -> Response:
    event = await events.public_event(request.path_params["slug"])
    data = await web.form(request)
    if data.get("step") == "summary" and not data.get("back"):
        await _check_rate_limit(request)
    step = await forms.advance(event, data, secret_key=_settings(request).secret_key)
    if step.done is not None:
        token = registration.manage_token(step.done.code, secret_key=_settings(request).secret_key)
        if step.done.status == RegistrationStatus.PENDING_PAYMENT:
            # on to Stripe Checkout (the payments area's page, reached by its route name)
            return web.redirect(
                request.url_for("payments:checkout", slug=event.slug, token=token).path
            )
        return web.redirect(
            request.url_for("registration:manage", slug=event.slug, token=token).path + "?new=1"
        )
    return await _render_step(request, event, step)


# ---------------------------------------------------------------- manage (signed link)


async def _manage_context(request: Request) -> tuple[Event, Registration, dict[str, Any]]:
    event = await events.public_event(request.path_params["slug"])
    code = registration.code_from_manage_token(
        request.path_params["token"], secret_key=_settings(request).secret_key
    )
    found = await registration.get_registration(code, event_id=event.id)
    details = await queries.registration_details(found)
    token = request.path_params["token"]
    return (
        event,
        found,
        {"event": event, "registration": details, "token": token, "errors": {}, "error": None},
    )


def _attendee(context: dict[str, Any], request: Request) -> dict[str, Any]:
    wanted = request.path_params["attendee_id"]
    for attendee in context["registration"]["attendees"]:
        if attendee["id"] == wanted and attendee["status"] == "active":
            return attendee
    raise NotFound("attendee_not_found", _("Deze deelnemer hoort niet bij deze aanmelding."))


def _actor(found: Registration) -> Actor:
    return Actor("attendee", None, found.contact_email)


def _back(request: Request, event: Event, token: str) -> Response:
    return web.redirect(request.url_for("registration:manage", slug=event.slug, token=token).path)


async def manage(request: Request) -> Response:
    event, found, context = await _manage_context(request)
    settings = _settings(request)
    context["manage_url"] = registration.manage_url(
        settings.base_url, event.slug, found.code, secret_key=settings.secret_key
    )
    context["is_new"] = request.query_params.get("new") == "1"
    context["documents"] = await registration.manage_documents(found.id)
    context["tickets"] = {  # each attendee's current ticket (the PDF re-renders when stale)
        t["attendee_id"]: t
        for t in await tickets.ticket_links(found.id, base_url="", secret_key=settings.secret_key)
        if t["status"] == "valid"
    }
    context["offer_links"] = {
        b["offer_entry_id"]: registration.offer_url(
            "", event.slug, b["offer_entry_id"], secret_key=settings.secret_key
        )
        for a in context["registration"]["attendees"]
        for b in a["bookings"]
        if b["offer_entry_id"]
    }
    return web.render(request, "registration/manage.html", context)


async def _attendee_form(request: Request) -> tuple[Event, Registration, dict[str, Any]]:
    """The manage context with the attendee of the path and the form's choices."""
    event, found, context = await _manage_context(request)
    context["attendee"] = _attendee(context, request)
    context |= {
        "questions": await registration.questions_for_event(event.id),
        "roles": forms.role_choices(),
        "needs": forms.access_choices(),
    }
    return event, found, context


async def _attendee_again(request: Request, *, values: object, error: DomainError) -> Response:
    _event, _found, context = await _attendee_form(request)
    person = forms.read_people(await web.form(request), 1)[0]
    context |= {
        "error": error,
        "errors": {f"attendees.0.{key}": message for key, message in error.fields.items()},
        "attendee": {**context["attendee"], **person},
    }
    page = "registration/attendee_edit.html"
    return web.render(request, page, context, status_code=error.status_code)


@web.form_handler(_attendee_again, refusals=(DomainError,))
async def edit_attendee(request: Request) -> Response:
    event, found, context = await _attendee_form(request)
    if request.method == "POST":
        person = forms.read_people(await web.form(request), 1)[0]
        attendee = await registration.get_attendee(found, context["attendee"]["id"])
        await registration.update_attendee(attendee, values=person, actor=_actor(found))
        web.flash(request, _("De gegevens zijn opgeslagen."))
        return _back(request, event, context["token"])
    return web.render(request, "registration/attendee_edit.html", context)


async def _sessions_form(request: Request) -> tuple[Event, Registration, dict[str, Any]]:
    """The manage context with the attendee of the path, the time slots and their choice."""
    event, found, context = await _manage_context(request)
    context["attendee"] = _attendee(context, request)
    context["slots"] = await queries.session_slots(event.id)
    context["chosen"] = [b["session_id"] for b in context["attendee"]["bookings"]]
    context["access"] = await registration.access_fits(
        event.id, [context["attendee"]["access_needs"]]
    )
    return event, found, context


async def _sessions_again(request: Request, *, values: object, error: DomainError) -> Response:
    _event, _found, context = await _sessions_form(request)
    chosen = forms.read_sessions(await web.form(request), 1)[0]
    context |= {"error": error, "errors": error.fields, "chosen": chosen}
    page = "registration/attendee_sessions.html"
    return web.render(request, page, context, status_code=error.status_code)


@web.form_handler(_sessions_again, refusals=(DomainError,))
async def change_sessions(request: Request) -> Response:
    event, found, context = await _sessions_form(request)
    if request.method == "POST":
        chosen = forms.read_sessions(await web.form(request), 1)[0]
        attendee = await registration.get_attendee(found, context["attendee"]["id"])
        await registration.change_bookings(attendee, session_ids=chosen, actor=_actor(found))
        web.flash(request, _("Uw keuze van workshops is opgeslagen."))
        return _back(request, event, context["token"])
    return web.render(request, "registration/attendee_sessions.html", context)


async def cancel_attendee(request: Request) -> Response:
    event, found, context = await _manage_context(request)
    context["attendee"] = _attendee(context, request)
    if request.method == "POST":
        attendee = await registration.get_attendee(found, context["attendee"]["id"])
        await registration.cancel_attendee(attendee, actor=_actor(found))
        web.flash(request, _("%(name)s is afgemeld.") % {"name": attendee.name})
        return _back(request, event, context["token"])
    return web.render(request, "registration/cancel.html", context)


async def cancel_all(request: Request) -> Response:
    event, found, context = await _manage_context(request)
    if request.method == "POST":
        await registration.cancel_registration(found, actor=_actor(found))
        web.flash(request, _("Uw aanmelding is geannuleerd. Uw ticket geldt niet meer."))
        return _back(request, event, context["token"])
    return web.render(request, "registration/cancel.html", {**context, "attendee": None})


async def agenda(request: Request) -> Response:
    _event, _found, context = await _manage_context(request)
    context["attendee"] = _attendee(context, request)
    context["agenda"] = [
        b for b in context["attendee"]["bookings"] if b["status"] in ("confirmed", "offered")
    ]
    return web.render(request, "registration/agenda.html", context)


async def agenda_ics(request: Request) -> Response:
    event, _found, context = await _manage_context(request)
    attendee = _attendee(context, request)
    body = exports.agenda_ics(event, attendee, base_url=_settings(request).base_url)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}-agenda.ics"'},
    )


async def _lost_link_again(
    request: Request, *, values: dict[str, str], error: DomainError
) -> Response:
    event = await events.public_event(request.path_params["slug"])
    email = values.get("email", "")
    context = {"event": event, "email": email, "error": error, "errors": error.fields}
    return web.render(
        request, "registration/lost_link.html", context, status_code=error.status_code
    )


@web.form_handler(_lost_link_again, refusals=(DomainError,))
async def lost_link(request: Request) -> Response:
    event = await events.public_event(request.path_params["slug"])
    if request.method == "POST":
        email = str((await web.form(request)).get("email") or "")
        await _check_rate_limit(request)
        await registration.request_manage_links(event, email=email)
        return web.render(request, "registration/lost_link_sent.html", {"event": event})
    context = {"event": event, "email": "", "error": None, "errors": {}}
    return web.render(request, "registration/lost_link.html", context)


async def offer(request: Request) -> Response:
    event = await events.public_event(request.path_params["slug"])
    entry_id = registration.entry_from_offer_token(
        request.path_params["token"], secret_key=_settings(request).secret_key
    )
    entry = await registration.get_entry(entry_id, event_id=event.id)
    if request.method == "POST":
        answer = (await web.form(request)).get("answer")
        actor = Actor("attendee", None, f"waitlist:{entry.id}")
        if answer == "accept":
            await registration.accept_offer(entry, actor=actor)
            web.flash(request, _("U hebt de plek. Tot dan!"))
        else:
            await registration.decline_offer(entry, actor=actor)
            web.flash(
                request, _("U hebt de plek geweigerd. Die gaat naar de volgende op de wachtlijst.")
            )
    details = await queries.offer_details(await registration.get_entry(entry_id))
    return web.render(request, "registration/offer.html", {"event": event, "offer": details})


routes = [
    Route("/events/{slug}/register", register_page, methods=["GET"], name="registration:register"),
    Route(
        "/events/{slug}/register",
        register_step,
        methods=["POST"],
        name="registration:register_step",
    ),
    Route(
        "/events/{slug}/registration/lost",
        lost_link,
        methods=["GET", "POST"],
        name="registration:lost_link",
    ),
    Route("/events/{slug}/registration/{token}", manage, name="registration:manage"),
    Route(
        "/events/{slug}/registration/{token}/cancel",
        cancel_all,
        methods=["GET", "POST"],
        name="registration:cancel_all",
    ),
    Route(
        "/events/{slug}/registration/{token}/attendees/{attendee_id:id}/edit",
        edit_attendee,
        methods=["GET", "POST"],
        name="registration:edit_attendee",
    ),
    Route(
        "/events/{slug}/registration/{token}/attendees/{attendee_id:id}/sessions",
        change_sessions,
        methods=["GET", "POST"],
        name="registration:change_sessions",
    ),
    Route(
        "/events/{slug}/registration/{token}/attendees/{attendee_id:id}/cancel",
        cancel_attendee,
        methods=["GET", "POST"],
        name="registration:cancel_attendee",
    ),
    Route(
        "/events/{slug}/registration/{token}/attendees/{attendee_id:id}/agenda",
        agenda,
        name="registration:agenda",
    ),
    Route(
        "/events/{slug}/registration/{token}/attendees/{attendee_id:id}/agenda.ics",
        agenda_ics,
        name="registration:agenda_ics",
    ),
    Route(
        "/events/{slug}/waitlist/{token}", offer, methods=["GET", "POST"], name="registration:offer"
    ),
]
