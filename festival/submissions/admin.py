"""Organiser and reviewer pages of the call for proposals: settings, criteria, access codes,
assignments, the review overview, reviews, decisions and decision mails."""

from __future__ import annotations

import functools
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from festival import clock, web
from festival.accounts import services as accounts
from festival.accounts.models import ORGANISER_ROLES, REVIEW_ROLES
from festival.errors import DomainError, ValidationError
from festival.forms import FormReader, as_id
from festival.i18n import _, ngettext
from festival.programme.queries import SessionFormat
from festival.submissions import forms, queries
from festival.submissions import services as submissions
from festival.submissions.models import DECIDABLE_STATES, Decision, ProposalState
from festival.submissions.services.calls import DEFAULT_FORMATS
from festival.submissions.views import attachment_response

organiser = web.require_role(*ORGANISER_ROLES)
reviewer_role = web.require_role(*REVIEW_ROLES)


def _base(request: Request) -> str:
    return f"/admin/events/{request.state.event.slug}/cfp"


def _actor(request: Request) -> Any:
    return accounts.actor_for(request.state.user)


def _pid(request: Request) -> int:
    return int(request.path_params["proposal_id"])


def needs_call(handler: web.Handler) -> web.Handler:
    """Pages of an existing call: before the event has one they lead to its settings, not a 404
    (the menus offer them on every event)."""

    @functools.wraps(handler)
    async def wrapper(request: Request) -> Response:
        if await submissions.call_for_event(request.state.event) is None:
            web.flash(request, _("Maak eerst de oproep voor voorstellen aan."))
            return web.redirect(_base(request))
        return await handler(request)

    return wrapper


def _is_organiser(request: Request) -> bool:
    return request.state.role in ORGANISER_ROLES or request.state.user.is_admin


# ---------------------------------------------------------------- call settings


def _call_values(call: Any, tz: str) -> dict[str, Any]:
    if call is None:
        return {
            "formats": "\n".join(
                f"{f['format']}: {', '.join(map(str, f['durations']))}" for f in DEFAULT_FORMATS
            ),
            "max_proposals_per_partner": 3,
            "closes_time": "23:59:59",
        }

    def local(value: Any, fmt: str) -> str:
        return clock.to_local(value, tz).strftime(fmt) if value else ""

    return {
        "opens_date": local(call.opens_at, "%Y-%m-%d"),
        "opens_time": local(call.opens_at, "%H:%M"),
        "closes_date": local(call.closes_at, "%Y-%m-%d"),
        "closes_time": local(call.closes_at, "%H:%M:%S"),
        "public_edit_until_date": local(call.public_edit_until, "%Y-%m-%d"),
        "guidelines": call.guidelines,
        "max_proposals_per_partner": call.max_proposals_per_partner,
        "blind_review": call.blind_review,
        "formats": "\n".join(
            f"{f['format']}: {', '.join(map(str, f['durations']))}" for f in call.formats
        ),
        "questions": "\n".join(
            q["label"] + (" *" if q.get("required") else "") for q in call.questions
        ),
    }


async def _call_page(
    request: Request, *, values: dict[str, Any] | None = None, error: DomainError | None = None
) -> Response:
    event = request.state.event
    call = await submissions.call_for_event(event)
    return web.render(
        request,
        "submissions/admin/call.html",
        {
            "event": event,
            "call": call,
            "values": values if values is not None else _call_values(call, event.timezone),
            "error": error,
            "criteria": await submissions.criteria_of(call) if call else [],
            "codes": await submissions.access_codes_of(call) if call else [],
        },
        status_code=error.status_code if error else 200,
    )


@organiser
async def call_settings(request: Request) -> Response:
    return await _call_page(request)


@organiser
@web.form_handler(_call_page, refusals=(DomainError,))
async def save_call_settings(request: Request) -> Response:
    event, form = request.state.event, await web.form(request)
    call = forms.call_data(form, tz=event.timezone)
    await submissions.save_call(event, call, actor=_actor(request))
    web.flash(request, _("De oproep is opgeslagen."))
    return web.redirect(_base(request))


