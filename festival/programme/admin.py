"""Organiser back office for the programme: the schedule editor (grid, drag and drop, forms),
sessions, speakers, conflicts, publishing and versions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from festival import schemas, web
from festival.accounts.models import ORGANISER_ROLES
from festival.accounts.services import actor_for
from festival.audit import Actor
from festival.errors import DomainError, ValidationError
from festival.events.models import Event
from festival.i18n import _
from festival.programme import forms, services
from festival.registration import services as registration  # access needs of who is booked

organisers = web.require_role(*ORGANISER_ROLES)
BASE = "/admin/events/{slug}/programme"


def _actor(request: Request) -> Actor:
    return actor_for(request.state.user)


def _event(request: Request) -> Event:
    event: Event = request.state.event
    return event


def _url(event: Event, path: str = "") -> str:
    return f"/admin/events/{event.slug}/programme{path}"


def _media_dir(request: Request) -> Path:
    media: Path = request.app.state.settings.media_dir
    return media


def _common(event: Event) -> dict[str, Any]:
    return {
        "event": event,
        "programme_base": _url(event),
        "format_labels": forms.FORMAT_LABELS,
        "audience_labels": forms.AUDIENCE_LABELS,
        "accessibility_labels": forms.ACCESSIBILITY_LABELS,
        "state_labels": forms.STATE_LABELS,
        "conflict_labels": forms.CONFLICT_LABELS,
    }


# ---------------------------------------------------------------- schedule editor


@organisers
async def admin_editor(request: Request) -> Response:
    event = _event(request)
    editor = await services.editor(event)
    return web.render(request, "programme/admin/editor.html", {**_common(event), "editor": editor})


@organisers
async def admin_editor_fragment(request: Request) -> Response:
    event = _event(request)
    editor = await services.editor(event)
    return web.render(
        request, "programme/admin/_editor_body.html", {**_common(event), "editor": editor}
    )


@organisers
async def admin_session_move(request: Request) -> Response:
    """JSON for the drag-and-drop editor: the moved session, the fresh conflicts and the access
    needs of seated attendees that its (new) room does not meet; the move is kept either way."""
    try:
        placement = forms.move_data(await web.json_body(request))
        session = await services.get_session(_event(request), request.path_params["session_id"])
        await services.move_session(
            session,
            room_id=placement.room_id,
            starts_at=placement.starts_at,
            ends_at=placement.ends_at,
            actor=_actor(request),
        )
    except DomainError as error:
        return JSONResponse(error.as_json(), status_code=error.status_code)
    card, found = await services.placement(session)
    unmet = await registration.access_mismatches(session.event_id, session_ids=[session.id])
    return JSONResponse(
        {
            "session": card.as_json(),
            "conflicts": [c.as_json() for c in found],
            "access_warnings": [_access_warning(m) for m in unmet],
        }
    )


def _access_warning(mismatch: registration.Mismatch) -> dict[str, Any]:
    return {
        "need": mismatch.need,
        "attendees": mismatch.attendees,
        "room": mismatch.room,
        "message": registration.mismatch_message(mismatch),
    }


@organisers
async def admin_conflicts(request: Request) -> Response:
    event = _event(request)
    editor = await services.editor(event)
    return web.render(
        request, "programme/admin/conflicts.html", {**_common(event), "editor": editor}
    )


# ---------------------------------------------------------------- sessions


async def _sessions_page(
    request: Request, *, values: dict[str, Any] | None = None, error: ValidationError | None = None
) -> Response:
    event = _event(request)
    context = {
        **_common(event),
        "editor": await services.editor(event),
        "options": await services.form_options(event),
        "values": values or forms.new_session_values(),
        "errors": forms.form_errors(error.fields) if error else {},
        "message": error.message if error else None,
    }
    return web.render(
        request,
        "programme/admin/sessions.html",
        context,
        status_code=error.status_code if error else 200,
    )


@organisers
async def admin_sessions(request: Request) -> Response:
    return await _sessions_page(request)


@organisers
@web.form_handler(_sessions_page, lists=forms.LISTS)
async def admin_session_create(request: Request) -> Response:
    event, form = _event(request), await web.form(request)
    data = forms.session_data(form, tz=event.timezone)
    session = await services.create_session(event, data=data, actor=_actor(request))
    web.flash(request, _("De sessie is toegevoegd als concept."))
    return web.redirect(_url(event, f"/sessions/{session.id}"))


async def _session_page(
    request: Request,
    *,
    values: dict[str, Any] | None = None,
    error: DomainError | None = None,
    repeat_values: dict[str, Any] | None = None,
    repeat_error: DomainError | None = None,
) -> Response:
    event = _event(request)
    page = await services.session_page(event, request.path_params["session_id"])
    context = {
        **_common(event),
        "page": page,
        "options": page.options,
        "values": values
        or forms.session_values(page.session, tz=event.timezone, speaker_ids=page.speaker_ids),
        "errors": forms.form_errors(error.fields) if error else {},
        "message": error.message if error else None,
        "repeat_values": repeat_values or {},
        "repeat_errors": forms.form_errors(repeat_error.fields) if repeat_error else {},
        "repeat_message": repeat_error.message if repeat_error else None,
    }
    status = (error or repeat_error).status_code if (error or repeat_error) else 200  # type: ignore[union-attr]
    return web.render(request, "programme/admin/session.html", context, status_code=status)


@organisers
async def admin_session(request: Request) -> Response:
    return await _session_page(request)


@organisers
@web.form_handler(_session_page, lists=forms.LISTS)
async def admin_session_update(request: Request) -> Response:
    event, form = _event(request), await web.form(request)
    session = await services.get_session(event, request.path_params["session_id"])
    data = forms.session_data(form, tz=event.timezone, state=session.state)
    await services.update_session(session, data=data, actor=_actor(request))
    web.flash(request, _("De sessie is opgeslagen."))
    return web.redirect(_url(event, f"/sessions/{session.id}"))


async def _repeat_again(
    request: Request, *, values: dict[str, Any], error: ValidationError
) -> Response:
    return await _session_page(request, repeat_values=values, repeat_error=error)


@organisers
@web.form_handler(_repeat_again, lists=forms.LISTS)
async def admin_session_repeat(request: Request) -> Response:
    event, form = _event(request), await web.form(request)
    session = await services.get_session(event, request.path_params["session_id"])
    placement = forms.placement_data(form, tz=event.timezone)
    copy = await services.repeat_session(
        session,
        room_id=placement.room_id,
        starts_at=placement.starts_at,
        ends_at=placement.ends_at,
        actor=_actor(request),
    )
    web.flash(request, _("De herhaling is toegevoegd als concept."))
    return web.redirect(_url(event, f"/sessions/{copy.id}"))


@organisers
async def admin_session_repeat_in_edition(request: Request) -> Response:
    event = _event(request)
    session = await services.get_session(event, request.path_params["session_id"])
    data = schemas.parse(services.RepeatInEditionData, await web.form(request))
    copy = await services.repeat_in_edition(
        session, data.event_id, user=request.state.user, actor=_actor(request)
    )
    target = await copy.event
    web.flash(
        request,
        _("De sessie staat als concept in het programma van %(name)s.") % {"name": target.name},
    )
    return web.redirect(_url(target, f"/sessions/{copy.id}"))


@organisers
async def admin_session_cancel(request: Request) -> Response:
    event = _event(request)
    session = await services.get_session(event, request.path_params["session_id"])
    try:
        await services.cancel_session(session, actor=_actor(request))
        web.flash(
            request, _("De sessie is geannuleerd. Publiceer het programma om dit te laten zien.")
        )
    except DomainError as error:
        web.flash(request, error.message, "error")
    return web.redirect(_url(event, f"/sessions/{session.id}"))


@organisers
async def admin_session_delete(request: Request) -> Response:
    event = _event(request)
    session = await services.get_session(event, request.path_params["session_id"])
    await services.delete_session(session, actor=_actor(request))
    web.flash(request, _("De sessie is verwijderd."))
    return web.redirect(_url(event, "/sessions"))


# ---------------------------------------------------------------- speakers


async def _photo(form: Any) -> bytes | None:
    upload = form.get("photo")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    content = await upload.read(services.PHOTO_MAX_BYTES + 1)
    return content or None


async def _speakers_page(
    request: Request, *, values: dict[str, Any] | None = None, error: ValidationError | None = None
) -> Response:
    event = _event(request)
    context = {
        **_common(event),
        "speakers": await services.speakers_for_event(event),
        "values": values or {},
        "errors": error.fields if error else {},
        "message": error.message if error else None,
    }
    return web.render(
        request,
        "programme/admin/speakers.html",
        context,
        status_code=error.status_code if error else 200,
    )


@organisers
async def admin_speakers(request: Request) -> Response:
    return await _speakers_page(request)


@organisers
@web.form_handler(_speakers_page, lists=forms.LISTS)
async def admin_speaker_create(request: Request) -> Response:
    event, form = _event(request), await web.form(request)
    speaker = await services.create_speaker(
        event,
        data=forms.speaker_data(form),
        actor=_actor(request),
        photo=await _photo(form),
        media_dir=_media_dir(request),
    )
    web.flash(request, _("De spreker is toegevoegd."))
    return web.redirect(_url(event, f"/speakers/{speaker.id}"))


async def _speaker_page(
    request: Request, *, values: dict[str, Any] | None = None, error: ValidationError | None = None
) -> Response:
    event = _event(request)
    speaker = await services.get_speaker(event, request.path_params["speaker_id"])
    context = {
        **_common(event),
        "speaker": speaker,
        "values": values or forms.speaker_values(speaker),
        "errors": error.fields if error else {},
        "message": error.message if error else None,
    }
    return web.render(
        request,
        "programme/admin/speaker.html",
        context,
        status_code=error.status_code if error else 200,
    )


@organisers
async def admin_speaker(request: Request) -> Response:
    return await _speaker_page(request)


@organisers
@web.form_handler(_speaker_page, lists=forms.LISTS)
async def admin_speaker_update(request: Request) -> Response:
    event, form = _event(request), await web.form(request)
    speaker = await services.get_speaker(event, request.path_params["speaker_id"])
    await services.update_speaker(
        speaker,
        data=forms.speaker_data(form),
        actor=_actor(request),
        photo=await _photo(form),
        media_dir=_media_dir(request),
    )
    web.flash(request, _("De spreker is opgeslagen."))
    return web.redirect(_url(event, f"/speakers/{speaker.id}"))


@organisers
async def admin_speaker_delete(request: Request) -> Response:
    event = _event(request)
    speaker = await services.get_speaker(event, request.path_params["speaker_id"])
    await services.delete_speaker(speaker, actor=_actor(request), media_dir=_media_dir(request))
    web.flash(request, _("De spreker is verwijderd."))
    return web.redirect(_url(event, "/speakers"))


# ---------------------------------------------------------------- publishing and versions


async def _publish_page(
    request: Request, *, error: DomainError | None = None, comment: str = ""
) -> Response:
    event = _event(request)
    preview = await services.publish_preview(event)
    context = {
        **_common(event),
        "preview": preview,
        "lines": services.change_lines(preview.changelog, event.timezone),
        "message": error.message if error else None,
        "comment": comment,
    }
    return web.render(
        request,
        "programme/admin/publish.html",
        context,
        status_code=error.status_code if error else 200,
    )


@organisers
async def admin_publish(request: Request) -> Response:
    return await _publish_page(request)


async def _publish_again(
    request: Request, *, values: dict[str, str], error: DomainError
) -> Response:
    return await _publish_page(request, error=error, comment=values.get("comment", ""))


@organisers
@web.form_handler(_publish_again, refusals=(DomainError,))
async def admin_publish_confirm(request: Request) -> Response:
    event, form = _event(request), await web.form(request)
    version = await services.publish_programme(
        event,
        actor=_actor(request),
        confirm_conflicts=form.get("confirm_conflicts") == "1",
        comment=str(form.get("comment") or ""),
    )
    web.flash(request, _("Versie %(n)s van het programma is gepubliceerd.") % {"n": version.number})
    return web.redirect(_url(event, "/versions"))


@organisers
async def admin_versions(request: Request) -> Response:
    event = _event(request)
    versions = await services.versions_for_event(event)
    rows = [(v, services.change_lines(v.changelog, event.timezone)) for v in versions]
    return web.render(request, "programme/admin/versions.html", {**_common(event), "rows": rows})


routes = [
    Route(BASE, admin_editor, name="programme:admin_editor"),
    Route(BASE + "/grid", admin_editor_fragment, name="programme:admin_editor_fragment"),
    Route(BASE + "/conflicts", admin_conflicts, name="programme:admin_conflicts"),
    Route(BASE + "/sessions", admin_sessions, name="programme:admin_sessions"),
    Route(
        BASE + "/sessions",
        admin_session_create,
        methods=["POST"],
        name="programme:admin_session_create",
    ),
    Route(BASE + "/sessions/{session_id:id}", admin_session, name="programme:admin_session"),
    Route(
        BASE + "/sessions/{session_id:id}",
        admin_session_update,
        methods=["POST"],
        name="programme:admin_session_update",
    ),
    Route(
        BASE + "/sessions/{session_id:id}/move",
        admin_session_move,
        methods=["POST"],
        name="programme:admin_session_move",
    ),
    Route(
        BASE + "/sessions/{session_id:id}/repeat-in-edition",
        admin_session_repeat_in_edition,
        methods=["POST"],
        name="programme:admin_session_repeat_in_edition",
    ),
    Route(
        BASE + "/sessions/{session_id:id}/repeat",
        admin_session_repeat,
        methods=["POST"],
        name="programme:admin_session_repeat",
    ),
    Route(
        BASE + "/sessions/{session_id:id}/cancel",
        admin_session_cancel,
        methods=["POST"],
        name="programme:admin_session_cancel",
    ),
    Route(
        BASE + "/sessions/{session_id:id}/delete",
        admin_session_delete,
        methods=["POST"],
        name="programme:admin_session_delete",
    ),
    Route(BASE + "/speakers", admin_speakers, name="programme:admin_speakers"),
    Route(
        BASE + "/speakers",
        admin_speaker_create,
        methods=["POST"],
        name="programme:admin_speaker_create",
    ),
    Route(BASE + "/speakers/{speaker_id:id}", admin_speaker, name="programme:admin_speaker"),
    Route(
        BASE + "/speakers/{speaker_id:id}",
        admin_speaker_update,
        methods=["POST"],
        name="programme:admin_speaker_update",
    ),
    Route(
        BASE + "/speakers/{speaker_id:id}/delete",
        admin_speaker_delete,
        methods=["POST"],
        name="programme:admin_speaker_delete",
    ),
    Route(BASE + "/publish", admin_publish, name="programme:admin_publish"),
    Route(
        BASE + "/publish",
        admin_publish_confirm,
        methods=["POST"],
        name="programme:admin_publish_confirm",
    ),
    Route(BASE + "/versions", admin_versions, name="programme:admin_versions"),
]
