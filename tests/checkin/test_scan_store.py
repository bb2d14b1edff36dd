"""The scan's group commit on SQLite reaches into aiosqlite's private `_execute` and `_conn`
(one hop to the database thread for a whole batch instead of one per statement). aiosqlite is
pinned exactly in pyproject.toml; these tests fail first when an upgrade changes that use."""

from __future__ import annotations

import sqlite3
import tomllib
from importlib import metadata
from pathlib import Path

import aiosqlite

ROOT = Path(__file__).resolve().parents[2]


def test_aiosqlite_pinned_exactly_for_the_group_commit() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = [d for d in project["dependencies"] if d.startswith("aiosqlite")]
    assert pins == ["aiosqlite==0.22.1"]
    assert metadata.version("aiosqlite") == "0.22.1"


async def test_aiosqlite_execute_runs_a_function_on_the_database_thread(tmp_path: Path) -> None:
    def write(conn: sqlite3.Connection, value: int) -> int:
        conn.execute("CREATE TABLE t (v INTEGER)")
        return int(conn.execute("INSERT INTO t (v) VALUES (?)", [value]).lastrowid or 0)

    async with aiosqlite.connect(tmp_path / "db.sqlite3") as connection:
        assert isinstance(connection._conn, sqlite3.Connection)
        assert await connection._execute(write, connection._conn, 7) == 1
        async with connection.execute("SELECT v FROM t") as cursor:
            assert await cursor.fetchall() == [(7,)]
