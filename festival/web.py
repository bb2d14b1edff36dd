"""HTTP plumbing shared by every area: templates, render(), locale, CSRF, auth guards,
form and JSON parsing, and the one place where a DomainError becomes a 4xx response."""

from __future__ import annotations

import functools
import hmac
import json
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qs, quote

import jinja2
from starlette.convertors import Convertor, register_url_convertor
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import sessions as starlette_sessions
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from festival import db, i18n, navigation, schemas, templating
from festival.errors import DomainError, ValidationError

ROOT = templating.ROOT
TEMPLATE_DIR = templating.TEMPLATE_DIR
STATIC_DIR = ROOT / "static"
MAX_FORM_BYTES = 12 * 1024 * 1024  # uploads (photos, attachments) stay below this
MAX_JSON_BYTES = 1024 * 1024  # a full offline sync batch (1000 scans) is about 250 kB

Handler = Callable[[Request], Awaitable[Response]]
M = TypeVar("M", bound=schemas.Input)


# ---------------------------------------------------------------- templates


def _url_for(context: dict[str, Any], name: str, /, **params: Any) -> str:
    request: Request = context["request"]
    query = params.pop("_query", None)
    url = str(request.app.url_path_for(name, **params))
    if query:
        url += "?" + "&".join(
            f"{quote(str(k))}={quote(str(v))}" for k, v in query.items() if v is not None
        )
    return url


def _csrf_token(context: dict[str, Any]) -> str:
    return csrf_token(context["request"])


def _lang_url(context: dict[str, Any], lang: str) -> str:
    request: Request = context["request"]
    params = dict(request.query_params)
    params["lang"] = lang
    return request.url.path + "?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in params.items())


def _menu(context: dict[str, Any], name: str, event: Any = None) -> list[navigation.MenuLink]:
    return navigation.menu(context["request"], name, event)


def make_environment() -> jinja2.Environment:
    """The shared environment of festival.templating plus the request-bound globals."""
    env = templating.environment
    env.globals.update(
        url_for=jinja2.pass_context(_url_for),
        csrf_token=jinja2.pass_context(_csrf_token),
        lang_url=jinja2.pass_context(_lang_url),
        menu=jinja2.pass_context(_menu),
    )
    return env


templates = make_environment()


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    ctx = {"request": request, "user": getattr(request.state, "user", None), **(context or {})}
    html = templates.get_template(name).render(ctx)
    return HTMLResponse(html, status_code=status_code)


def redirect(url: str, *, status_code: int = 303) -> RedirectResponse:
    return RedirectResponse(url, status_code=status_code)


def flash(request: Request, message: str, kind: str = "success") -> None:
    # Assign a new list: Starlette only saves the session when a key is set, not mutated.
    request.session["_flash"] = [
        *request.session.get("_flash", []),
        {"kind": kind, "message": message},
    ]


def pop_flashes(request: Request) -> list[dict[str, str]]:
    if "session" not in request.scope:
        return []
    return request.session.pop("_flash", [])


templates.globals["pop_flashes"] = jinja2.pass_context(lambda ctx: pop_flashes(ctx["request"]))


# ---------------------------------------------------------------- input


async def form(request: Request) -> FormData:
    """The submitted form (CSRF already checked by the middleware), without NUL characters:
    no field needs one, and PostgreSQL refuses them in text."""
    try:
        data = await request.form(max_files=20, max_fields=500)
    except HTTPException:
        raise
    except Exception as error:  # malformed multipart or encoding
        raise HTTPException(400, "Malformed form") from error
    items = data.multi_items()
    if any("\x00" in key or (isinstance(v, str) and "\x00" in v) for key, v in items):
        data = FormData(
            [
                (key.replace("\x00", ""), v.replace("\x00", "") if isinstance(v, str) else v)
                for key, v in items
            ]
        )
    return data


