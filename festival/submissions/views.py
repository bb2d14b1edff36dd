"""Partner portal: sign-up and verification, contacts, proposals with speakers and attachments,
and the speaker's own profile page (by signed link)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from festival import web
from festival.accounts import services as accounts
from festival.accounts import views as accounts_views
from festival.accounts.models import OrganisationKind
from festival.errors import DomainError
from festival.i18n import _
from festival.programme.models import Accessibility, Audience
from festival.submissions import forms, queries
from festival.submissions import services as submissions
from festival.submissions.models import Call, Proposal


def _settings(request: Request) -> Any:
    return request.app.state.settings


def _pid(request: Request) -> int:
    return int(request.path_params["proposal_id"])


def _proposal_url(proposal_id: int) -> str:
    return f"/partners/proposals/{proposal_id}"


def _choices() -> dict[str, Any]:
    return {
        "audiences": list(Audience),
        "accessibility_options": list(Accessibility),
        "formats": forms.PROPOSAL_FORMATS,
    }


# ---------------------------------------------------------------- sign-up


async def signup(request: Request) -> Response:
    values: dict[str, Any] = {}
    if request.method == "POST":
        values = dict(await web.form(request))
        try:
            data = forms.signup_data(values)
            settings = _settings(request)
            _org, user = await submissions.signup_partner(
                data, secret_key=settings.secret_key, base_url=settings.base_url
            )
        except DomainError as error:
            return web.render(
                request,
                "submissions/signup.html",
                {"values": values, "error": error, "kinds": _kinds()},
                status_code=error.status_code,
            )
        accounts_views.start_session(request, user)
        web.flash(
            request,
            _("Uw organisatie is aangemeld. Bevestig het e-mailadres via de link in de e-mail."),
        )
        return web.redirect("/partners")
    return web.render(
        request, "submissions/signup.html", {"values": values, "error": None, "kinds": _kinds()}
    )


def _kinds() -> list[OrganisationKind]:
    return [k for k in OrganisationKind if k != OrganisationKind.ORGANISER]


async def verify(request: Request) -> Response:
    organisation = await submissions.verify_partner(
        request.path_params["token"], secret_key=_settings(request).secret_key
    )
    return web.render(request, "submissions/verified.html", {"organisation": organisation})


# ---------------------------------------------------------------- portal


@web.require_login
async def portal(request: Request) -> Response:
    organisation = await submissions.partner_of(request.state.user)
    return web.render(
        request,
        "submissions/portal.html",
        {
            "organisation": organisation,
            "profile": await submissions.profile_of(organisation),
            "proposals": await queries.partner_proposals(organisation),
            "calls": await submissions.visible_calls(),
        },
    )


@web.require_login
async def contacts(request: Request) -> Response:
    organisation = await submissions.partner_of(request.state.user)
    error, values = None, {}
    if request.method == "POST":
        values = dict(await web.form(request))
        settings = _settings(request)
        try:
            email = forms.email_field(values)
            await submissions.invite_contact(
                organisation,
                email,
                name=str(values.get("name", "")),
                actor=request.state.user,
                secret_key=settings.secret_key,
                base_url=settings.base_url,
            )
            web.flash(request, _("De collega is uitgenodigd."))
            return web.redirect("/partners/contacts")
        except DomainError as err:
            error = err
    return web.render(
        request,
        "submissions/contacts.html",
        {
            "organisation": organisation,
            "contacts": await submissions.contacts_of(organisation),
            "error": error,
            "values": values,
        },
        status_code=error.status_code if error else 200,
    )


@web.require_login
async def call_page(request: Request) -> Response:
    organisation = await submissions.partner_of(request.state.user)
    call = await submissions.public_call(request.path_params["event_slug"])
    return web.render(
        request,
        "submissions/call.html",
        {
            "call": call,
            "event": call.event,
            "window": await submissions.window_for(call, organisation.id),
        },
    )


@web.require_login
async def redeem_code(request: Request) -> Response:
    organisation = await submissions.partner_of(request.state.user)
    call = await submissions.public_call(request.path_params["event_slug"])
    code = str((await web.form(request)).get("code", ""))
    await submissions.redeem_access_code(
        call, organisation, code, actor=accounts.actor_for(request.state.user)
    )
    web.flash(request, _("De toegangscode is toegepast."))
    return web.redirect(f"/partners/calls/{call.event.slug}")


# ---------------------------------------------------------------- proposals


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


def _values_of(form: Any) -> dict[str, Any]:
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    values["audiences"] = form.getlist("audiences")
    values["accessibility"] = form.getlist("accessibility")
    return values


@web.require_login
async def new_proposal(request: Request) -> Response:
    organisation = await submissions.partner_of(request.state.user)
    call = await submissions.public_call(request.path_params["event_slug"])
    await call.event.fetch_related("tracks")
    if request.method == "GET":
        return _form_page(request, call, {"audiences": [], "accessibility": []}, None)
    values = _values_of(await web.form(request))
    try:
        data = forms.proposal_data(values, questions=call.questions)
        proposal = await submissions.create_proposal(
            call, data, organisation=organisation, actor=request.state.user
        )
    except DomainError as error:
        return _form_page(request, call, values, error)
    web.flash(request, _("Het voorstel is opgeslagen als concept. Vergeet niet het in te dienen."))
    return web.redirect(_proposal_url(proposal.id))


@web.require_login
async def proposal_detail(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(_pid(request), user=request.state.user)
    return web.render(
        request,
        "submissions/proposal.html",
        {
            "proposal": proposal,
            "event": proposal.event,
            "call": proposal.call,
            "can_edit_public": submissions.can_edit_public_text(proposal, proposal.call),
        },
    )


@web.require_login
async def edit_proposal(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(_pid(request), user=request.state.user)
    call = proposal.call
    call.event = proposal.event
    await call.event.fetch_related("tracks")
    if request.method == "GET":
        values = {
            name: getattr(proposal, name)
            for name in (
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
        }
        values |= {f"answer_{k}": v for k, v in (proposal.answers or {}).items()}
        return _form_page(request, call, values, None, proposal)
    values = _values_of(await web.form(request))
    try:
        data = forms.proposal_data(values, questions=call.questions)
        await submissions.update_proposal(proposal, data, actor=request.state.user)
    except DomainError as error:
        return _form_page(request, call, values, error, proposal)
    web.flash(request, _("De wijzigingen zijn opgeslagen."))
    return web.redirect(_proposal_url(proposal.id))


async def _action(request: Request, action: str) -> Response:
    proposal = await submissions.proposal_for_partner(_pid(request), user=request.state.user)
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
    return web.redirect(_proposal_url(proposal.id))


@web.require_login
async def submit(request: Request) -> Response:
    return await _action(request, "submit")


@web.require_login
async def withdraw(request: Request) -> Response:
    return await _action(request, "withdraw")


@web.require_login
async def confirm(request: Request) -> Response:
    return await _action(request, "confirm")


@web.require_login
async def public_text(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(_pid(request), user=request.state.user)
    form = await web.form(request)
    await submissions.update_public_text(
        proposal,
        title=str(form.get("title", "")),
        summary=str(form.get("summary", "")),
        actor=request.state.user,
    )
    web.flash(request, _("De openbare tekst is bijgewerkt."))
    return web.redirect(_proposal_url(proposal.id))


# ---------------------------------------------------------------- speakers and attachments


@web.require_login
async def invite_speaker(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(_pid(request), user=request.state.user)
    form = await web.form(request)
    settings = _settings(request)
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
    return web.redirect(_proposal_url(proposal.id) + "#speakers")


@web.require_login
async def remove_speaker(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(_pid(request), user=request.state.user)
    await submissions.remove_speaker(
        proposal, int(request.path_params["speaker_id"]), actor=request.state.user
    )
    web.flash(request, _("De spreker is verwijderd."))
    return web.redirect(_proposal_url(proposal.id) + "#speakers")


@web.require_login
async def edit_speaker(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(_pid(request), user=request.state.user)
    speaker = await submissions.speaker_of(proposal, int(request.path_params["speaker_id"]))
    return await _speaker_form(
        request,
        speaker,
        accounts.actor_for(request.state.user),
        done_url=_proposal_url(proposal.id) + "#speakers",
    )


async def speaker_profile(request: Request) -> Response:
    speaker = await submissions.speaker_for_token(
        request.path_params["token"], secret_key=_settings(request).secret_key
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


@web.require_login
async def upload_attachment(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(_pid(request), user=request.state.user)
    upload = (await web.form(request)).get("file")
    try:
        if not isinstance(upload, UploadFile):
            raise DomainError("attachment_empty", _("Kies een bestand."))
        content = await upload.read(submissions.MAX_ATTACHMENT_BYTES + 1)
        await submissions.add_attachment(
            proposal,
            filename=upload.filename or "",
            content=content,
            media_dir=_settings(request).media_dir,
            actor=request.state.user,
        )
        web.flash(request, _("De bijlage is toegevoegd."))
    except DomainError as error:
        web.flash(request, error.message, "error")
        return web.redirect(_proposal_url(proposal.id) + "#attachments")
    return web.redirect(_proposal_url(proposal.id) + "#attachments")


@web.require_login
async def download_attachment(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(_pid(request), user=request.state.user)
    attachment, path = await submissions.attachment_of(
        proposal, int(request.path_params["attachment_id"]), media_dir=_settings(request).media_dir
    )
    return attachment_response(attachment, path)


def attachment_response(attachment: Any, path: Any) -> Response:
    return FileResponse(
        path,
        media_type=attachment.content_type,
        filename=attachment.filename,
        content_disposition_type="attachment",
        headers={"Cache-Control": "private, no-store"},
    )


@web.require_login
async def remove_attachment(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(_pid(request), user=request.state.user)
    await submissions.remove_attachment(
        proposal,
        int(request.path_params["attachment_id"]),
        media_dir=_settings(request).media_dir,
        actor=request.state.user,
    )
    web.flash(request, _("De bijlage is verwijderd."))
    return web.redirect(_proposal_url(proposal.id) + "#attachments")


P = "/partners/proposals/{proposal_id:int}"
routes: list[BaseRoute] = [
    Route("/partners", portal, name="submissions:portal"),
    Route("/partners/signup", signup, methods=["GET", "POST"], name="submissions:signup"),
    Route("/partners/verify/{token}", verify, name="submissions:verify"),
    Route("/partners/contacts", contacts, methods=["GET", "POST"], name="submissions:contacts"),
    Route("/partners/calls/{event_slug}", call_page, name="submissions:call"),
    Route(
        "/partners/calls/{event_slug}/code",
        redeem_code,
        methods=["POST"],
        name="submissions:redeem_code",
    ),
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
    Route(P + "/speakers", invite_speaker, methods=["POST"], name="submissions:invite_speaker"),
    Route(
        P + "/speakers/{speaker_id:int}",
        edit_speaker,
        methods=["GET", "POST"],
        name="submissions:edit_speaker",
    ),
    Route(
        P + "/speakers/{speaker_id:int}/remove",
        remove_speaker,
        methods=["POST"],
        name="submissions:remove_speaker",
    ),
    Route(
        P + "/attachments",
        upload_attachment,
        methods=["POST"],
        name="submissions:upload_attachment",
    ),
    Route(
        P + "/attachments/{attachment_id:int}", download_attachment, name="submissions:attachment"
    ),
    Route(
        P + "/attachments/{attachment_id:int}/remove",
        remove_attachment,
        methods=["POST"],
        name="submissions:remove_attachment",
    ),
    Route(
        "/speakers/profile/{token}",
        speaker_profile,
        methods=["GET", "POST"],
        name="submissions:speaker_profile",
    ),
]
