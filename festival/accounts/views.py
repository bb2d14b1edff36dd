"""Login, logout, password reset by e-mail link, and the user's own account page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from festival import i18n, navigation, web
from festival.accounts import services
from festival.accounts.models import User
from festival.errors import DomainError, RateLimited, ValidationError
from festival.forms import FormReader
from festival.i18n import _
from festival.submissions import services as submissions


def safe_next(value: object) -> str | None:
    """A local path to go to after login, or None: never another site (no open redirect)."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    return value


def _settings(request: Request) -> Any:
    return request.app.state.settings


def _ip(request: Request) -> str:
    return web.client_ip(request, _settings(request).trusted_proxies)


def start_session(request: Request, user: User) -> None:
    """A fresh session for the logged-in user: nothing from before survives but the language."""
    language = request.session.get("lang")
    request.session.clear()
    if language:
        request.session["lang"] = language
    request.session["user_id"] = user.id
    request.session["v"] = user.session_version


def _with_language(response: Response, user: User) -> Response:
    response.set_cookie("lang", user.language, max_age=31536000, path="/", samesite="lax")
    return response


# ---------------------------------------------------------------- login / logout


async def _login_form(
    request: Request,
    *,
    email: str = "",
    next_url: str | None = None,
    error: DomainError | None = None,
    status_code: int = 200,
) -> Response:
    # New partners arrive here too (the partner portal asks for a login): show the way in.
    calls = await submissions.open_calls()
    context = {"email": email, "next": next_url or "", "error": error, "open_calls": calls}
    response = web.render(request, "accounts/login.html", context, status_code=status_code)
    if isinstance(error, RateLimited):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


async def login_page(request: Request) -> Response:
    return await _login_form(request, next_url=safe_next(request.query_params.get("next")))


async def _login_again(
    request: Request, *, values: dict[str, str], error: ValidationError | RateLimited
) -> Response:
    email = values.get("email", "")
    next_url = safe_next(values.get("next") or request.query_params.get("next"))
    return await _login_form(
        request, email=email, next_url=next_url, error=error, status_code=error.status_code
    )


@web.form_handler(_login_again, refusals=(ValidationError, RateLimited))
async def login(request: Request) -> Response:
    data, settings = FormReader(await web.form(request)), _settings(request)
    next_url = safe_next(data.raw("next") or request.query_params.get("next"))
    user = await services.log_in(
        data.raw("email"), data.raw("password"), ip=_ip(request), limit=settings.login_rate_limit
    )
    start_session(request, user)
    next_url = next_url or (await navigation.landing(request.app, user)).url
    return _with_language(web.redirect(next_url), user)


async def logout(request: Request) -> Response:
    user = getattr(request.state, "user", None)
    if user is not None:
        await services.log_out(user)
    request.session.clear()
    web.flash(request, _("U bent uitgelogd."))
    return web.redirect("/")


# ---------------------------------------------------------------- password reset


async def forgot_page(request: Request) -> Response:
    return web.render(request, "accounts/forgot.html", {"email": "", "error": None})


async def _forgot_again(
    request: Request, *, values: dict[str, str], error: ValidationError | RateLimited
) -> Response:
    context = {"email": values.get("email", "").strip(), "error": error}
    response = web.render(request, "accounts/forgot.html", context, status_code=error.status_code)
    if isinstance(error, RateLimited):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


@web.form_handler(_forgot_again, refusals=(ValidationError, RateLimited))
async def forgot(request: Request) -> Response:
    data = FormReader(await web.form(request))
    email, settings = data.text("email"), _settings(request)
    await services.request_password_reset(
        email,
        ip=_ip(request),
        limit=settings.login_rate_limit,
        secret_key=settings.secret_key,
        base_url=settings.base_url,
    )
    return web.render(request, "accounts/forgot_sent.html", {"email": email})


def _bad_link(request: Request, error: DomainError) -> Response:
    return web.render(request, "accounts/reset_invalid.html", {"error": error}, status_code=400)


async def reset_page(request: Request) -> Response:
    token = request.path_params["token"]
    try:
        user = await services.user_for_reset_token(token, secret_key=_settings(request).secret_key)
    except DomainError as error:
        return _bad_link(request, error)
    return web.render(
        request, "accounts/reset.html", {"token": token, "for_user": user, "error": None}
    )