async def json_body(request: Request, *, refuse_nul: bool = True) -> Any:
    """The JSON body, or a 400 JSON error that says why it cannot be read. A NUL character in
    a string is refused too, unless the caller judges each part itself (`refuse_nul=False`)."""
    body = await request.body()
    try:
        value = json.loads(body or b"null")
        if refuse_nul and _json_has_nul(body, value):
            raise DomainError("nul_character", _nul_message())
        return value
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        # RecursionError: arrays or objects nested thousands deep.
        raise DomainError("invalid_json", i18n._("De inhoud is geen geldige JSON.")) from error


async def json_input(request: Request, model: type[M]) -> M:
    """The JSON body as `model`; a wrong body is a ValidationError, which the error handler
    answers as the JSON 4xx {"error": {"code", "message", "fields"}}."""
    return schemas.parse(model, await json_body(request))


async def form_input(request: Request, model: type[M]) -> M:
    """The submitted form as `model`; a wrong form is a ValidationError, which the handler's
    `form_handler` turns into the page again with the field messages."""
    return schemas.parse(model, await form(request))


# The page of a form shown again: (request, values=the submitted strings, error=the refusal).
Again = Callable[..., Awaitable[Response]]


def form_handler(
    again: Again,
    *,
    lists: tuple[str, ...] = (),
    refusals: tuple[type[DomainError], ...] = (ValidationError,),
) -> Callable[[Handler], Handler]:
    """Decorate a form's POST handler: when it raises one of `refusals` (a wrong field, or a
    rule of the service it calls), the form's page is rendered again through
    `again(request, values=..., error=...)`, with what was sent (the fields named in `lists`
    as lists of values) and the field messages. `again` looks up what the page shows again
    (from the path), so that an object that is not there or not allowed raises there too and
    reaches the error pages. The one try/except of every form handler:

        @organisers
        @web.form_handler(_venues_page)
        async def create_venue(request: Request) -> Response:
            venue = await services.create_venue(..., await web.form_input(request, VenueIn))
            return web.redirect(...)
    """

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except refusals as error:
                return await again(request, values=await submitted(request, lists), error=error)

        return handle

    return decorate


async def submitted(request: Request, lists: tuple[str, ...] = ()) -> dict[str, Any]:
    """The submitted strings (without the CSRF token), to show them again next to the error
    messages; each field named in `lists` as its list of values."""
    data = await form(request)
    values: dict[str, Any] = {
        key: value for key, value in data.items() if isinstance(value, str) and key != CSRF_FIELD
    }
    for name in lists:
        values[name] = [value for value in data.getlist(name) if isinstance(value, str) and value]
    return values


def _json_has_nul(body: bytes, value: Any) -> bool:
    """A NUL character in any string (PostgreSQL cannot store one in text). In JSON it can only
    be written as an escape, so bodies without that escape are not walked."""
    if b"\\u0000" not in body:
        return False
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _nul_message() -> str:
    return i18n._("De tekst bevat een teken dat niet is toegestaan (NUL).")


def id_from(value: object) -> int | None:
    """A database id (1..db.MAX_INT) given as a JSON number or a string of ASCII digits; None
    for anything else, so the caller answers 4xx before the database sees a number too large."""
    return schemas.as_id(value)


