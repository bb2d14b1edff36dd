"""Backup and restore of the whole database: SQLite through its online backup API (a
consistent copy while festival runs), PostgreSQL through pg_dump / pg_restore in their custom
format. A restore goes into an empty database (or replaces one when asked) and is all or
nothing; `festival restore` then applies the migrations the backup does not have yet."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

from festival import db

# The table Tortoise keeps its applied migrations in: every festival database has it.
MIGRATIONS_TABLE = "tortoise_migrations"


class BackupError(Exception):
    """Backup or restore could not be done; the message says why (nothing was changed)."""


def backup(database_url: str, target: Path) -> None:
    """Write a backup of the database to `target` (replaced only once the backup is complete).
    Raises BackupError."""
    partial = target.with_name(target.name + ".partial")
    try:
        if _is_sqlite(database_url):
            _sqlite_copy(_sqlite_path(database_url), partial)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}"], database_url)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def restore(database_url: str, source: Path, *, replace: bool = False) -> None:
    """Put the backup `source` into the database; an existing festival database only with
    `replace`. Raises BackupError."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    if _is_sqlite(database_url):
        _restore_sqlite(_sqlite_path(database_url), source, replace=replace)
    else:
        _restore_postgres(database_url, source, replace=replace)


def _is_sqlite(database_url: str) -> bool:
    return database_url.startswith("sqlite")


def _sqlite_path(database_url: str) -> Path:
    path = db.connection_config(database_url)["credentials"]["file_path"]
    if path == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(path)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy page by page under SQLite's own locking: writers in other processes only wait."""
    if not source.is_file():
        raise BackupError(f"there is no database at {source}")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite backup failed: {error}") from error
    finally:
        dst.close()
        src.close()


def _restore_sqlite(path: Path, source: Path, *, replace: bool) -> None:
    try:
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            ok = backup_db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            tables = _sqlite_tables(backup_db)
        finally:
            backup_db.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a SQLite backup ({error})") from error
    if not ok or MIGRATIONS_TABLE not in tables:
        raise BackupError(f"{source} is not a festival backup")
    target = sqlite3.connect(path)
    try:
        if MIGRATIONS_TABLE in _sqlite_tables(target) and not replace:
            raise BackupError(
                f"{path} already holds a festival database: restore with --replace to overwrite it"
            )
        source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            source_db.backup(target)  # one write transaction on the target: all or nothing
        finally:
            source_db.close()
    finally:
        target.close()


def _sqlite_tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {row[0] for row in rows}


def _restore_postgres(database_url: str, source: Path, *, replace: bool) -> None:
    listing = _run(["pg_restore", "--list", str(source)], None)
    if f"TABLE public {MIGRATIONS_TABLE} " not in listing:
        raise BackupError(f"{source} is not a festival backup")
    if not replace:
        query = f"SELECT to_regclass('public.{MIGRATIONS_TABLE}') IS NOT NULL"
        if _run(["psql", "-qtA", "-c", query], database_url).strip() == "t":
            raise BackupError(
                "the database already holds festival data: restore with --replace to overwrite it"
            )
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            # pg_restore wants the name even with PGDATABASE set (the rest comes from it)
            "--dbname=" + _libpq_env(database_url).get("PGDATABASE", ""),
            str(source),
        ],
        database_url,
    )


def _run(command: list[str], database_url: str | None) -> str:
    """Run a PostgreSQL client program with the connection in libpq's environment variables
    (a password in the arguments would show in the process list)."""
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)")
    env = dict(os.environ)
    if database_url is not None:
        env.update(_libpq_env(database_url))
    try:
        done = subprocess.run(  # noqa: S603 (fixed program, arguments from us)
            command, env=env, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise BackupError(f"{command[0]} could not run: {error}") from error
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def _libpq_env(database_url: str) -> dict[str, str]:
    url = urlparse(database_url)
    values = {
        "PGHOST": url.hostname or "",
        "PGPORT": str(url.port or ""),
        "PGUSER": unquote(url.username or ""),
        "PGPASSWORD": unquote(url.password or ""),
        "PGDATABASE": url.path.lstrip("/"),
    }
    return {name: value for name, value in values.items() if value}
