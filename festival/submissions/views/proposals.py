"""A partner's proposals: write and edit one for a call, submit, withdraw or confirm it, and
adjust its public text once accepted."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from festival import web
from festival.accounts.models import PARTNER_ROLES
from festival.errors import DomainError
from festival.i18n import _
from festival.programme.queries import Accessibility, Audience
from festival.submissions import forms
from festival.submissions import services as submissions
from festival.submissions.models import Call, Proposal

partner = web.require_role(*PARTNER_ROLES)  # partner contacts, in any organisation

PROPOSAL_PATH = "/partners/proposals/{proposal_id:id}"
# The proposal's fields an edit form starts from (its answers are added per question).
EDITABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "format",
    "duration_minutes",
    "track_id",
    "audiences",
    "expected_participants",
    "max_participants",
    "room_needs",
    "equipment_needs",
    "accessibility",
    "accessibility_notes",
)


def proposal_id(request: Request) -> int:
    return int(request.path_params["proposal_id"])


def proposal_url(pk: int) -> str:
    return f"/partners/proposals/{pk}"


def _choices() -> dict[str, Any]:
    return {
        "audiences": list(Audience),
        "accessibility_options": list(Accessibility),
        "formats": forms.PROPOSAL_FORMATS,
    }


def _form_page(
    request: Request,
    call: Call,
    values: dict[str, Any],
    error: DomainError | None,
    proposal: Proposal | None = None,
) -> Response:
    return web.render(
        request,
        "submissions/proposal_form.html",
        {
            "call": call,
            "event": call.event,
            "values": values,
            "error": error,
            "proposal": proposal,
            "tracks": call.event.tracks,
            **_choices(),
        },
        status_code=error.status_code if error else 200,
    )


LISTS = ("audiences", "accessibility")  # multi-valued fields, shown again as lists


async def _call_of(request: Request) -> Call:
    """The open call of the path, with the event's tracks."""
    call = await submissions.public_call(request.path_params["event_slug"])
    await call.event.fetch_related("tracks")
    return call


async def _new_again(request: Request, *, values: dict[str, Any], error: DomainError) -> Response:
    await submissions.partner_of(request.state.user)  # the form is for partner contacts only
    return _form_page(request, await _call_of(request), values, error)


@partner
@web.form_handler(_new_again, lists=LISTS, refusals=(DomainError,))
async def new_proposal(request: Request) -> Response:
    organisation = await submissions.partner_of(request.state.user)
    call = await _call_of(request)
    if request.method == "GET":
        return _form_page(request, call, {"audiences": [], "accessibility": []}, None)
    data = forms.proposal_data(await web.form(request), questions=call.questions)
    proposal = await submissions.create_proposal(
        call, data, organisation=organisation, actor=request.state.user
    )
    web.flash(request, _("Het voorstel is opgeslagen als concept. Vergeet niet het in te dienen."))
    return web.redirect(proposal_url(proposal.id))


@partner
async def proposal_detail(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(proposal_id(request), user=request.state.user)
    return web.render(
        request,
        "submissions/proposal.html",
        {
            "proposal": proposal,
            "actions": proposal.allowed_actions(),
            "event": proposal.event,
            "call": proposal.call,
            "can_edit_public": submissions.can_edit_public_text(proposal, proposal.call),
        },
    )


def _saved_values(proposal: Proposal) -> dict[str, Any]:
    """The form values of a saved proposal, answers included."""
    values = {name: getattr(proposal, name) for name in EDITABLE_FIELDS}
    values |= {f"answer_{k}": v for k, v in (proposal.answers or {}).items()}
    return values


async def _proposal_of(request: Request) -> tuple[Proposal, Call]:
    """The partner's own proposal of the path with its call (and the event's tracks)."""
    proposal = await submissions.proposal_for_partner(proposal_id(request), user=request.state.user)
    call = proposal.call
    call.event = proposal.event
    await call.event.fetch_related("tracks")
    return proposal, call


async def _edit_again(request: Request, *, values: dict[str, Any], error: DomainError) -> Response:
    proposal, call = await _proposal_of(request)
    return _form_page(request, call, values, error, proposal)


@partner
@web.form_handler(_edit_again, lists=LISTS, refusals=(DomainError,))
async def edit_proposal(request: Request) -> Response:
    proposal, call = await _proposal_of(request)
    if request.method == "GET":
        return _form_page(request, call, _saved_values(proposal), None, proposal)
    data = forms.proposal_data(await web.form(request), questions=call.questions)
    await submissions.update_proposal(proposal, data, actor=request.state.user)
    web.flash(request, _("De wijzigingen zijn opgeslagen."))
    return web.redirect(proposal_url(proposal.id))


async def _action(request: Request, action: str) -> Response:
    proposal = await submissions.proposal_for_partner(proposal_id(request), user=request.state.user)
    user = request.state.user
    try:
        if action == "submit":
            await submissions.submit_proposal(proposal, actor=user)
            web.flash(request, _("Het voorstel is ingediend. U krijgt een bevestiging per e-mail."))
        elif action == "withdraw":
            await submissions.withdraw_proposal(proposal, actor=user)
            web.flash(request, _("Het voorstel is ingetrokken."))
        else:
            await submissions.confirm_proposal(proposal, actor=user)
            web.flash(request, _("Bedankt! Uw deelname is bevestigd."))
    except DomainError as error:
        web.flash(request, error.message + " " + " ".join(error.fields.values()), "error")
    return web.redirect(proposal_url(proposal.id))


@partner
async def submit(request: Request) -> Response:
    return await _action(request, "submit")


@partner
async def withdraw(request: Request) -> Response:
    return await _action(request, "withdraw")


@partner
async def confirm(request: Request) -> Response:
    return await _action(request, "confirm")


@partner
async def public_text(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(proposal_id(request), user=request.state.user)
    form = await web.form(request)
    await submissions.update_public_text(
        proposal,
        title=str(form.get("title", "")),
        summary=str(form.get("summary", "")),
        actor=request.state.user,
    )
    web.flash(request, _("De openbare tekst is bijgewerkt."))
    return web.redirect(proposal_url(proposal.id))


P = PROPOSAL_PATH
routes: list[BaseRoute] = [
    Route(
        "/partners/calls/{event_slug}/new",
        new_proposal,
        methods=["GET", "POST"],
        name="submissions:new_proposal",
    ),
    Route(P, proposal_detail, name="submissions:proposal"),
    Route(P + "/edit", edit_proposal, methods=["GET", "POST"], name="submissions:edit_proposal"),
    Route(P + "/submit", submit, methods=["POST"], name="submissions:submit"),
    Route(P + "/withdraw", withdraw, methods=["POST"], name="submissions:withdraw"),
    Route(P + "/confirm", confirm, methods=["POST"], name="submissions:confirm"),
    Route(P + "/public", public_text, methods=["POST"], name="submissions:public_text"),
]
