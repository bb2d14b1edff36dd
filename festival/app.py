"""create_app(settings) -> Starlette: every area's routes, the middleware, and the lifespan.

Areas share URL prefixes (/events/{slug}/... belongs to events, programme, registration), and
a Starlette Mount claims its whole prefix, so each area's `routes` are flat Route objects named
"<area>:<name>" and are concatenated here in order.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send
from tortoise.exceptions import DBConnectionError
from tortoise.exceptions import ValidationError as InvalidValue

from festival import db, jobs, openapi, web
from festival.accounts import admin as accounts_admin
from festival.accounts import services as accounts
from festival.accounts import views as accounts_views
from festival.accounts.models import Role, User
from festival.archive import admin as archive_admin
from festival.archive import api as archive_api
from festival.archive import views as archive_views
from festival.checkin import admin as checkin_admin
from festival.checkin import api as checkin_api
from festival.checkin import views as checkin_views
from festival.errors import DomainError
from festival.evaluation import admin as evaluation_admin
from festival.evaluation import views as evaluation_views
from festival.events import admin as events_admin
from festival.events import services as events
from festival.events import views as events_views
from festival.events.models import Event
from festival.feedback import admin as feedback_admin
from festival.feedback import admin_results as feedback_admin_results
from festival.feedback import views as feedback_views
from festival.invoicing import admin as invoicing_admin
from festival.invoicing import views as invoicing_views
from festival.mail import admin as mail_admin
from festival.messages import admin as messages_admin
from festival.operations import views as operations_views
from festival.operations.middleware import RequestMiddleware
from festival.payments import admin as payments_admin
from festival.payments import views as payments_views
from festival.payments.stripe_double import (
    DEMO_SECRET_KEY,
    DEMO_WEBHOOK_SECRET,
    MOUNT_PATH,
    StripeDouble,
    demo_settings,
)
from festival.privacy import admin as privacy_admin
from festival.privacy import views as privacy_views
from festival.programme import admin as programme_admin
from festival.programme import api as programme_api
from festival.programme import views as programme_views
from festival.registration import admin as registration_admin
from festival.registration import api as registration_api
from festival.registration import views as registration_views
from festival.settings import Settings
from festival.submissions import admin as submissions_admin
from festival.submissions import views as submissions_views
from festival.tickets import views as tickets_views
from workers.jobs import JOBS
from workers.schedule import IN_PROCESS_PERIODIC

log = logging.getLogger("festival")


async def healthz(request: Request) -> JSONResponse:
    if await db.ping():
        return JSONResponse({"status": "ok"})
    return JSONResponse(
        {
            "status": "unavailable",
            "error": {"code": "database_unavailable", "message": "The database does not answer."},
        },
        status_code=503,
    )


def all_routes() -> list[BaseRoute]:
    return [
        Route("/healthz", healthz, name="healthz"),
        # First: the router tries routes in order, and scanners call these the most.
        *checkin_api.routes,
        *registration_api.routes,  # then the registrations of a rush (121 patterns tried before)
        Mount("/static", app=StaticFiles(directory=str(web.STATIC_DIR)), name="static"),
        *events_views.routes,
        *programme_views.routes,
        *accounts_views.routes,
        *accounts_admin.routes,
        *events_admin.routes,
        *programme_admin.routes,
        *mail_admin.routes,
        *programme_api.routes,
        *openapi.routes,
        *registration_views.routes,
        *registration_admin.routes,
        *tickets_views.routes,
        *checkin_views.routes,
        *checkin_admin.routes,
        *submissions_views.routes,
        *submissions_admin.routes,
        *archive_views.routes,
        *archive_admin.routes,
        *archive_api.routes,
        *feedback_views.routes,
        *feedback_admin.routes,
        *feedback_admin_results.routes,
        *evaluation_admin.routes,
        *evaluation_views.routes,
        *payments_views.routes,
        *payments_admin.routes,
        *invoicing_admin.routes,
        *invoicing_views.routes,
        *messages_admin.routes,
        *operations_views.routes,
        *privacy_views.routes,
        *privacy_admin.routes,
    ]


class UserMiddleware:
    """Loads the logged-in user from the signed session cookie into request.state.user."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            state = scope.setdefault("state", {})
            session = scope.get("session") or {}
            state["user"] = None
            if "user_id" in session:
                state["user"] = await accounts.user_for_session(
                    session.get("user_id"), session.get("v")
                )
        await self.app(scope, receive, send)