def _up_to(limit: int) -> str:
    """A regular expression matching exactly the numbers 1..limit (no leading zeros)."""
    digits = str(limit)
    options = [f"[1-9][0-9]{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    for i, digit in enumerate(digits):
        low = "1" if i == 0 else "0"
        rest = len(digits) - i - 1
        if int(digit) > int(low):
            top = str(int(digit) - 1)
            options.append(f"{digits[:i]}[{low}-{top}][0-9]{{{rest}}}")
    options.append(digits)
    return "(?:" + "|".join(options) + ")"


class IdConvertor(Convertor[int]):
    """`{name:id}` in a route path: a database id 1..db.MAX_INT. Anything else does not match the
    route (404), so an id too large for the database never reaches it."""

    regex = _up_to(db.MAX_INT)

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        value = int(value)
        assert 1 <= value <= db.MAX_INT, "Not a database id"
        return str(value)


register_url_convertor("id", IdConvertor())


def client_ip(request: Request, trusted_proxies: tuple[str, ...] = ()) -> str:
    host = request.client.host if request.client else "unknown"
    if host in trusted_proxies:
        forwarded = request.headers.get("x-forwarded-for", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return host


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


# ---------------------------------------------------------------- NUL characters


class NulGuardMiddleware:
    """A NUL character in the path (404) or the query string (400) never reaches a handler:
    PostgreSQL cannot store or compare text with one, and no page or name has one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query = scope.get("query_string", b"").lower()
            status = 404 if "\x00" in scope["path"] else 0
            status = status or (400 if b"%00" in query or b"\x00" in query else 0)
            if status:
                message = _nul_message() if status == 400 else None
                await error_response(Request(scope), status, message=message)(scope, receive, send)
                return
        await self.app(scope, receive, send)


# ---------------------------------------------------------------- body size


class BodyTooLarge(HTTPException):
    """The request body is over the limit of its path (raised while the body is read)."""

    def __init__(self, limit: int) -> None:
        megabytes = max(1, limit // (1024 * 1024))
        super().__init__(
            413, i18n._("Dit verzoek is te groot (hoogstens %(n)s MB).") % {"n": megabytes}
        )


class BodyLimitMiddleware:
    """Every request body has a limit: `json_bytes` under the JSON API prefixes, `form_bytes`
    (forms and uploads) elsewhere. It applies when the body is read, so a handler that refuses
    first (no API token) never reads a large body: a declared Content-Length over the limit is
    refused before the first byte, a streamed body once its bytes pass the limit."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        json_prefixes: tuple[str, ...] = ("/api/",),
        json_bytes: int = MAX_JSON_BYTES,
        form_bytes: int = MAX_FORM_BYTES,
    ) -> None:
        self.app = app
        self.json_prefixes = json_prefixes
        self.json_bytes = json_bytes
        self.form_bytes = form_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.json_bytes if scope["path"].startswith(self.json_prefixes) else self.form_bytes
        declared = _header(scope, b"content-length")
        too_large = declared is not None and declared.isdigit() and int(declared) > limit
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            if too_large:
                raise BodyTooLarge(limit)
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except BodyTooLarge as error:
            # Raised outside the router (the CSRF check reads form bodies first).
            if started:
                raise
            response = error_response(Request(scope), 413, message=error.detail)
            await response(scope, receive, send)


# ---------------------------------------------------------------- CSRF

CSRF_FIELD = "csrf_token"
CSRF_SESSION_KEY = "_csrf"


def csrf_token(request: Request) -> str:
    token = request.session.get(CSRF_SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_SESSION_KEY] = token
    return str(token)


class CSRFMiddleware:
    """Every unsafe request outside the bearer-token JSON API must carry the session's token,
    in the form field `csrf_token` or the `X-CSRF-Token` header. Runs inside SessionMiddleware."""

    def __init__(self, app: ASGIApp, exempt_prefixes: tuple[str, ...] = ("/api/",)) -> None:
        self.app = app
        self.exempt_prefixes = exempt_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(self.exempt_prefixes):
            await self.app(scope, receive, send)
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_FORM_BYTES:
                await _plain_error(413, "Request too large / Verzoek te groot")(
                    scope, receive, send
                )
                return
        expected = scope.get("session", {}).get(CSRF_SESSION_KEY, "")
        given = await _submitted_token(scope, body)
        if not expected or not given or not hmac.compare_digest(str(expected), given):
            refusal = i18n._(
                "Dit formulier is verlopen of niet vanaf deze site verstuurd. "
                "Ga terug, laad de pagina opnieuw en probeer het nog eens."
            )
            response = error_response(Request(scope), 403, code="csrf_failed", message=refusal)
            await response(scope, _replay(body), send)
            return
        await self.app(scope, _replay(body), send)


async def _submitted_token(scope: Scope, body: bytes) -> str:
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
    if "x-csrf-token" in headers:
        return headers["x-csrf-token"]
    ctype = headers.get("content-type", "")
    if ctype.startswith("application/x-www-form-urlencoded"):
        values = parse_qs(body.decode("utf-8", "replace")).get(CSRF_FIELD, [""])
        return values[0]
    if ctype.startswith("multipart/form-data"):
        request = Request(scope, _replay(body))
        try:
            data = await request.form(max_files=20, max_fields=500)
        except Exception:
            return ""
        value = data.get(CSRF_FIELD, "")
        await data.close()
        return value if isinstance(value, str) else ""
    return ""


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def _plain_error(status: int, text: str) -> Response:
    return Response(text, status_code=status, media_type="text/plain; charset=utf-8")


# ---------------------------------------------------------------- locale


class LocaleMiddleware:
    """Choose the language per request (?lang=, remembered cookie, Accept-Language, Dutch)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope.get("query_string") or _header(scope, b"cookie") is not None:
            request = Request(scope)
            query_lang = request.query_params.get("lang")
            lang = i18n.negotiate(
                query_lang, request.cookies.get("lang"), request.headers.get("accept-language")
            )
        else:  # the common API call: only Accept-Language can choose (no Request object needed)
            query_lang = None
            accept = _header(scope, b"accept-language")
            lang = i18n.negotiate(None, None, accept.decode("latin-1") if accept else None)
        token = i18n.set_language(lang)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-language", lang.encode()))
                if query_lang in i18n.LANGUAGES:
                    cookie = f"lang={lang}; Path=/; Max-Age=31536000; SameSite=Lax"
                    headers.append((b"set-cookie", cookie.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_cookie)
        finally:
            i18n._current.reset(token)  # type: ignore[arg-type]


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None


class SessionMiddleware(starlette_sessions.SessionMiddleware):
    """Starlette's signed-cookie session, skipped for JSON API calls without any cookie (scanner
    devices with a bearer token): they have no session to load, and API handlers never start one."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        api = scope["type"] == "http" and scope["path"].startswith("/api/")
        if api and _header(scope, b"cookie") is None:
            scope["session"] = {}
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