@organiser
async def add_criterion(request: Request) -> Response:
    call = await submissions.get_call(request.state.event)
    form = await web.form(request)
    weight = FormReader(form).integer("weight", default=1, between=(1, 10))
    try:
        await submissions.add_criterion(
            call,
            name=str(form.get("name", "")),
            description=str(form.get("description", "")),
            weight=weight,
            actor=_actor(request),
        )
        web.flash(request, _("Het criterium is toegevoegd."))
    except DomainError as error:
        web.flash(request, " ".join([error.message, *error.fields.values()]), "error")
    return web.redirect(_base(request) + "#criteria")


@organiser
async def remove_criterion(request: Request) -> Response:
    call = await submissions.get_call(request.state.event)
    await submissions.remove_criterion(
        call, int(request.path_params["criterion_id"]), actor=_actor(request)
    )
    web.flash(request, _("Het criterium is verwijderd."))
    return web.redirect(_base(request) + "#criteria")


@organiser
async def create_code(request: Request) -> Response:
    event = request.state.event
    call = await submissions.get_call(event)
    form = await web.form(request)
    read = FormReader(form)
    closes_at = forms.closing_moment(read, "closes", event.timezone, required=True)
    try:
        read.errors.raise_if_any()
        assert closes_at is not None
        code = await submissions.create_access_code(
            call, closes_at=closes_at, note=str(form.get("note", "")), actor=_actor(request)
        )
        web.flash(request, _("Nieuwe toegangscode: %(code)s") % {"code": code.code})
    except ValidationError as error:
        web.flash(request, " ".join(error.fields.values()), "error")
    return web.redirect(_base(request) + "#codes")


# ---------------------------------------------------------------- overview, assignments, decisions


@organiser
@needs_call
async def overview(request: Request) -> Response:
    event = request.state.event
    call = await submissions.get_call(event)
    q = request.query_params
    track_text = q.get("track", "")
    rows = await queries.review_overview(
        call,
        blind=False,
        state=q.get("state", ""),
        fmt=q.get("format", ""),
        track_id=as_id(track_text),
    )
    await event.fetch_related("tracks")
    return web.render(
        request,
        "submissions/admin/overview.html",
        {
            "event": event,
            "call": call,
            "rows": rows,
            "progress": await queries.reviewer_progress(call, event),
            "states": list(ProposalState),
            "formats": list(SessionFormat),
            "tracks": list(event.tracks),
            "filters": {
                "state": q.get("state", ""),
                "format": q.get("format", ""),
                "track": track_text,
            },
            "pending_mails": len(
                await submissions.pending_decision_mails(call, event, base_url="")
            ),
        },
    )


@organiser
async def admin_proposal(request: Request) -> Response:
    event = request.state.event
    proposal = await submissions.proposal_in_event(_pid(request), event_id=event.id)
    return web.render(
        request,
        "submissions/admin/proposal.html",
        {
            "event": event,
            "proposal": proposal,
            "progress": submissions.progress_of(proposal),
            "may_decide": proposal.state in DECIDABLE_STATES,
            "reviews": await queries.reviews_of(proposal),
            "reviewers": await submissions.reviewers_for(event),
            "assigned": await queries.assigned_reviewers(proposal.id),
            "criteria": await submissions.criteria_of(proposal.call),
            "past_sessions": await submissions.past_sessions_with_results(
                proposal.organisation_id, blind=False
            ),
            "blind": False,
            "decisions": list(Decision),
        },
    )


@organiser
async def assign(request: Request) -> Response:
    event = request.state.event
    proposal = await submissions.proposal_in_event(_pid(request), event_id=event.id)
    form = await web.form(request)
    try:
        reviewer_id = (forms.ids(form, "reviewer_id") or [0])[0]
        await submissions.assign_reviewer(proposal, reviewer_id, event=event, actor=_actor(request))
        web.flash(request, _("De beoordelaar is gekoppeld."))
    except DomainError as error:
        web.flash(request, error.message, "error")
    return web.redirect(f"{_base(request)}/proposals/{proposal.id}")