async def event_role(user: User, slug: str) -> tuple[Event, Role | None]:
    """The event named `slug` and the user's role in the organisation that owns it."""
    event = await events.get_event(slug)
    return event, await accounts.role_in_organisation(user, event.organisation_id)


async def best_role(user: User, roles: tuple[str, ...]) -> Role | None:
    return await accounts.best_role(user, among=roles)


def lifespan_for(settings: Settings) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """Open the database and the job runner at start, close them at the end."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # A process that already opened the database (the test suite, an embedding
        # program) keeps ownership of it and of the job runner.
        owns_db = not db.is_open()
        if owns_db:
            await db.init(settings.database_url)
            await jobs.start(
                {"settings": settings},
                settings.redis_url,
                functions=JOBS,
                queue=settings.job_queue,
            )
            # Jobs in this process (no Redis, no job process): the sweeps arq cron runs.
            jobs.start_periodic(IN_PROCESS_PERIODIC)
            # What start-up made (modules, templates, ORM metadata, catalogs) lives as long as
            # the process: frozen, the collector's full passes no longer walk it. Those passes
            # were the 40-60 ms p99 tail of scans under load (bench/bench_checkin.py).
            gc.collect()
            gc.freeze()
        try:
            yield
        finally:
            if owns_db:
                await jobs.stop()
                await db.close()

    return lifespan


def middleware_for(settings: Settings) -> list[Middleware]:
    return [
        # Large answers (the scanner's offline ticket list, exports, the programme) travel
        # compressed; small ones (a scan result) are left alone.
        Middleware(GZipMiddleware, minimum_size=1024, compresslevel=5),
        Middleware(web.SecurityHeadersMiddleware),
        Middleware(web.LocaleMiddleware),
        Middleware(web.NulGuardMiddleware),
        Middleware(web.BodyLimitMiddleware, json_prefixes=("/api/", "/payments/webhook")),
        Middleware(
            web.SessionMiddleware,
            secret_key=settings.secret_key,
            session_cookie="festival_session",
            max_age=14 * 24 * 3600,
            same_site="lax",
            https_only=settings.secure_cookies,
        ),
        Middleware(UserMiddleware),
        Middleware(
            web.CSRFMiddleware, exempt_prefixes=("/api/", "/payments/webhook", MOUNT_PATH + "/")
        ),
    ]


class Festival(Starlette):
    """Starlette, with an unhandled error logged (not raised to the server) once its 500
    response is complete, so the client's keep-alive connection stays usable; outermost, the
    request id, metrics and access line of every request (the 500 page included)."""

    def build_middleware_stack(self) -> ASGIApp:
        return RequestMiddleware(web.LogErrorAfterResponse(super().build_middleware_stack()))


def with_stripe_double(settings: Settings) -> tuple[Settings, list[BaseRoute]]:
    """The demo without Stripe keys (FESTIVAL_STRIPE_DOUBLE=1, which `festival serve --demo`
    sets when no key is configured): the local Stripe double answers on this very server under
    /_stripe-test, with its test keys. The app calls it asynchronously, so never blocks on
    itself. One process only (the double keeps its sessions in memory); never in production."""
    if not settings.stripe_double or settings.is_production:
        return settings, []
    settings = demo_settings(settings)
    double = StripeDouble(
        secret_key=DEMO_SECRET_KEY,
        webhook_secret=DEMO_WEBHOOK_SECRET,
        public_url=settings.base_url + MOUNT_PATH,
        webhook_url=settings.base_url + "/payments/webhook",
    )
    return settings, [Mount(MOUNT_PATH, app=double.app, name="stripe_double")]


def create_app(settings: Settings | None = None) -> Starlette:
    settings, double = with_stripe_double(settings or Settings.from_env())
    app = Festival(
        debug=False,
        routes=all_routes() + double,
        middleware=middleware_for(settings),
        lifespan=lifespan_for(settings),
        exception_handlers={
            HTTPException: web.http_exception_handler,
            DomainError: web.domain_error_handler,
            DBConnectionError: web.unavailable_handler,
            InvalidValue: web.invalid_value_handler,
            ConnectionError: web.unavailable_handler,
            Exception: web.server_error_handler,
        },
    )
    app.state.settings = settings
    app.state.role_lookups = web.RoleLookups(event_role=event_role, best_role=best_role)
    return app
