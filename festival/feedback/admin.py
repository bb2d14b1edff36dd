"""Organiser pages of the feedback area: the event's survey settings (timing, closing date,
partner deadline, anonymous sessions, room posters) and the questions of both surveys."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from festival import schemas, web
from festival.accounts.models import ORGANISER_ROLES
from festival.accounts.services import actor_for
from festival.errors import DomainError, NotFound
from festival.feedback import services as feedback
from festival.feedback.models import InviteTiming, QuestionType, SurveyKind
from festival.feedback.schemas import FORMATS, QuestionIn, SettingsIn, settings_data
from festival.i18n import _
from festival.programme.queries import format_label

organiser = web.require_role(*ORGANISER_ROLES)
PAGE = "feedback/admin/settings.html"


def _admin_url(request: Request) -> str:
    return request.url_for("feedback:admin", slug=request.state.event.slug).path


async def _context(request: Request, **extra: Any) -> dict[str, Any]:
    event = request.state.event
    return {
        "event": event,
        "overview": await feedback.overview(event),
        "timings": list(InviteTiming),
        "types": list(QuestionType),
        "formats": [(f, format_label(f)) for f in FORMATS],
        "error": None,
        "errors": {},
        "values": {},
        "question_values": {},
        "question_error": None,
        "question_kind": "",
        **extra,
    }


@organiser
async def settings_page(request: Request) -> Response:
    return web.render(request, PAGE, await _context(request))


@organiser
async def save_settings(request: Request) -> Response:
    sent = await web.form(request)
    try:
        data = schemas.parse(SettingsIn, settings_data(sent))
        await feedback.save_settings(request.state.event, data, actor=actor_for(request.state.user))
    except DomainError as error:
        context = await _context(request, error=error, errors=error.fields, values=dict(sent))
        return web.render(request, PAGE, context, status_code=error.status_code)
    web.flash(request, _("De instellingen zijn opgeslagen."))
    return web.redirect(_admin_url(request))


@organiser
async def add_question(request: Request) -> Response:
    kind = request.path_params["kind"]
    if kind not in (SurveyKind.SESSION, SurveyKind.EVENT):
        raise NotFound("survey_not_found", _("Deze vragenlijst bestaat niet."))
    event = request.state.event
    sent = await web.form(request)
    try:
        data = schemas.parse(QuestionIn, sent)
        survey = await feedback.survey_for(event.id, SurveyKind(kind))
        await feedback.add_question(
            survey, values=data.values(), actor=actor_for(request.state.user), event_id=event.id
        )
    except DomainError as error:
        extra = {"question_error": error, "question_values": dict(sent), "question_kind": kind}
        context = await _context(request, **extra)
        return web.render(request, PAGE, context, status_code=error.status_code)
    web.flash(request, _("De vraag is toegevoegd."))
    return web.redirect(_admin_url(request))


async def _question_context(request: Request, **extra: Any) -> dict[str, Any]:
    event = request.state.event
    question = await feedback.get_question(event, request.path_params["question_id"])
    return {
        "event": event,
        "question": question,
        "types": list(QuestionType),
        "formats": [(f, format_label(f)) for f in FORMATS],
        "values": extra.pop("values", None) or feedback.question_values(question),
        "error": None,
        "errors": {},
        **extra,
    }


@organiser
async def question_page(request: Request) -> Response:
    context = await _question_context(request)
    return web.render(request, "feedback/admin/question.html", context)


@organiser
async def update_question(request: Request) -> Response:
    context = await _question_context(request)
    sent = await web.form(request)
    try:
        data = schemas.parse(QuestionIn, sent)
        await feedback.update_question(
            context["question"],
            values=data.values(),
            actor=actor_for(request.state.user),
            event_id=request.state.event.id,
        )
    except DomainError as error:
        context.update(error=error, errors=error.fields, values=dict(sent))
        return web.render(
            request, "feedback/admin/question.html", context, status_code=error.status_code
        )
    web.flash(request, _("De vraag is opgeslagen."))
    return web.redirect(_admin_url(request))


@organiser
async def move_question(request: Request) -> Response:
    event = request.state.event
    question = await feedback.get_question(event, request.path_params["question_id"])
    up = (await web.form(request)).get("direction") != "down"
    await feedback.move_question(
        question, up=up, actor=actor_for(request.state.user), event_id=event.id
    )
    return web.redirect(_admin_url(request) + f"#q{question.id}")


@organiser
async def delete_question(request: Request) -> Response:
    event = request.state.event
    question = await feedback.get_question(event, request.path_params["question_id"])
    await feedback.delete_question(question, actor=actor_for(request.state.user), event_id=event.id)
    web.flash(request, _("De vraag is verwijderd."))
    return web.redirect(_admin_url(request))


routes: list[BaseRoute] = [
    Route("/admin/events/{slug}/feedback", settings_page, name="feedback:admin"),
    Route(
        "/admin/events/{slug}/feedback/settings",
        save_settings,
        methods=["POST"],
        name="feedback:save_settings",
    ),
    Route(
        "/admin/events/{slug}/feedback/{kind}/questions",
        add_question,
        methods=["POST"],
        name="feedback:add_question",
    ),
    Route(
        "/admin/events/{slug}/feedback/questions/{question_id:id}",
        question_page,
        name="feedback:question",
    ),
    Route(
        "/admin/events/{slug}/feedback/questions/{question_id:id}",
        update_question,
        methods=["POST"],
        name="feedback:update_question",
    ),
    Route(
        "/admin/events/{slug}/feedback/questions/{question_id:id}/move",
        move_question,
        methods=["POST"],
        name="feedback:move_question",
    ),
    Route(
        "/admin/events/{slug}/feedback/questions/{question_id:id}/delete",
        delete_question,
        methods=["POST"],
        name="feedback:delete_question",
    ),
]