@organiser
async def unassign(request: Request) -> Response:
    proposal = await submissions.proposal_in_event(_pid(request), event_id=request.state.event.id)
    form = await web.form(request)
    await submissions.unassign_reviewer(
        proposal, int(str(form.get("reviewer_id", "0")) or 0), actor=_actor(request)
    )
    web.flash(request, _("De koppeling is verwijderd."))
    return web.redirect(f"{_base(request)}/proposals/{proposal.id}")


@organiser
async def auto_assign(request: Request) -> Response:
    event = request.state.event
    call = await submissions.get_call(event)
    per = FormReader(await web.form(request)).integer("per_proposal", default=2, between=(1, 10))
    made = await submissions.auto_assign(call, per_proposal=per, event=event, actor=_actor(request))
    message = ngettext("%(n)s koppeling gemaakt.", "%(n)s koppelingen gemaakt.", made)
    web.flash(request, message % {"n": made})
    return web.redirect(_base(request) + "/proposals")


@organiser
async def decide(request: Request) -> Response:
    proposal = await submissions.proposal_in_event(_pid(request), event_id=request.state.event.id)
    decision = _decision((await web.form(request)).get("decision"))
    await submissions.decide_proposal(proposal, decision, actor=_actor(request))
    web.flash(request, _("Het besluit is vastgelegd. Verstuur de e-mails via 'Besluitmails'."))
    return web.redirect(f"{_base(request)}/proposals/{proposal.id}")


def _decision(value: Any) -> Decision:
    try:
        return Decision(str(value))
    except ValueError as error:
        raise ValidationError(
            "invalid_decision", _("Kies accepteren, afwijzen of aanhouden.")
        ) from error


@organiser
async def bulk_decide(request: Request) -> Response:
    call = await submissions.get_call(request.state.event)
    form = await web.form(request)
    try:
        count = await submissions.decide_proposals(
            call,
            forms.ids(form, "proposal_ids"),
            _decision(form.get("decision")),
            actor=_actor(request),
        )
        web.flash(
            request,
            ngettext(
                "Besluit vastgelegd voor %(n)s voorstel.",
                "Besluit vastgelegd voor %(n)s voorstellen.",
                count,
            )
            % {"n": count},
        )
    except DomainError as error:
        web.flash(request, error.message, "error")
    return web.redirect(_base(request) + "/proposals")


@organiser
@needs_call
async def decision_mails(request: Request) -> Response:
    event = request.state.event
    call = await submissions.get_call(event)
    if request.method == "POST":
        form = await web.form(request)
        templates = {k: str(form.get(k, "")) for k in submissions.default_templates()}
        await submissions.save_mail_templates(call, templates=templates, actor=_actor(request))
        web.flash(request, _("De teksten zijn opgeslagen. Controleer het voorbeeld hieronder."))
        return web.redirect(_base(request) + "/mails")
    defaults = submissions.default_templates()
    return web.render(
        request,
        "submissions/admin/mails.html",
        {
            "event": event,
            "call": call,
            "templates": {k: getattr(call, k) or v for k, v in defaults.items()},
            "mails": await submissions.pending_decision_mails(
                call, event, base_url=request.app.state.settings.base_url
            ),
        },
    )


@organiser
async def send_mails(request: Request) -> Response:
    event = request.state.event
    call = await submissions.get_call(event)
    sent = await submissions.send_decision_mails(
        call, event, base_url=request.app.state.settings.base_url, actor=_actor(request)
    )
    message = ngettext(
        "%(n)s e-mail staat in de outbox en wordt verstuurd.",
        "%(n)s e-mails staan in de outbox en worden verstuurd.",
        sent,
    )
    web.flash(request, message % {"n": sent})
    return web.redirect(_base(request) + "/proposals")


@reviewer_role
async def admin_attachment(request: Request) -> Response:
    proposal = await submissions.proposal_for_reviewer(
        _pid(request),
        event_id=request.state.event.id,
        user=request.state.user,
        may_see_all=_is_organiser(request),
    )
    attachment, path = await submissions.attachment_of(
        proposal,
        int(request.path_params["attachment_id"]),
        media_dir=request.app.state.settings.media_dir,
    )
    return attachment_response(attachment, path)


# ---------------------------------------------------------------- reviewer pages