# ---------------------------------------------------------------- security headers


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _v in headers}
                defaults = {
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"same-origin",
                    b"x-frame-options": b"DENY",
                    b"content-security-policy": (
                        b"default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
                        b"script-src 'self'; media-src 'self' blob:; frame-ancestors 'none'; "
                        b"form-action 'self'; base-uri 'self'"
                    ),
                }
                for name, value in defaults.items():
                    if name not in names:
                        headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


# ---------------------------------------------------------------- errors


def error_response(
    request: Request,
    status: int,
    *,
    code: str | None = None,
    message: str | None = None,
    fields: dict[str, str] | None = None,
) -> Response:
    titles = {
        400: i18n._("Er ging iets mis met uw verzoek"),
        401: i18n._("U moet eerst inloggen"),
        403: i18n._("Geen toegang"),
        404: i18n._("Pagina niet gevonden"),
        405: i18n._("Dat kan hier niet"),
        409: i18n._("Dat kan nu niet"),
        413: i18n._("Het bestand is te groot"),
        422: i18n._("Controleer wat u hebt ingevuld"),
        429: i18n._("Te veel pogingen"),
        500: i18n._("Er ging iets mis bij ons"),
        503: i18n._("Even niet beschikbaar"),
    }
    title = titles.get(status, titles[400])
    if wants_json(request):
        error: dict[str, Any] = {
            "code": code or _default_codes.get(status, "error"),
            "message": message or title,
        }
        if fields:
            error["fields"] = fields
        return JSONResponse({"error": error}, status_code=status)
    template = f"errors/{status}.html" if status in (403, 404, 500) else "errors/error.html"
    try:
        return render(
            request,
            template,
            {
                "status": status,
                "title": title,
                "message": message,
                "fields": fields or {},
                "request_id": request.scope.get("state", {}).get("request_id"),
            },
            status_code=status,
        )
    except Exception:
        return _plain_error(status, title)


