"""Public programme pages (day/time and list view, session, speaker, changes), the exports
(iCalendar, frab/c3voc XML and JSON) and speaker photos."""

from __future__ import annotations

import re
from collections import OrderedDict
from datetime import UTC
from email.utils import format_datetime
from typing import Any

from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from festival import i18n, web
from festival.programme import queries
from festival.programme.pictograms import PICTOGRAMS
from festival.programme.services import exports
from festival.submissions import services as submissions

# ---------------------------------------------------------------- cached session cards

# A session card shows its version's (immutable) data plus the live seats. Each process keeps
# the card's HTML per version, language and layout, rendered once with this placeholder where
# the seats go; every request only renders the seats. User text is escaped, so "<" (and thus
# the placeholder) can only come from the template itself.
_SEATS_SLOT = Markup("<!--seats-->")
_CARDS: OrderedDict[tuple[Any, ...], dict[tuple[Any, ...], tuple[str, str]]] = OrderedDict()
_CARDS_VERSIONS = 8  # the latest versions (per language) kept; older ones are dropped
_SEATS: dict[tuple[Any, ...], str] = {}
_SEATS_MAX = 4096


def _card_html(
    macros: Any,
    item: queries.SessionItem,
    event: Any,
    t: dict[str, Any],
    icons: dict[str, Markup],
    heading: str,
    show_time: bool,
    show_venue: bool,
) -> str:
    """`macros.session_card(...)` (programme/_macros.html) as escaped HTML, cached per version."""
    if not item.version_key:
        return str(macros.session_card(item, event, t, icons, heading, show_time, show_venue))
    cards = _CARDS.get(item.version_key)
    if cards is None:
        cards = _CARDS[item.version_key] = {}
        while len(_CARDS) > _CARDS_VERSIONS:
            _CARDS.popitem(last=False)
    lang = t["code"]  # the language of the labels (and of the page)
    key = (lang, item.id, event.slug, heading, show_time, show_venue)
    parts = cards.get(key)
    if parts is None:
        html = str(
            macros.session_card(item, event, t, icons, heading, show_time, show_venue, _SEATS_SLOT)
        )
        before, _slot, after = html.partition(_SEATS_SLOT)
        parts = cards[key] = (before, after)
    seats_key = (lang, item.cancelled, item.requires_registration, item.seats_left)
    seats = _SEATS.get(seats_key)
    if seats is None:
        if len(_SEATS) >= _SEATS_MAX:
            _SEATS.clear()
        seats = _SEATS[seats_key] = str(macros.seats(item, t))
    return parts[0] + seats + parts[1]


def session_cards(
    macros: Any,
    items: list[queries.SessionItem],
    event: Any,
    t: dict[str, Any],
    icons: dict[str, Markup],
    heading: str = "h4",
    show_time: bool = False,
    show_venue: bool = False,
) -> Markup:
    """The session cards of `items` as list items, one a line (the same HTML as calling
    `macros.session_card` for each): one template call per list, plain string joins."""
    html = "\n".join(
        "<li>" + _card_html(macros, item, event, t, icons, heading, show_time, show_venue) + "</li>"
        for item in items
    )
    return Markup(html)  # noqa: S704 - only macro output (escaped) and literal tags


# Label helpers the programme templates call with a stored value (Dutch first, via gettext).
web.templates.globals.update(
    session_cards=session_cards,
    format_label=queries.format_label,
    audience_label=queries.audience_label,
    audiences_label=queries.audiences_label,
    accessibility_label=queries.accessibility_label,
    language_label=queries.language_label,
    card_labels=queries.card_labels,
    pictograms=PICTOGRAMS,
)


def _lang() -> str:
    return i18n.get_language()


async def programme(request: Request) -> Response:
    page = await queries.programme_page(
        request.path_params["slug"], pairs=request.query_params.multi_items(), lang=_lang()
    )
    calls = await submissions.open_calls(event=page.event)
    context = {"page": page, "event": page.event, "open_calls": calls}
    return web.render(request, "programme/programme.html", context)


async def programme_changes(request: Request) -> Response:
    event, versions = await queries.versions_for_event(request.path_params["slug"])
    return web.render(request, "programme/changes.html", {"event": event, "versions": versions})


async def session_detail(request: Request) -> Response:
    page = await queries.session_page(
        request.path_params["slug"], request.path_params["code"], lang=_lang()
    )
    return web.render(
        request, "programme/session.html", {"page": page, "event": page.programme.event}
    )


async def speakers(request: Request) -> Response:
    programme = await queries.programme_for_slug(
        request.path_params["slug"], lang=_lang(), with_seats=False
    )
    return web.render(
        request, "programme/speakers.html", {"programme": programme, "event": programme.event}
    )


async def speaker_detail(request: Request) -> Response:
    page = await queries.speaker_page(
        request.path_params["slug"], request.path_params["code"], lang=_lang()
    )
    return web.render(
        request, "programme/speaker.html", {"page": page, "event": page.programme.event}
    )


# ---------------------------------------------------------------- exports


def _export_response(request: Request, export: exports.Export) -> Response:
    """The export, or 304 when the client already has this version."""
    headers = {
        "ETag": export.etag,
        "Cache-Control": "public, max-age=60",
        "Content-Disposition": f'inline; filename="{export.filename}"',
        "Access-Control-Allow-Origin": "*",
    }
    if export.last_modified is not None:
        headers["Last-Modified"] = format_datetime(
            export.last_modified.astimezone(UTC).replace(microsecond=0), usegmt=True
        )
    if export.etag in [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(export.body, media_type=export.media_type, headers=headers)


async def programme_ics(request: Request) -> Response:
    export = await exports.programme_export(
        request.path_params["slug"], "ics", base_url=request.app.state.settings.base_url
    )
    return _export_response(request, export)


async def schedule_xml(request: Request) -> Response:
    export = await exports.programme_export(
        request.path_params["slug"], "xml", base_url=request.app.state.settings.base_url
    )
    return _export_response(request, export)


async def schedule_json(request: Request) -> Response:
    export = await exports.programme_export(
        request.path_params["slug"], "json", base_url=request.app.state.settings.base_url
    )
    return _export_response(request, export)


# ---------------------------------------------------------------- media

_SAFE_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,150}\.(jpg|jpeg|png|webp|gif)$")


async def speaker_photo(request: Request) -> Response:
    """A speaker photo from <media_dir>/speakers; plain names only, so no path can escape."""
    name = request.path_params["file"]
    if not _SAFE_FILE.fullmatch(name):  # before any path is made of it (a NUL byte fails there)
        raise HTTPException(404)
    folder = (request.app.state.settings.media_dir / "speakers").resolve()
    path = (folder / name).resolve()
    if path.parent != folder or not path.is_file():
        raise HTTPException(404)
    return FileResponse(
        path,
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )


routes = [
    Route("/events/{slug}/programme", programme, name="programme:programme"),
    Route("/events/{slug}/programme/changes", programme_changes, name="programme:changes"),
    Route("/events/{slug}/programme.ics", programme_ics, name="programme:ics"),
    Route("/events/{slug}/schedule.xml", schedule_xml, name="programme:schedule_xml"),
    Route("/events/{slug}/schedule.json", schedule_json, name="programme:schedule_json"),
    Route("/events/{slug}/sessions/{code}", session_detail, name="programme:session_detail"),
    Route("/events/{slug}/speakers", speakers, name="programme:speakers"),
    Route("/events/{slug}/speakers/{code}", speaker_detail, name="programme:speaker_detail"),
    Route("/media/speakers/{file}", speaker_photo, name="programme:speaker_photo"),
]
