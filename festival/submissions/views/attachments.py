"""Attachments of a proposal: upload, download and remove (files under the media folder)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from festival import web
from festival.accounts.models import PARTNER_ROLES
from festival.errors import DomainError
from festival.i18n import _
from festival.submissions import services as submissions
from festival.submissions.views.proposals import PROPOSAL_PATH as P
from festival.submissions.views.proposals import proposal_id, proposal_url

partner = web.require_role(*PARTNER_ROLES)  # partner contacts, in any organisation


@partner
async def upload_attachment(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(proposal_id(request), user=request.state.user)
    upload = (await web.form(request)).get("file")
    try:
        if not isinstance(upload, UploadFile):
            raise DomainError("attachment_empty", _("Kies een bestand."))
        content = await upload.read(submissions.MAX_ATTACHMENT_BYTES + 1)
        await submissions.add_attachment(
            proposal,
            filename=upload.filename or "",
            content=content,
            media_dir=request.app.state.settings.media_dir,
            actor=request.state.user,
        )
        web.flash(request, _("De bijlage is toegevoegd."))
    except DomainError as error:
        web.flash(request, error.message, "error")
        return web.redirect(proposal_url(proposal.id) + "#attachments")
    return web.redirect(proposal_url(proposal.id) + "#attachments")


@partner
async def download_attachment(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(proposal_id(request), user=request.state.user)
    attachment, path = await submissions.attachment_of(
        proposal,
        int(request.path_params["attachment_id"]),
        media_dir=request.app.state.settings.media_dir,
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


@partner
async def remove_attachment(request: Request) -> Response:
    proposal = await submissions.proposal_for_partner(proposal_id(request), user=request.state.user)
    await submissions.remove_attachment(
        proposal,
        int(request.path_params["attachment_id"]),
        media_dir=request.app.state.settings.media_dir,
        actor=request.state.user,
    )
    web.flash(request, _("De bijlage is verwijderd."))
    return web.redirect(proposal_url(proposal.id) + "#attachments")


routes: list[BaseRoute] = [
    Route(
        P + "/attachments",
        upload_attachment,
        methods=["POST"],
        name="submissions:upload_attachment",
    ),
    Route(
        P + "/attachments/{attachment_id:id}", download_attachment, name="submissions:attachment"
    ),
    Route(
        P + "/attachments/{attachment_id:id}/remove",
        remove_attachment,
        methods=["POST"],
        name="submissions:remove_attachment",
    ),
]
