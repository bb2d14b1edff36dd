"""Speakers of a proposal: the partner invites, edits and removes them; a speaker fills in
their own profile through a signed link."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from festival import web
from festival.accounts import services as accounts
from festival.accounts.models import PARTNER_ROLES
from festival.errors import DomainError
from festival.i18n import _
from festival.submissions import forms
from festival.submissions import services as submissions
from festival.submissions.views.proposals import PROPOSAL_PATH as P
from festival.submissions.views.proposals import proposal_id, proposal_url

partner = web.require_role(*PARTNER_ROLES)  # partner contacts, in any organisation


@partner
async def invite_speaker(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(proposal_id(request), user=request.state.user)
    form = await web.form(request)
    settings = request.app.state.settings
    try:
        email = forms.email_field(form)
        await submissions.invite_speaker(
            proposal,
            email=email,
            name=str(form.get("name", "")),
            actor=request.state.user,
            secret_key=settings.secret_key,
            base_url=settings.base_url,
        )
        web.flash(request, _("De spreker krijgt een e-mail om het profiel in te vullen."))
    except DomainError as error:
        web.flash(request, error.message, "error")
    return web.redirect(proposal_url(proposal.id) + "#speakers")


@partner
async def remove_speaker(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(proposal_id(request), user=request.state.user)
    await submissions.remove_speaker(
        proposal, int(request.path_params["speaker_id"]), actor=request.state.user
    )
    web.flash(request, _("De spreker is verwijderd."))
    return web.redirect(proposal_url(proposal.id) + "#speakers")


@partner
async def edit_speaker(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(proposal_id(request), user=request.state.user)
    speaker = await submissions.speaker_of(proposal, int(request.path_params["speaker_id"]))
    return await _speaker_form(
        request,
        speaker,
        accounts.actor_for(request.state.user),
        done_url=proposal_url(proposal.id) + "#speakers",
    )


async def speaker_profile(request: Request) -> Response:
    speaker = await submissions.speaker_for_token(
        request.path_params["token"], secret_key=request.app.state.settings.secret_key
    )
    from festival.audit import Actor

    return await _speaker_form(
        request, speaker, Actor("partner", None, speaker.email), done_url=request.url.path
    )


async def _speaker_form(request: Request, speaker: Any, actor: Any, *, done_url: str) -> Response:
    values: dict[str, Any] = {
        k: getattr(speaker, k) for k in ("name", "organisation", "role", "bio", "bio_en")
    }
    error = None
    if request.method == "POST":
        values = dict(await web.form(request))
        try:
            await submissions.update_speaker(
                speaker, forms.speaker_profile_data(values), actor=actor
            )
            web.flash(request, _("Het sprekersprofiel is opgeslagen."))
            return web.redirect(done_url)
        except DomainError as err:
            error = err
    return web.render(
        request,
        "submissions/speaker_form.html",
        {"speaker": speaker, "values": values, "error": error},
        status_code=error.status_code if error else 200,
    )


routes: list[BaseRoute] = [
    Route(P + "/speakers", invite_speaker, methods=["POST"], name="submissions:invite_speaker"),
    Route(
        P + "/speakers/{speaker_id:id}",
        edit_speaker,
        methods=["GET", "POST"],
        name="submissions:edit_speaker",
    ),
    Route(
        P + "/speakers/{speaker_id:id}/remove",
        remove_speaker,
        methods=["POST"],
        name="submissions:remove_speaker",
    ),
    Route(
        "/speakers/profile/{token}",
        speaker_profile,
        methods=["GET", "POST"],
        name="submissions:speaker_profile",
    ),
]
