"""Organiser back office for events: dashboard, event settings and status, venues, rooms,
tracks, and the event's audit log."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from festival import navigation, web
from festival.accounts.models import ORGANISER_ROLES
from festival.accounts.services import actor_for
from festival.errors import DomainError, ValidationError
from festival.events import forms, services
from festival.events.models import Event
from festival.forms import page_number, search_text
from festival.i18n import _, ngettext
from festival.registration import services as retention  # its retention rules, through the face

organisers = web.require_role(*ORGANISER_ROLES)


def _actor(request: Request) -> Any:
    return actor_for(request.state.user)


def _event(request: Request) -> Event:
    event: Event = request.state.event
    return event


def _id(request: Request) -> int:
    try:
        return int(request.path_params["id"])
    except ValueError:
        return 0


def _base(event: Event) -> str:
    return f"/admin/events/{event.slug}"


# ---------------------------------------------------------------- dashboard and events


@web.require_login
async def dashboard(request: Request) -> Response:
    start = await navigation.landing(request.app, request.state.user)
    if start.url != request.app.url_path_for("events:dashboard"):
        return web.redirect(start.url)  # a reviewer, staff member or partner: to their work
    can_create = bool(await services.organisations_for_new_event(request.state.user))
    context = {"rows": start.events, "partner_portal": start.partner_portal}
    return web.render(request, "admin/dashboard.html", {**context, "can_create": can_create})


async def _event_form(
    request: Request,
    values: Mapping[str, str],
    *,
    event: Event | None = None,
    error: ValidationError | None = None,
) -> Response:
    organisations = [] if event else await services.organisations_for_new_event(request.state.user)
    context = {
        "values": values,
        "errors": error.fields if error else {},
        "message": error.message if error else None,
        "timezones": forms.TIMEZONES,
        "organisations": organisations,
        "event": event,
        "retention": await retention.retention_status(event) if event else None,
    }
    return web.render(
        request, "events/admin/event_form.html", context, status_code=422 if error else 200
    )


@organisers
async def new_event(request: Request) -> Response:
    return await _event_form(request, {"timezone": forms.DEFAULT_TIMEZONE, "retention_days": "365"})


@organisers
@web.form_handler(_event_form)
async def create_event(request: Request) -> Response:
    form = await web.form(request)
    organisation_id = forms.organisation_id(form)
    event = await services.create_event(
        forms.event_data(form), organisation_id=organisation_id, user=request.state.user
    )
    web.flash(request, _("Het evenement is aangemaakt als concept."))
    return web.redirect(_base(event))


@organisers
async def overview(request: Request) -> Response:
    data = await services.event_overview(_event(request))
    return web.render(
        request, "events/admin/overview.html", {"event": data.event, "overview": data}
    )


@organisers
async def edit_event(request: Request) -> Response:
    return await _event_form(request, forms.event_values(_event(request)), event=_event(request))


async def _event_form_again(
    request: Request, *, values: Mapping[str, str], error: ValidationError
) -> Response:
    return await _event_form(request, values, event=_event(request), error=error)


@organisers
@web.form_handler(_event_form_again)
async def update_event(request: Request) -> Response:
    form = await web.form(request)
    event = await services.update_event(
        _event(request), forms.event_data(form), actor=_actor(request)
    )
    web.flash(request, _("De wijzigingen zijn opgeslagen."))
    return web.redirect(_base(event))


def _status_action(
    change: Callable[..., Awaitable[Event]], message: str
) -> Callable[[Request], Awaitable[Response]]:
    @organisers
    async def handler(request: Request) -> Response:
        try:
            await change(_event(request), actor=_actor(request))
            web.flash(request, _(message))
        except DomainError as error:
            web.flash(request, error.message, "error")
        return web.redirect(_base(_event(request)))

    handler.__name__ = change.__name__
    return handler


publish = _status_action(services.publish_event, "Het evenement is gepubliceerd.")
unpublish = _status_action(services.unpublish_event, "Het evenement is weer een concept.")
archive = _status_action(services.archive_event, "Het evenement is gearchiveerd.")
# Listed so the translation check sees the messages passed above.
_MESSAGES = (
    _("Het evenement is gepubliceerd."),
    _("Het evenement is weer een concept."),
    _("Het evenement is gearchiveerd."),
)


@organisers
async def anonymise_confirm(request: Request) -> Response:
    status = await retention.retention_status(_event(request))
    return web.render(
        request, "events/admin/anonymise.html", {"event": _event(request), "retention": status}
    )


@organisers
async def anonymise(request: Request) -> Response:
    event = _event(request)
    try:
        done = await retention.anonymise_event(
            event, actor=_actor(request), outbox_dir=request.app.state.settings.outbox_dir
        )
        message = ngettext(
            "De gegevens van %(n)s deelnemer zijn anoniem gemaakt.",
            "De gegevens van %(n)s deelnemers zijn anoniem gemaakt.",
            done.attendees,
        ) % {"n": done.attendees}
        web.flash(request, message)
    except DomainError as error:
        web.flash(request, error.message, "error")
    return web.redirect(f"{_base(event)}/edit")


# ---------------------------------------------------------------- venues, rooms, tracks


class _Kind:
    """One kind of event part (venue, room, track): its services, form parser and pages."""

    def __init__(
        self,
        name: str,
        parse: Callable[[Mapping[str, Any]], Any],
        values: Callable[[Any], dict[str, str]],
        listing: Callable[[Event], Awaitable[list[Any]]],
        get: Callable[[Event, int], Awaitable[Any]],
        create: Callable[..., Awaitable[Any]],
        update: Callable[..., Awaitable[Any]],
        delete: Callable[..., Awaitable[None]],
        saved: str,
        deleted: str,
    ) -> None:
        self.name, self.parse, self.values, self.listing, self.get = (
            name,
            parse,
            values,
            listing,
            get,
        )
        self.create, self.update, self.delete, self.saved, self.deleted = (
            create,
            update,
            delete,
            saved,
            deleted,
        )

    def url(self, event: Event) -> str:
        return f"{_base(event)}/{self.name}s"

    async def page(
        self,
        request: Request,
        *,
        values: Mapping[str, str] | None = None,
        error: ValidationError | None = None,
        item: Any = None,
    ) -> Response:
        event = _event(request)
        context = {
            "event": event,
            "items": await self.listing(event),
            "item": item,
            "venues": await services.venues_for_event(event),
            "facility_labels": services.FACILITY_LABELS,
            "values": values or {},
            "errors": error.fields if error else {},
            "message": error.message if error else None,
        }
        template = (
            f"events/admin/{self.name}_edit.html" if item else f"events/admin/{self.name}s.html"
        )
        return web.render(request, template, context, status_code=422 if error else 200)


KINDS = {
    "venue": _Kind(
        "venue",
        forms.venue_data,
        forms.venue_values,
        services.venues_for_event,
        services.venue_of,
        services.create_venue,
        services.update_venue,
        services.delete_venue,
        _("De locatie is opgeslagen."),
        _("De locatie is verwijderd."),
    ),
    "room": _Kind(
        "room",
        forms.room_data,
        forms.room_values,
        services.rooms_for_event,
        services.room_of,
        services.create_room,
        services.update_room,
        services.delete_room,
        _("De zaal is opgeslagen."),
        _("De zaal is verwijderd."),
    ),
    "track": _Kind(
        "track",
        forms.track_data,
        forms.track_values,
        services.tracks_for_event,
        services.track_of,
        services.create_track,
        services.update_track,
        services.delete_track,
        _("Het thema is opgeslagen."),
        _("Het thema is verwijderd."),
    ),
}


def _part_routes(kind: _Kind) -> list[Route]:
    @organisers
    async def listing(request: Request) -> Response:
        return await kind.page(request)

    @organisers
    @web.form_handler(kind.page)
    async def create(request: Request) -> Response:
        await kind.create(
            _event(request), kind.parse(await web.form(request)), actor=_actor(request)
        )
        web.flash(request, _(kind.saved))
        return web.redirect(kind.url(_event(request)))

    @organisers
    async def edit(request: Request) -> Response:
        item = await kind.get(_event(request), _id(request))
        return await kind.page(request, values=kind.values(item), item=item)

    async def again(
        request: Request, *, values: dict[str, str], error: ValidationError
    ) -> Response:
        item = await kind.get(_event(request), _id(request))
        return await kind.page(request, values=values, error=error, item=item)

    @organisers
    @web.form_handler(again)
    async def update(request: Request) -> Response:
        item = await kind.get(_event(request), _id(request))
        await kind.update(item, kind.parse(await web.form(request)), actor=_actor(request))
        web.flash(request, _(kind.saved))
        return web.redirect(kind.url(_event(request)))

    @organisers
    async def delete(request: Request) -> Response:
        item = await kind.get(_event(request), _id(request))
        try:
            await kind.delete(item, actor=_actor(request))
            web.flash(request, _(kind.deleted))
        except DomainError as error:
            web.flash(request, error.message, "error")
        return web.redirect(kind.url(_event(request)))

    path, n = "/admin/events/{slug}/" + kind.name + "s", kind.name
    return [
        Route(path, listing, methods=["GET"], name=f"events:{n}s"),
        Route(path, create, methods=["POST"], name=f"events:create_{n}"),
        Route(path + "/{id}", edit, methods=["GET"], name=f"events:edit_{n}"),
        Route(path + "/{id}", update, methods=["POST"], name=f"events:update_{n}"),
        Route(path + "/{id}/delete", delete, methods=["POST"], name=f"events:delete_{n}"),
    ]


# ---------------------------------------------------------------- audit log


@organisers
async def audit_log(request: Request) -> Response:
    page = page_number(request.query_params.get("page"))
    data = await services.audit_page(
        _event(request), action_prefix=search_text(request.query_params.get("action")), page=page
    )
    return web.render(request, "events/admin/audit.html", {"event": _event(request), "audit": data})


routes = [
    Route("/admin", dashboard, methods=["GET"], name="events:dashboard"),
    Route("/admin/events/new", new_event, methods=["GET"], name="events:new"),
    Route("/admin/events/new", create_event, methods=["POST"], name="events:create"),
    Route("/admin/events/{slug}", overview, methods=["GET"], name="events:overview"),
    Route("/admin/events/{slug}/edit", edit_event, methods=["GET"], name="events:edit"),
    Route("/admin/events/{slug}/edit", update_event, methods=["POST"], name="events:update"),
    Route("/admin/events/{slug}/publish", publish, methods=["POST"], name="events:publish"),
    Route("/admin/events/{slug}/unpublish", unpublish, methods=["POST"], name="events:unpublish"),
    Route("/admin/events/{slug}/archive", archive, methods=["POST"], name="events:archive"),
    Route("/admin/events/{slug}/audit", audit_log, methods=["GET"], name="events:audit"),
    Route(
        "/admin/events/{slug}/anonymise",
        anonymise_confirm,
        methods=["GET"],
        name="events:anonymise_confirm",
    ),
    Route("/admin/events/{slug}/anonymise", anonymise, methods=["POST"], name="events:anonymise"),
    *_part_routes(KINDS["venue"]),
    *_part_routes(KINDS["room"]),
    *_part_routes(KINDS["track"]),
]
