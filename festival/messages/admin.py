"""Organiser pages of messages: write to a group, preview it in both languages with the number
of recipients, send it; the history with counts; the day-before reminder setting."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from festival import web
from festival.accounts.models import ORGANISER_ROLES
from festival.accounts.services import actor_for
from festival.errors import DomainError
from festival.events.models import Event
from festival.i18n import _, ngettext
from festival.messages import queries, services
from festival.messages.schemas import MessageIn, ReminderIn

organisers = web.require_role(*ORGANISER_ROLES)


async def _page(
    request: Request,
    *,
    values: Any = None,
    error: DomainError | None = None,
    preview: services.Preview | None = None,
) -> Response:
    event: Event = request.state.event
    context = await queries.messages_page(event.id)
    context |= {
        "event": event,
        "groups": await services.group_choices(event),
        "values": values or {},
        "error": error,
        "errors": error.fields if error else {},
        "preview": preview,
    }
    status = error.status_code if error else 200
    return web.render(request, "messages/admin/messages.html", context, status_code=status)


@organisers
async def messages(request: Request) -> Response:
    return await _page(request)


@organisers
@web.form_handler(_page, refusals=(DomainError,))
async def compose(request: Request) -> Response:
    """Preview the message with its count; with `send=yes` (the preview's button), send it."""
    event: Event = request.state.event
    data = await web.form_input(request, MessageIn)
    if (await web.form(request)).get("send") != "yes":
        base_url = request.app.state.settings.base_url
        shown = await services.preview_message(event, data, base_url=base_url)
        return await _page(request, values=data.model_dump(), preview=shown)
    message = await services.send_message(event, data, actor=actor_for(request.state.user))
    n = message.recipients
    text = ngettext(
        "Het bericht wordt verstuurd naar %(n)s persoon.",
        "Het bericht wordt verstuurd naar %(n)s mensen.",
        n,
    )
    web.flash(request, text % {"n": n})
    return web.redirect(str(request.url_for("messages:admin", slug=event.slug)))


@organisers
@web.form_handler(_page)
async def reminder(request: Request) -> Response:
    event: Event = request.state.event
    data = await web.form_input(request, ReminderIn)
    await services.set_reminder(event, enabled=data.is_on, actor=actor_for(request.state.user))
    web.flash(
        request,
        _("De herinnering de dag ervoor staat aan.")
        if data.is_on
        else _("De herinnering de dag ervoor staat uit."),
    )
    return web.redirect(str(request.url_for("messages:admin", slug=event.slug)))


P = "/admin/events/{slug}/messages"
routes: list[BaseRoute] = [
    Route(P, messages, name="messages:admin"),
    Route(P, compose, methods=["POST"], name="messages:admin_compose"),
    Route(P + "/reminder", reminder, methods=["POST"], name="messages:admin_reminder"),
]
