"""Answering surveys: the personal answer link from the mail, the room poster and its form
(ticket code or, where allowed, anonymous), unsubscribing; and a partner's own questions
about its session in the partner portal."""

from __future__ import annotations

import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from festival import schemas, web
from festival.accounts.models import PARTNER_ROLES
from festival.accounts.services import actor_for
from festival.errors import DomainError
from festival.events import services as events
from festival.feedback import services as feedback
from festival.feedback.models import ResponseChannel, SurveyKind
from festival.feedback.schemas import AnswersIn, PartnerQuestionIn, answers_data
from festival.i18n import _
from festival.submissions import services as submissions

FORM = "feedback/answer.html"


def _secret(request: Request) -> str:
    return str(request.app.state.settings.secret_key)


async def _link_target(request: Request) -> feedback.Target:
    event = await events.public_event(request.path_params["slug"])
    link = feedback.read_answer_token(request.path_params["token"], secret_key=_secret(request))
    return await feedback.target_for_link(event, link, channel=ResponseChannel.LINK)


def _form_page(
    request: Request,
    form: feedback.AnswerForm,
    *,
    values: dict[str, Any] | None = None,
    error: DomainError | None = None,
    poster: bool = False,
) -> Response:
    context = {
        "event": form.target.event,
        "form": form,
        "values": values if values is not None else feedback.answer_values(form),
        "error": error,
        "errors": error.fields if error else {},
        "poster": poster,
        "anonymous": poster and request.state.anonymous_allowed,
    }
    return web.render(request, FORM, context, status_code=error.status_code if error else 200)


def _sent(form: Any) -> dict[str, Any]:
    return {key: form.getlist(key) for key in form.keys()}


async def answer(request: Request) -> Response:
    target = await _link_target(request)
    return _form_page(request, await feedback.answer_form(target, secret_key=_secret(request)))


async def submit(request: Request) -> Response:
    target = await _link_target(request)
    sent = await web.form(request)
    try:
        data = schemas.parse(AnswersIn, answers_data(sent))
        await feedback.submit_response(target, data, secret_key=_secret(request))
    except DomainError as error:
        form = await feedback.answer_form(target, secret_key=_secret(request))
        return _form_page(request, form, values=_sent(sent), error=error)
    web.flash(
        request, _("Dank u wel! Uw antwoorden zijn opgeslagen. U kunt ze hier nog aanpassen.")
    )
    return web.redirect(request.url.path)


# ---------------------------------------------------------------- room poster


async def poster(request: Request) -> Response:
    event = await events.public_event(request.path_params["slug"])
    base_url = request.app.state.settings.base_url
    found = await feedback.poster(event, request.path_params["code"], base_url=base_url)
    return web.render(request, "feedback/poster.html", {"event": event, **found})


async def _poster_form(request: Request) -> feedback.AnswerForm:
    event = await events.public_event(request.path_params["slug"])
    session = await feedback.session_by_code(event, request.path_params["code"])
    survey = await feedback.survey_for(event.id, SurveyKind.SESSION)
    target = feedback.Target(event, survey, session, None, ResponseChannel.POSTER)
    request.state.anonymous_allowed = await feedback.allows_anonymous(event, session.id)
    return await feedback.answer_form(target, secret_key=_secret(request), show_earlier=False)


def _device(request: Request) -> str:
    # The signed session cookie carries a random id for this device (the anonymous limit).
    if "feedback_device" not in request.session:
        request.session["feedback_device"] = secrets.token_urlsafe(12)
    return str(request.session["feedback_device"])


async def poster_form(request: Request) -> Response:
    _device(request)
    return _form_page(request, await _poster_form(request), poster=True)


async def submit_poster(request: Request) -> Response:
    form = await _poster_form(request)
    sent = await web.form(request)
    settings = request.app.state.settings
    try:
        data = schemas.parse(AnswersIn, answers_data(sent))
        await feedback.submit_poster_answer(
            form.target.event,
            form.target.session,  # type: ignore[arg-type]
            data,
            secret_key=settings.secret_key,
            device=_device(request),
            address=web.client_ip(request, settings.trusted_proxies),
        )
    except DomainError as error:
        return _form_page(request, form, values=_sent(sent), error=error, poster=True)
    return web.render(request, "feedback/thanks.html", {"event": form.target.event})


# ---------------------------------------------------------------- unsubscribe


async def unsubscribe(request: Request) -> Response:
    event = await events.public_event(request.path_params["slug"])
    attendee_id = feedback.read_unsubscribe_token(
        request.path_params["token"], secret_key=_secret(request)
    )
    if request.method == "POST":
        await feedback.unsubscribe(event, attendee_id)
    done = await feedback.is_unsubscribed(attendee_id)
    return web.render(request, "feedback/unsubscribe.html", {"event": event, "done": done})


# ---------------------------------------------------------------- partner questions

partner = web.require_role(*PARTNER_ROLES)


async def _partner_context(request: Request, **extra: Any) -> dict[str, Any]:
    proposal = await submissions.proposal_for_partner(
        request.path_params["proposal_id"], user=request.state.user
    )
    return await feedback.partner_page(proposal, **extra)


@partner
async def partner_questions(request: Request) -> Response:
    context = await _partner_context(request)
    return web.render(request, "feedback/partner_questions.html", context)


@partner
async def add_partner_question(request: Request) -> Response:
    context = await _partner_context(request)
    sent = await web.form(request)
    try:
        data = schemas.parse(PartnerQuestionIn, sent)
        await feedback.add_partner_question(
            context["event"],
            context["session"].id,
            organisation_id=context["proposal"].organisation_id,
            values=data.values(),
            actor=actor_for(request.state.user),
        )
    except DomainError as error:
        context.update(error=error, errors=error.fields, values=dict(sent))
        return web.render(
            request, "feedback/partner_questions.html", context, status_code=error.status_code
        )
    web.flash(request, _("Uw vraag is toegevoegd."))
    return web.redirect(request.url.path)


@partner
async def delete_partner_question(request: Request) -> Response:
    context = await _partner_context(request)
    await feedback.delete_partner_question(
        context["event"],
        context["session"].id,
        request.path_params["question_id"],
        actor=actor_for(request.state.user),
    )
    web.flash(request, _("De vraag is verwijderd."))
    return web.redirect(
        request.url_for("feedback:partner_questions", proposal_id=context["proposal"].id).path
    )


routes: list[BaseRoute] = [
    Route("/events/{slug}/feedback/a/{token}", answer, name="feedback:answer"),
    Route("/events/{slug}/feedback/a/{token}", submit, methods=["POST"], name="feedback:submit"),
    Route("/events/{slug}/feedback/s/{code}", poster, name="feedback:poster"),
    Route("/events/{slug}/feedback/s/{code}/form", poster_form, name="feedback:poster_form"),
    Route(
        "/events/{slug}/feedback/s/{code}/form",
        submit_poster,
        methods=["POST"],
        name="feedback:submit_poster",
    ),
    Route(
        "/events/{slug}/feedback/unsubscribe/{token}",
        unsubscribe,
        methods=["GET", "POST"],
        name="feedback:unsubscribe",
    ),
    Route(
        "/partners/proposals/{proposal_id:id}/feedback",
        partner_questions,
        name="feedback:partner_questions",
    ),
    Route(
        "/partners/proposals/{proposal_id:id}/feedback",
        add_partner_question,
        methods=["POST"],
        name="feedback:add_partner_question",
    ),
    Route(
        "/partners/proposals/{proposal_id:id}/feedback/{question_id:id}/delete",
        delete_partner_question,
        methods=["POST"],
        name="feedback:delete_partner_question",
    ),
]
