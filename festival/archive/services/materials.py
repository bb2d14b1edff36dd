"""Materials of a session: slides and hand-outs (files, checked like proposal attachments by the
submissions area) and recording links. Only approved materials are public; removing one removes
its file."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from tortoise.transactions import in_transaction

from festival import audit
from festival.archive.models import ArchiveEntry, Material, MaterialKind
from festival.archive.schemas import MaterialFileIn, RecordingIn
from festival.archive.services.sessions import SessionRef
from festival.errors import Conflict, NotFound, ValidationError
from festival.i18n import _
from festival.submissions import services as submissions

MAX_MATERIAL_BYTES = submissions.MAX_ATTACHMENT_BYTES
MAX_MATERIALS = 10
FOLDER = "materials"


def _refuse(code: str, message: str) -> ValidationError:
    return ValidationError(code, message, {"file": message})


def download_name(title: str, extension: str) -> str:
    stem = re.sub(r"[^\w\- ]+", "", title).strip()[:80].replace(" ", "-") or "materiaal"
    return stem + extension


async def _check_room(session: SessionRef) -> None:
    if await Material.filter(session_id=session.id).count() >= MAX_MATERIALS:
        raise Conflict(
            "too_many_materials",
            _("Een sessie heeft hoogstens %(n)s materialen.") % {"n": MAX_MATERIALS},
        )


async def add_file(
    session: SessionRef,
    data: MaterialFileIn,
    *,
    content: bytes,
    media_dir: Path,
    actor: audit.Actor,
    approved: bool = False,
) -> Material:
    """Store slides or a hand-out (PDF or image, at most 5 MB). Audits material.added.
    Raises ValidationError (material_empty, material_too_large, material_type) or Conflict."""
    if not content:
        raise _refuse("material_empty", _("Kies een bestand."))
    if len(content) > MAX_MATERIAL_BYTES:
        raise _refuse("material_too_large", _("Het bestand is groter dan 5 MB."))
    sniffed = submissions.sniff_type(content)
    if sniffed is None:
        raise _refuse(
            "material_type", _("Alleen PDF of een afbeelding (PNG, JPEG, WebP) is toegestaan.")
        )
    content_type, extension = sniffed
    folder = media_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16) + extension
    path = folder / stored_name
    path.write_bytes(content)
    try:
        async with in_transaction():
            await _check_room(session)
            material = await Material.create(
                session_id=session.id,
                event_id=session.event_id,
                kind=MaterialKind(data.kind),
                title=data.title,
                filename=download_name(data.title, extension),
                stored_name=stored_name,
                content_type=content_type,
                size=len(content),
                approved=approved,
            )
            await audit.record(
                actor, "material.added", material, session_id=session.id, size=len(content)
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return material


async def add_recording(
    session: SessionRef, data: RecordingIn, *, actor: audit.Actor, approved: bool = False
) -> Material:
    """Store a link to a recording. Audits material.added. Raises Conflict."""
    async with in_transaction():
        await _check_room(session)
        material = await Material.create(
            session_id=session.id,
            event_id=session.event_id,
            kind=MaterialKind.RECORDING,
            title=data.title,
            url=data.url,
            approved=approved,
        )
        await audit.record(actor, "material.added", material, session_id=session.id)
    return material


async def materials_of(session: SessionRef, *, public: bool = False) -> list[Material]:
    query = Material.filter(session_id=session.id)
    if public:
        query = query.filter(approved=True)
    return await query


async def material_of(session: SessionRef, material_id: int) -> Material:
    """A material of this session. Raises NotFound (also for another session's material)."""
    material = await Material.get_or_none(id=material_id, session_id=session.id)
    if material is None:
        raise NotFound("material_not_found", _("Dit materiaal bestaat niet."))
    return material


async def approve_material(session: SessionRef, material_id: int, *, actor: audit.Actor) -> None:
    """Make a material public. Audits material.approved. Raises NotFound."""
    async with in_transaction():
        material = await material_of(session, material_id)
        material.approved = True
        await material.save(update_fields=["approved"])
        await audit.record(actor, "material.approved", material, session_id=session.id)


async def remove_material(
    session: SessionRef, material_id: int, *, media_dir: Path, actor: audit.Actor
) -> None:
    """Delete a material and its file. Audits material.removed. Raises NotFound."""
    material = await material_of(session, material_id)
    async with in_transaction():
        await material.delete()
        await audit.record(
            actor, "material.removed", material, session_id=session.id, title=material.title
        )
    if material.stored_name:
        (media_dir / FOLDER / material.stored_name).unlink(missing_ok=True)


async def public_material_file(material_id: int, *, media_dir: Path) -> tuple[Material, Path]:
    """An approved file material of an archived session and its path. Raises NotFound."""
    material = await Material.get_or_none(
        id=material_id, approved=True, stored_name__not_isnull=True
    )
    path = media_dir / FOLDER / material.stored_name if material and material.stored_name else None
    archived = material is not None and await ArchiveEntry.exists(session_id=material.session_id)
    if material is None or path is None or not archived or not path.is_file():
        raise NotFound("material_not_found", _("Dit materiaal bestaat niet."))
    return material, path
