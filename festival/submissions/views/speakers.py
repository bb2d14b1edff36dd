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
from festival.audit import Actor
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


async def _partner_speaker(request: Request) -> tuple[Any, str]:
    """The speaker of the partner's own proposal in the path, and where to go when saved."""
    proposal = await submissions.proposal_for_partner(proposal_id(request), user=request.state.user)
    speaker = await submissions.speaker_of(proposal, int(request.path_params["speaker_id"]))
    return speaker, proposal_url(proposal.id) + "#speakers"


async def _token_speaker(request: Request) -> Any:
    return await submissions.speaker_for_token(
        request.path_params["token"], secret_key=request.app.state.settings.secret_key
    )


def _speaker_page(
    request: Request, speaker: Any, values: dict[str, Any] | None, error: DomainError | None
) -> Response:
    if values is None:
        values = {k: getattr(speaker, k) for k in ("name", "organisation", "role", "bio", "bio_en")}
    return web.render(
        request,
        "submissions/speaker_form.html",
        {"speaker": speaker, "values": values, "error": error},
        status_code=error.status_code if error else 200,
    )


async def _edit_speaker_again(
    request: Request, *, values: dict[str, Any], error: DomainError
) -> Response:
    speaker, _done_url = await _partner_speaker(request)
    return _speaker_page(request, speaker, values, error)


async def _profile_again(
    request: Request, *, values: dict[str, Any], error: DomainError
) -> Response:
    return _speaker_page(request, await _token_speaker(request), values, error)


@partner
@web.form_handler(_edit_speaker_again, refusals=(DomainError,))
async def edit_speaker(request: Request) -> Response:
    speaker, done_url = await _partner_speaker(request)
    actor = accounts.actor_for(request.state.user)
    return await _save_speaker(request, speaker, actor, done_url=done_url)


@web.form_handler(_profile_again, refusals=(DomainError,))
async def speaker_profile(request: Request) -> Response:
    speaker = await _token_speaker(request)
    actor = Actor("partner", None, speaker.email)
    return await _save_speaker(request, speaker, actor, done_url=request.url.path)


async def _save_speaker(request: Request, speaker: Any, actor: Any, *, done_url: str) -> Response:
    """The form on GET; on POST the profile saved (a refusal raises: the form again)."""
    if request.method != "POST":
        return _speaker_page(request, speaker, None, None)
    data = forms.speaker_profile_data(await web.form(request))
    await submissions.update_speaker(speaker, data, actor=actor)
    web.flash(request, _("Het sprekersprofiel is opgeslagen."))
    return web.redirect(done_url)


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
