"""The `festival` command: serve, worker, migrate, makemigrations, demo, user, token,
retention."""

from __future__ import annotations

import argparse
import asyncio
import logging.config
import os
import secrets
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import uvicorn
from arq.logs import default_log_config
from arq.worker import check_health, run_worker
from tortoise.cli import cli as tortoise_cli

from festival import db, demo, jobs
from festival.accounts import services as accounts
from festival.accounts.models import Organisation, OrganisationKind, Role, TokenScope
from festival.app import create_app
from festival.errors import DomainError
from festival.events import services as events
from festival.registration import services as registration
from festival.settings import Settings, SettingsError
from festival.supervise import JobProcess
from workers import queue as queue_worker
from workers.jobs import JOBS
from workers.settings import worker_settings


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    try:
        result = args.func(Settings.from_env(), args)
    except SettingsError as error:  # the configuration is wrong: nothing was started
        print(f"festival: {error}", file=sys.stderr)
        return 2
    except CommandError as error:
        print(f"festival: {error}", file=sys.stderr)
        return 1
    return int(result or 0)


class CommandError(Exception):
    """A command could not do its work; the message says why (no traceback for the user)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="festival", description="festival: events for local democracy"
    )
    sub = parser.add_subparsers(title="commands")

    serve = sub.add_parser(
        "serve", help="run the web app (migrates the embedded SQLite database first)"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument(
        "--demo", action="store_true", help="load the demo edition dld-demo if absent"
    )
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser(
        "worker",
        help="run the job worker: arq with FESTIVAL_REDIS_URL, else the database queue",
    )
    worker.add_argument("--check", action="store_true", help="exit 0 when a worker is alive")
    worker.add_argument(
        "--take-over",
        action="store_true",
        help="the only job process: run the jobs of a stopped one again at once",
    )
    worker.set_defaults(func=cmd_worker)

    migrate = sub.add_parser("migrate", help="apply database migrations")
    migrate.set_defaults(func=cmd_migrate)

    make = sub.add_parser("makemigrations", help="(developers) write a migration for model changes")
    make.add_argument("--name", default=None)
    make.set_defaults(func=cmd_makemigrations)

    demo = sub.add_parser("demo", help="load the demo data (idempotent)")
    demo.set_defaults(func=cmd_demo)

    user = sub.add_parser("user", help="manage users").add_subparsers(title="user commands")
    create_user = user.add_parser("create", help="create a user with a role")
    create_user.add_argument("--email", required=True)
    create_user.add_argument(
        "--role",
        required=True,
        choices=["admin", "owner", "organiser", "reviewer", "staff", "partner"],
    )
    create_user.add_argument("--name", default="")
    create_user.add_argument(
        "--organisation",
        default=None,
        help="organisation slug (default: the first organiser organisation)",
    )
    create_user.add_argument(
        "--password", default=None, help="default: read FESTIVAL_PASSWORD or generate one"
    )
    create_user.set_defaults(func=cmd_user_create)

    token = sub.add_parser("token", help="manage API tokens").add_subparsers(title="token commands")
    create_token = token.add_parser(
        "create", help="create an API token for one event; prints it once"
    )
    create_token.add_argument("--event", required=True, help="event slug")
    create_token.add_argument("--scope", required=True, choices=["checkin", "read", "admin"])
    create_token.add_argument("--name", default="")
    create_token.set_defaults(func=cmd_token_create)

    retention = sub.add_parser(
        "retention", help="personal data after each event's retention period"
    ).add_subparsers(title="retention commands")
    run_retention = retention.add_parser(
        "run", help="anonymise the attendees of every event whose retention period has passed"
    )
    run_retention.add_argument(
        "--dry-run", action="store_true", help="only print what would be anonymised"
    )
    run_retention.set_defaults(func=cmd_retention_run)
    return parser


def _check_database(settings: Settings) -> None:
    """Refuse a SQLite file that cannot be opened before any async driver tries (it would hang).
    Raises SettingsError."""

    try:
        db.check_file_opens(settings.database_url)
    except sqlite3.Error as error:
        raise SettingsError(
            f"cannot open the SQLite database of FESTIVAL_DATABASE_URL ({error})."
        ) from None


def _run(settings: Settings, work: Callable[[], Awaitable[Any]], *, migrate: bool = False) -> Any:
    _check_database(settings)

    async def runner() -> Any:
        if migrate:
            await db.migrate(settings.database_url)
        await db.init(settings.database_url)
        await jobs.start({"settings": settings}, settings.redis_url, functions=JOBS)
        try:
            return await work()
        finally:
            await jobs.stop()
            await db.close()

    try:
        return asyncio.run(runner())
    except (OSError, ConnectionError) as error:
        raise CommandError(f"cannot reach the database: {error}") from error


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    _check_database(settings)
    try:
        asyncio.run(db.migrate(settings.database_url))
    except (OSError, ConnectionError) as error:
        raise CommandError(f"cannot reach the database: {error}") from error
    print("Database is up to date.")
    return 0


def cmd_makemigrations(settings: Settings, args: argparse.Namespace) -> int:
    ctx = tortoise_cli.CLIContext(config="festival.db.MIGRATIONS_CONFIG", config_file=None)
    asyncio.run(tortoise_cli.makemigrations(ctx, (), False, args.name))
    return 0


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    report = _run(settings, lambda: demo.load_demo(), migrate=settings.uses_sqlite)
    print(demo.describe(report, settings.base_url))
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    _check_database(settings)
    settings = settings.served_at(args.host, args.port)
    if settings.uses_sqlite:
        asyncio.run(db.migrate(settings.database_url))
    if args.demo:
        cmd_demo(settings, args)
        if not settings.stripe_secret_key and not settings.is_production:
            # paid tickets of the demo pay through the local Stripe double (see create_app)
            settings = replace(settings, stripe_double=True)
            os.environ.setdefault("FESTIVAL_STRIPE_DOUBLE", "1")
    print(
        f"festival serves {settings.base_url} (listening on http://{args.host}:{args.port})",
        flush=True,
    )
    job_process = (
        JobProcess(settings)
        if not settings.redis_url and settings.job_queue == "database"
        else None
    )
    if job_process is not None:
        job_process.start()
    try:
        if args.workers > 1:
            os.environ.setdefault("FESTIVAL_SECRET_KEY", settings.secret_key)  # one key for all
            os.environ.setdefault("FESTIVAL_BASE_URL", settings.base_url)  # and one address
            uvicorn.run(
                "festival.asgi:app",
                host=args.host,
                port=args.port,
                workers=args.workers,
                log_level="info",
                access_log=False,  # a line per request costs the web process 5-8 % of its CPU
                **proxy_options(settings),
            )
        else:
            uvicorn.run(
                create_app(settings),
                host=args.host,
                port=args.port,
                log_level="info",
                access_log=False,  # a line per request costs the web process 5-8 % of its CPU
                **proxy_options(settings),
            )
    finally:
        if job_process is not None:
            job_process.stop()
    return 0


def proxy_options(settings: Settings) -> dict[str, Any]:
    """uvicorn believes X-Forwarded-For/-Proto only from FESTIVAL_TRUSTED_PROXIES; unset, from
    nobody (uvicorn's own default trusts 127.0.0.1, so anyone on this host could choose the
    address that rate limits and the audit log see)."""
    if not settings.trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": list(settings.trusted_proxies)}


def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    """Run the job worker until SIGTERM/SIGINT (it finishes or re-queues running jobs): arq on
    Redis, else the database queue (the embedded default's job process)."""
    if not settings.redis_url:
        if args.check:
            raise CommandError("--check needs FESTIVAL_REDIS_URL (it asks arq's health key)")
        _check_database(settings)
        if settings.uses_sqlite:
            asyncio.run(db.migrate(settings.database_url))
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
        logging.getLogger("weasyprint").setLevel(logging.WARNING)  # 7 progress lines per PDF
        asyncio.run(queue_worker.work(settings, take_over=args.take_over))
        return 0
    config = worker_settings(settings)
    if args.check:
        return check_health(config)
    _check_database(settings)
    if settings.uses_sqlite:
        asyncio.run(db.migrate(settings.database_url))
    logging.config.dictConfig(default_log_config(verbose=False))
    asyncio.set_event_loop(asyncio.new_event_loop())  # arq's Worker runs on the current loop
    run_worker(config)
    return 0


def cmd_user_create(settings: Settings, args: argparse.Namespace) -> int:
    password = args.password or os.environ.get("FESTIVAL_PASSWORD") or secrets.token_urlsafe(12)

    async def work() -> None:
        organisation = None
        role = None
        if args.role != "admin":
            role = Role(args.role)
            query = (
                Organisation.filter(slug=args.organisation)
                if args.organisation
                else Organisation.filter(kind=OrganisationKind.ORGANISER)
            )
            organisation = await query.order_by("id").first()
            if organisation is None:
                raise CommandError(
                    "no such organisation; create one first (or run `festival demo`)"
                )
        try:
            await accounts.create_user(
                args.email,
                name=args.name or args.email.split("@")[0],
                password=password,
                organisation=organisation,
                role=role,
                is_admin=args.role == "admin",
            )
        except DomainError as error:
            raise CommandError(error.message) from error

    _run(settings, work, migrate=settings.uses_sqlite)
    print(f"Created {args.email} ({args.role}). Password: {password}")
    return 0


def cmd_token_create(settings: Settings, args: argparse.Namespace) -> int:
    async def work() -> str:
        try:
            event = await events.get_event(args.event)
        except DomainError as error:
            raise CommandError(f"no event with slug {args.event!r}") from error
        _token, raw = await accounts.create_token(
            event.id, scope=TokenScope(args.scope), name=args.name or "cli"
        )
        return raw

    print(_run(settings, work, migrate=settings.uses_sqlite))
    return 0


def cmd_retention_run(settings: Settings, args: argparse.Namespace) -> int:
    """Anonymise now what the daily sweep would (`--dry-run`: count only), one line per event."""

    async def work() -> list[tuple[str, Any]]:
        return await registration.anonymise_due_events(
            dry_run=args.dry_run, outbox_dir=settings.outbox_dir
        )

    done = _run(settings, work, migrate=settings.uses_sqlite)
    verb = "would anonymise" if args.dry_run else "anonymised"
    for slug, result in done:
        counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in result.as_dict().items())
        print(f"{slug}: {verb} {counts}")
    if not done:
        print("No event is due: nothing to anonymise.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