async def reset(request: Request) -> Response:
    token, data = request.path_params["token"], FormReader(await web.form(request))
    try:
        await services.reset_password(
            token,
            password=data.raw("password"),
            confirm=data.raw("confirm"),
            secret_key=_settings(request).secret_key,
        )
    except ValidationError as error:
        user = await services.user_for_reset_token(token, secret_key=_settings(request).secret_key)
        context = {"token": token, "for_user": user, "error": error}
        return web.render(request, "accounts/reset.html", context, status_code=error.status_code)
    except DomainError as error:
        return _bad_link(request, error)
    request.session.clear()
    web.flash(request, _("Uw wachtwoord is ingesteld. Log nu in met uw nieuwe wachtwoord."))
    return web.redirect("/login")


# ---------------------------------------------------------------- own account


def _account_page(
    request: Request,
    *,
    profile_error: ValidationError | None = None,
    password_error: ValidationError | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    user: User = request.state.user
    context = {
        "values": {"name": user.name, "language": user.language, **(values or {})},
        "profile_error": profile_error,
        "password_error": password_error,
        "languages": [("nl", "Nederlands"), ("en", "English")],
    }
    return web.render(request, "accounts/account.html", context, status_code=status_code)


@web.require_login
async def account(request: Request) -> Response:
    return _account_page(request)


async def _profile_again(
    request: Request, *, values: dict[str, str], error: ValidationError
) -> Response:
    shown = {"name": values.get("name", ""), "language": values.get("language", "")}
    return _account_page(request, profile_error=error, values=shown, status_code=error.status_code)


@web.require_login
@web.form_handler(_profile_again)
async def update_account(request: Request) -> Response:
    data = FormReader(await web.form(request))
    user = await services.update_profile(
        request.state.user, name=data.raw("name"), language=data.raw("language")
    )
    i18n.set_language(user.language)
    web.flash(request, _("Uw gegevens zijn opgeslagen."))
    return _with_language(web.redirect("/account"), user)


async def _password_again(request: Request, *, values: object, error: ValidationError) -> Response:
    return _account_page(request, password_error=error, status_code=error.status_code)


@web.require_login
@web.form_handler(_password_again)
async def change_password(request: Request) -> Response:
    data = FormReader(await web.form(request))
    user = await services.change_password(
        request.state.user,
        current=data.raw("current"),
        new=data.raw("password"),
        confirm=data.raw("confirm"),
    )
    request.session["v"] = user.session_version  # this session stays; all others end
    web.flash(request, _("Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd."))
    return web.redirect("/account")


# ---------------------------------------------------------------- organisations' look

_LOGO_FILE = re.compile(r"^[0-9a-f]{32}\.png$")


async def brand_css(request: Request) -> Response:
    branding = await services.branding_by_slug(request.path_params["org_slug"])
    headers = {"Cache-Control": "public, max-age=300"}
    return Response(services.brand_css(branding), media_type="text/css", headers=headers)


async def logo(request: Request) -> Response:
    """An organisation's logo from <media_dir>/organisations; only names the service makes."""
    name = request.path_params["file"]
    if not _LOGO_FILE.fullmatch(name):
        raise HTTPException(404)
    path = request.app.state.settings.media_dir / "organisations" / name
    if not path.is_file():
        raise HTTPException(404)
    headers = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}
    return FileResponse(path, headers=headers)


routes: list[BaseRoute] = [
    Route("/login", login_page, methods=["GET"], name="accounts:login_page"),
    Route("/login", login, methods=["POST"], name="accounts:login"),
    Route("/logout", logout, methods=["POST"], name="accounts:logout"),
    Route("/password/forgot", forgot_page, methods=["GET"], name="accounts:forgot_page"),
    Route("/password/forgot", forgot, methods=["POST"], name="accounts:forgot"),
    Route("/password/reset/{token}", reset_page, methods=["GET"], name="accounts:reset_page"),
    Route("/password/reset/{token}", reset, methods=["POST"], name="accounts:reset"),
    Route("/account", account, methods=["GET"], name="accounts:account"),
    Route("/account", update_account, methods=["POST"], name="accounts:update_account"),
    Route("/account/password", change_password, methods=["POST"], name="accounts:change_password"),
    Route("/organisations/{org_slug}/brand.css", brand_css, name="accounts:brand_css"),
    Route("/media/organisations/{file}", logo, name="accounts:logo"),
]
