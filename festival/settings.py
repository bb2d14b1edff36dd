"""One typed Settings object, read once from FESTIVAL_* environment variables and validated."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlparse

DEFAULT_DATABASE_URL = "sqlite://./festival.sqlite3"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql")


class SettingsError(Exception):
    """The configuration is unsafe or incomplete; the message says what to set."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    env: str = "development"
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    # Without Redis: "database" queues jobs in the database for the job process (what
    # `festival serve` runs), "process" runs them in the process that queued them (tests).
    job_queue: str = "process"
    secret_key: str = field(default="", repr=False)
    base_url: str = DEFAULT_BASE_URL
    base_url_from_env: bool = False  # FESTIVAL_BASE_URL was set: links never follow the server
    smtp_url: str | None = None
    mail_from: str = "festival <noreply@festival.localhost>"
    data_dir: Path = Path("var")
    stripe_secret_key: str | None = field(default=None, repr=False)
    stripe_webhook_secret: str | None = field(default=None, repr=False)
    stripe_api_base: str | None = None
    stripe_double: bool = False  # the local Stripe double on this server (demo, development)
    login_rate_limit: int = 10  # failed attempts per 15 minutes per address and account
    registration_rate_limit: int = 30  # registrations per 10 minutes per address
    trusted_proxies: tuple[str, ...] = ()
    metrics_token: str | None = field(default=None, repr=False)  # unset: no /metrics (404)
    log_format: str = "text"  # "json" (production's default) or "text"
    log_level: str = "INFO"

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def secure_cookies(self) -> bool:
        return urlparse(self.base_url).scheme == "https"

    def served_at(self, host: str, port: int) -> Settings:
        """These settings for a server on host:port: without FESTIVAL_BASE_URL (development and
        test only; production requires it), links in mails and pages point at that address."""
        if self.base_url_from_env or self.is_production:
            return self
        # Listening on every interface: links use loopback, where this machine answers too.
        if host in ("0.0.0.0", "::", ""):  # noqa: S104
            host = "127.0.0.1"
        elif ":" in host:
            host = f"[{host}]"
        return replace(self, base_url=f"http://{host}:{port}")

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the environment; create a local secret key on first start outside production."""
        env = dict(os.environ if environ is None else environ)
        mode = env.get("FESTIVAL_ENV", "development")
        if mode not in ("development", "production", "test"):
            raise SettingsError(
                f"FESTIVAL_ENV must be development, production or test, not {mode!r}"
            )
        data_dir = Path(env.get("FESTIVAL_DATA_DIR", "var"))
        if mode == "production":
            _refuse_unsafe_production(env)
        secret = env.get("FESTIVAL_SECRET_KEY") or _local_secret_key(data_dir)
        proxies = env.get("FESTIVAL_TRUSTED_PROXIES", "")
        return cls(
            env=mode,
            database_url=_database_url(env.get("FESTIVAL_DATABASE_URL") or DEFAULT_DATABASE_URL),
            redis_url=env.get("FESTIVAL_REDIS_URL") or None,
            job_queue=_job_queue(env.get("FESTIVAL_JOB_QUEUE") or "database"),
            secret_key=secret,
            base_url=(env.get("FESTIVAL_BASE_URL") or DEFAULT_BASE_URL).rstrip("/"),
            base_url_from_env=bool(env.get("FESTIVAL_BASE_URL")),
            smtp_url=env.get("FESTIVAL_SMTP_URL") or None,
            mail_from=env.get("FESTIVAL_MAIL_FROM") or cls.mail_from,
            data_dir=data_dir,
            stripe_secret_key=env.get("STRIPE_SECRET_KEY") or None,
            stripe_webhook_secret=env.get("STRIPE_WEBHOOK_SECRET") or None,
            stripe_api_base=env.get("STRIPE_API_BASE") or None,
            stripe_double=env.get("FESTIVAL_STRIPE_DOUBLE") == "1",
            trusted_proxies=tuple(p.strip() for p in proxies.split(",") if p.strip()),
            metrics_token=_metrics_token(env.get("FESTIVAL_METRICS_TOKEN") or None),
            log_format=_choice(
                env,
                "FESTIVAL_LOG_FORMAT",
                ("json", "text"),
                "json" if mode == "production" else "text",
            ),
            log_level=_choice(
                env, "FESTIVAL_LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO"
            ),
            login_rate_limit=_positive_int(env, "FESTIVAL_LOGIN_RATE_LIMIT", cls.login_rate_limit),
            registration_rate_limit=_positive_int(
                env, "FESTIVAL_REGISTRATION_RATE_LIMIT", cls.registration_rate_limit
            ),
        )


def _choice(env: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = env.get(name) or default
    if value not in allowed:
        raise SettingsError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _metrics_token(value: str | None) -> str | None:
    if value is not None and len(value) < 16:
        raise SettingsError("FESTIVAL_METRICS_TOKEN is too short (at least 16 characters)")
    return value


def _job_queue(value: str) -> str:
    if value not in ("database", "process"):
        raise SettingsError(f"FESTIVAL_JOB_QUEUE must be database or process, not {value!r}")
    return value


def _database_url(url: str) -> str:
    """The URL, when festival can use it: SQLite in a folder that exists, or PostgreSQL."""
    from tortoise.backends.base.config_generator import expand_db_url

    scheme = url.partition("://")[0] if "://" in url else ""
    try:
        if scheme not in DATABASE_SCHEMES:
            raise ValueError(scheme)
        config = expand_db_url("postgres" + url[len(scheme) :] if scheme != "sqlite" else url)
    except Exception:  # Tortoise's ConfigurationError, or a port or option that is no number
        shown = re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)  # never print a password
        raise SettingsError(
            "FESTIVAL_DATABASE_URL must be sqlite://PATH or "
            f"postgresql://USER:PASSWORD@HOST:PORT/NAME, not {shown!r}."
        ) from None
    path = str(config["credentials"].get("file_path", ""))
    if scheme == "sqlite" and path != ":memory:" and not Path(path).parent.is_dir():
        raise SettingsError(
            f"FESTIVAL_DATABASE_URL names a SQLite file in {str(Path(path).parent)!r}, "
            "a folder that does not exist: create it, or choose another path."
        )
    return url


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise SettingsError(f"{name} must be at least 1")
    return value


def _refuse_unsafe_production(env: Mapping[str, str]) -> None:
    problems = []
    secret = env.get("FESTIVAL_SECRET_KEY", "")
    if not secret:
        problems.append("FESTIVAL_SECRET_KEY is missing")
    elif len(secret) < 32:
        problems.append("FESTIVAL_SECRET_KEY is too short (at least 32 characters)")
    base_url = env.get("FESTIVAL_BASE_URL", "")
    if not base_url:
        problems.append("FESTIVAL_BASE_URL is missing")
    elif not base_url.startswith("https://"):
        problems.append("FESTIVAL_BASE_URL must start with https://")
    if not env.get("FESTIVAL_DATABASE_URL"):
        problems.append("FESTIVAL_DATABASE_URL is missing")
    if env.get("FESTIVAL_STRIPE_DOUBLE") == "1":
        problems.append("FESTIVAL_STRIPE_DOUBLE is for the demo only (set live Stripe keys)")
    if problems:
        raise SettingsError("Refusing to start in production: " + "; ".join(problems) + ".")


def _local_secret_key(data_dir: Path) -> str:
    """Create, once, a random key kept in the data folder, so sessions survive restarts."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