@reviewer_role
async def my_reviews(request: Request) -> Response:
    event = request.state.event
    call = await submissions.call_for_event(event)  # a reviewer's start page: no 404 before a call
    rows = await queries.assignments_of(request.state.user, call) if call else []
    return web.render(
        request, "submissions/admin/my_reviews.html", {"event": event, "call": call, "rows": rows}
    )


async def _review_of(request: Request) -> tuple[Any, list[Any]]:
    """The proposal this reviewer may see, and its call's criteria."""
    proposal = await submissions.proposal_for_reviewer(
        _pid(request),
        event_id=request.state.event.id,
        user=request.state.user,
        may_see_all=_is_organiser(request),
    )
    return proposal, await submissions.criteria_of(proposal.call)


async def _review_page(
    request: Request, *, values: dict[str, Any] | None = None, error: DomainError | None = None
) -> Response:
    proposal, criteria = await _review_of(request)
    if values is None:
        mine = await submissions.review_by(proposal, request.state.user)
        values = {f"score_{k}": v for k, v in (mine.scores if mine else {}).items()}
        values["comment"] = mine.comment if mine else ""
    return web.render(
        request,
        "submissions/admin/review.html",
        {
            "event": request.state.event,
            "proposal": proposal,
            "criteria": criteria,
            "values": values,
            "error": error,
            "blind": proposal.call.blind_review,
            "scale": range(1, 6),
            "past_sessions": await submissions.past_sessions_with_results(
                proposal.organisation_id, blind=proposal.call.blind_review
            ),
        },
        status_code=error.status_code if error else 200,
    )


@reviewer_role
async def review(request: Request) -> Response:
    return await _review_page(request)


@reviewer_role
@web.form_handler(_review_page, refusals=(DomainError,))
async def save_review(request: Request) -> Response:
    (proposal, criteria), form = await _review_of(request), await web.form(request)
    await submissions.save_review(
        proposal,
        reviewer=request.state.user,
        comment=str(form.get("comment", "")),
        scores=forms.review_scores(form, [c.id for c in criteria]),
    )
    web.flash(request, _("Uw beoordeling is opgeslagen."))
    return web.redirect(_base(request) + "/reviews")


B = "/admin/events/{slug}/cfp"
BP = B + "/proposals/{proposal_id:id}"
routes: list[BaseRoute] = [
    Route(B, call_settings, methods=["GET"], name="submissions:call_settings"),
    Route(B, save_call_settings, methods=["POST"], name="submissions:save_call_settings"),
    Route(B + "/criteria", add_criterion, methods=["POST"], name="submissions:add_criterion"),
    Route(
        B + "/criteria/{criterion_id:id}/remove",
        remove_criterion,
        methods=["POST"],
        name="submissions:remove_criterion",
    ),
    Route(B + "/codes", create_code, methods=["POST"], name="submissions:create_code"),
    Route(B + "/proposals", overview, name="submissions:overview"),
    Route(B + "/assign-auto", auto_assign, methods=["POST"], name="submissions:auto_assign"),
    Route(B + "/decisions", bulk_decide, methods=["POST"], name="submissions:bulk_decide"),
    Route(B + "/mails", decision_mails, methods=["GET", "POST"], name="submissions:decision_mails"),
    Route(B + "/mails/send", send_mails, methods=["POST"], name="submissions:send_mails"),
    Route(BP, admin_proposal, name="submissions:admin_proposal"),
    Route(BP + "/assign", assign, methods=["POST"], name="submissions:assign"),
    Route(BP + "/unassign", unassign, methods=["POST"], name="submissions:unassign"),
    Route(BP + "/decide", decide, methods=["POST"], name="submissions:decide"),
    Route(
        BP + "/attachments/{attachment_id:id}",
        admin_attachment,
        name="submissions:admin_attachment",
    ),
    Route(B + "/reviews", my_reviews, name="submissions:my_reviews"),
    Route(B + "/reviews/{proposal_id:id}", review, methods=["GET"], name="submissions:review"),
    Route(
        B + "/reviews/{proposal_id:id}",
        save_review,
        methods=["POST"],
        name="submissions:save_review",
    ),
]