_default_codes = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}


async def http_exception_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if exc.detail and exc.detail != _reason(exc.status_code) else None
    response = error_response(request, exc.status_code, message=message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


async def domain_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    response = error_response(
        request, exc.status_code, code=exc.code, message=exc.message, fields=exc.fields
    )
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        response.headers["Retry-After"] = str(int(retry_after))
    return response


async def server_error_handler(request: Request, exc: Exception) -> Response:
    return error_response(request, 500)


async def invalid_value_handler(request: Request, exc: Exception) -> Response:
    """The ORM refused a value for its column (too long for it): the input was wrong, not the
    server. Lookups that can meet such input (an event slug in the URL) answer 404 themselves;
    this is the net under the rest."""
    logging.getLogger("festival").info("value refused by the ORM: %.200s", exc)
    message = i18n._("Een van de waarden is te lang of ongeldig.")
    return error_response(request, 422, code="invalid_value", message=message)


class LogErrorAfterResponse:
    """Wraps the whole app. Starlette's ServerErrorMiddleware sends the 500 page and then raises
    the error again, and uvicorn answers a raised error by closing the connection: the client's
    next request on that keep-alive connection was reset. Once the response is complete, the
    error is logged here instead; before that it goes on to the server as usual."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        complete = False

        async def watched_send(message: Message) -> None:
            nonlocal complete
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                complete = True

        try:
            await self.app(scope, receive, watched_send)
        except Exception:
            if not complete:
                raise
            logging.getLogger("festival").exception(
                "Unhandled error in %s %s after its response was sent",
                scope["method"],
                scope["path"],
            )


async def unavailable_handler(request: Request, exc: Exception) -> Response:
    """The database (or another backing service) does not answer: 503, try again shortly."""
    logging.getLogger("festival").warning("backing service unavailable: %s", exc)
    response = error_response(request, 503)
    response.headers["Retry-After"] = "30"
    return response


# ---------------------------------------------------------------- auth guards


def login_url(request: Request) -> str:
    return "/login?next=" + quote(
        request.url.path + (("?" + request.url.query) if request.url.query else "")
    )


def require_login(handler: Handler) -> Handler:
    """Any logged-in user; otherwise to the login page."""

    @functools.wraps(handler)
    async def wrapper(request: Request) -> Response:
        if getattr(request.state, "user", None) is None:
            return redirect(login_url(request))
        return await handler(request)

    wrapper.required_roles = ()  # type: ignore[attr-defined]
    return wrapper


@dataclass(frozen=True)
class RoleLookups:
    """How require_role finds a user's role, handed in by create_app as app.state.role_lookups
    (this module imports no area). `event_role(user, slug)` returns the event and the user's
    role in the organisation that owns it (raising the area's NotFound for an unknown slug);
    `best_role(user, roles)` the strongest role anywhere, preferring one of `roles`."""

    event_role: Callable[[Any, str], Awaitable[tuple[Any, str | None]]]
    best_role: Callable[[Any, tuple[str, ...]], Awaitable[str | None]]


def require_role(*roles: str) -> Callable[[Handler], Handler]:
    """Organiser and staff routes: the user needs one of `roles` in the organisation that owns
    the event named by the `slug` path parameter (or, without one, in any organisation);
    the rule is navigation.allows, which the menus use too. Sets request.state.event and
    request.state.role."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def wrapper(request: Request) -> Response:
            user = getattr(request.state, "user", None)
            if user is None:
                return redirect(login_url(request))
            lookups: RoleLookups = request.app.state.role_lookups
            slug = request.path_params.get("slug")
            if slug is not None:
                request.state.event, role = await lookups.event_role(user, slug)
            else:
                role = await lookups.best_role(user, roles)
            if not navigation.allows(roles, role, is_admin=user.is_admin):
                return error_response(request, 403)
            request.state.role = role
            return await handler(request)

        wrapper.required_roles = roles  # type: ignore[attr-defined]
        return wrapper

    return decorate
