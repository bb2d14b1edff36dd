"""The archive's HTML forms shared by the partner, speaker and organiser pages: the outcome
form (by the session's format) and the materials form."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from festival import audit, web
from festival.archive import queries, schemas
from festival.archive import services as archive
from festival.archive.models import WHY_TAGS, Verdict
from festival.archive.services import SessionRef
from festival.errors import DomainError, ValidationError
from festival.i18n import _
from festival.programme import queries as programme
from festival.schemas import parse

LABELS = {
    "format_label": programme.format_label,
    "audience_label": programme.audience_label,
    "verdicts": [v.value for v in Verdict],
    "why_tags": WHY_TAGS,
    # the programme's Audience values, in its order
    "audiences": (
        "raadsleden",
        "griffiers",
        "wethouders",
        "burgemeesters",
        "ambtenaren",
        "inwoners",
        "jongeren",
    ),
}


def outcome_input(form: FormData) -> schemas.OutcomeIn:
    data: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    data["why_tags"] = [t for t in form.getlist("why_tags") if isinstance(t, str)]
    return parse(schemas.OutcomeIn, data)


def outcome_values(outcome: Any) -> dict[str, Any]:
    values = {name: getattr(outcome, name) for name in archive.KIND_FIELDS[outcome.kind]}
    values["residents"] = "" if outcome.residents is None else str(outcome.residents)
    values["verdict"] = str(outcome.verdict or "")
    values["why_tags"] = list(outcome.why_tags or [])
    return values


async def outcome_form(
    request: Request,
    session: SessionRef,
    *,
    action: str,
    values: dict[str, Any] | None = None,
    error: DomainError | None = None,
    **extra: Any,
) -> Response:
    outcome = await archive.outcome_of(session)
    context = {
        "session": session,
        "outcome": outcome,
        "values": values if values is not None else outcome_values(outcome),
        "error": error,
        "action": action,
        "materials": await archive.materials_of(session),
        "organiser": False,
        "partner": False,
        "material_action": None,
        **LABELS,
        **extra,
    }
    return web.render(
        request,
        "archive/outcome_form.html",
        context,
        status_code=error.status_code if error else 200,
    )


async def save_from_form(
    request: Request, session: SessionRef, *, actor: audit.Actor, again: str, **kw: Any
) -> Response | None:
    """Save the posted outcome; None when saved, else the form again with its messages."""
    form = await web.form(request)
    try:
        await archive.save_outcome(
            session, outcome_input(form), actor=actor, submit="submit" in form, **kw
        )
    except ValidationError as error:
        values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
        values["why_tags"] = [t for t in form.getlist("why_tags") if isinstance(t, str)]
        return await outcome_form(request, session, action=again, values=values, error=error)
    web.flash(request, _("De uitkomst is ingediend.") if "submit" in form else _("Opgeslagen."))
    return None


async def add_material(
    request: Request, session: SessionRef, *, actor: audit.Actor, approved: bool = False
) -> None:
    """A file (slides, hand-out) or a recording link from the materials form. A refusal
    (wrong type, too large, no file, bad link) is raised: the error page answers 4xx with it."""
    form = await web.form(request)
    upload = form.get("file")
    if form.get("kind") == "recording":
        data = parse(schemas.RecordingIn, form)
        await archive.add_recording(session, data, actor=actor, approved=approved)
    elif isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read(archive.MAX_MATERIAL_BYTES + 1)
        await archive.add_file(
            session,
            parse(schemas.MaterialFileIn, form),
            content=content,
            media_dir=request.app.state.settings.media_dir,
            actor=actor,
            approved=approved,
        )
    else:
        message = _("Kies een bestand.")
        raise ValidationError("material_empty", message, {"file": message})
    web.flash(request, _("Het materiaal is toegevoegd."))


def search_filters(request: Request) -> queries.SearchFilters:
    """The GET form (or API query) as filters; a wrong value is a 422 with its message."""
    data = parse(schemas.SearchIn, dict(request.query_params))
    return queries.SearchFilters(
        q=data.q,
        track=data.track,
        format=data.format,
        audience=data.audience,
        outcome=str(data.outcome or ""),
        year=data.year,
        page=data.page,
    )
