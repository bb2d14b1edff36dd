"""Attachments of a proposal: PDF or image, checked by their first bytes, at most 5 MB, stored
under media/proposals with random names and served only to people who may see the proposal."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from tortoise.transactions import in_transaction

from festival import audit
from festival.accounts import services as accounts
from festival.accounts.models import User
from festival.errors import Conflict, NotFound, ValidationError
from festival.i18n import _, ngettext
from festival.submissions.models import Attachment, Proposal, ProposalState

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 5
CLOSED_STATES = (ProposalState.WITHDRAWN, ProposalState.REJECTED)


def sniff_type(content: bytes) -> tuple[str, str] | None:
    """(content type, extension) by magic bytes, or None when not a PDF, PNG, JPEG or WebP."""
    if content.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp", ".webp"
    return None


def _clean_name(filename: str, extension: str) -> str:
    stem = Path(filename.replace("\\", "/")).name
    stem = re.sub(r"[^\w.\- ]+", "", stem).strip(" .")[:120] or "bijlage"
    if not stem.lower().endswith(extension):
        stem = stem.rsplit(".", 1)[0] + extension
    return stem


def _refuse(code: str, message: str) -> ValidationError:
    return ValidationError(code, message, {"file": message})


async def add_attachment(
    proposal: Proposal, *, filename: str, content: bytes, media_dir: Path, actor: User
) -> Attachment:
    """Store one file. Raises ValidationError (attachment_too_large, attachment_type,
    attachment_empty) or Conflict. Audits proposal.attachment_added."""
    if proposal.state in CLOSED_STATES:
        raise Conflict("proposal_locked", _("Dit voorstel kan niet meer worden gewijzigd."))
    if not content:
        raise _refuse("attachment_empty", _("Kies een bestand."))
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise _refuse("attachment_too_large", _("Het bestand is groter dan 5 MB."))
    sniffed = sniff_type(content)
    if sniffed is None:
        raise _refuse(
            "attachment_type", _("Alleen PDF of een afbeelding (PNG, JPEG, WebP) is toegestaan.")
        )
    content_type, extension = sniffed
    folder = media_dir / "proposals"
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16) + extension
    path = folder / stored_name
    path.write_bytes(content)
    try:
        async with in_transaction():
            if await Attachment.filter(proposal_id=proposal.id).count() >= MAX_ATTACHMENTS:
                raise Conflict(
                    "too_many_attachments",
                    ngettext(
                        "Een voorstel heeft hoogstens %(n)s bijlage.",
                        "Een voorstel heeft hoogstens %(n)s bijlagen.",
                        MAX_ATTACHMENTS,
                    )
                    % {"n": MAX_ATTACHMENTS},
                )
            attachment = await Attachment.create(
                proposal=proposal,
                filename=_clean_name(filename, extension),
                stored_name=stored_name,
                content_type=content_type,
                size=len(content),
                uploaded_by=actor,
            )
            await audit.record(
                accounts.actor_for(actor),
                "proposal.attachment_added",
                proposal,
                attachment_id=attachment.id,
                size=len(content),
                content_type=content_type,
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return attachment


async def attachment_of(
    proposal: Proposal, attachment_id: int, *, media_dir: Path
) -> tuple[Attachment, Path]:
    """The attachment and its file, when it belongs to this (already access-checked) proposal."""
    attachment = await Attachment.get_or_none(id=attachment_id, proposal_id=proposal.id)
    if attachment is None:
        raise NotFound("attachment_not_found", _("Deze bijlage bestaat niet."))
    path = media_dir / "proposals" / attachment.stored_name
    if not path.is_file():
        raise NotFound("attachment_not_found", _("Deze bijlage bestaat niet."))
    return attachment, path


async def remove_attachment(
    proposal: Proposal, attachment_id: int, *, media_dir: Path, actor: User
) -> None:
    """Delete one file of a proposal that is still open. Raises Conflict or NotFound."""
    if proposal.state in CLOSED_STATES:
        raise Conflict("proposal_locked", _("Dit voorstel kan niet meer worden gewijzigd."))
    attachment, path = await attachment_of(proposal, attachment_id, media_dir=media_dir)
    async with in_transaction():
        await attachment.delete()
        await audit.record(
            accounts.actor_for(actor),
            "proposal.attachment_removed",
            proposal,
            attachment_id=attachment_id,
        )
    path.unlink(missing_ok=True)
