"""festival backup / restore on the engine under test: the demo, backed up while the database is
open, restored into a fresh database, has the same rows in every table and its tickets still
scan; a restore refuses a file that is no backup and a database that already has data."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from festival import cache, db, demo
from festival.app import create_app
from festival.checkin.demo import DEMO_TOKEN
from festival.events.models import Event
from festival.operations import services as operations
from festival.settings import Settings
from festival.tickets import services as tickets
from festival.tickets.models import Ticket
from tests.conftest import run_jobs
from tests.factories import make_event

pytestmark = pytest.mark.usefixtures("database")


async def _reopen(database_url: str) -> None:
    await db.close()
    await db.init(database_url)
    cache.clear_all()


async def test_demo_backup_restores_with_every_row_and_a_ticket_that_scans(
    settings: Settings, tmp_path: Path, fresh_url: str
) -> None:
    await demo.load_demo()
    await run_jobs(settings)  # what the load queued (mails, PDFs) is done: the rows stand still
    before = await db.table_counts()
    event = await Event.get(slug="dld-demo")
    ticket = await Ticket.filter(event_id=event.id).order_by("-id").first()
    assert ticket is not None
    payload = tickets.qr_payload(ticket, await tickets.active_key(event.id))
    backup = tmp_path / "demo.backup"

    await asyncio.to_thread(operations.backup, settings.database_url, backup)
    await asyncio.to_thread(operations.restore, fresh_url, backup)
    await db.migrate(fresh_url)  # as `festival restore` does: nothing newer to apply here
    await _reopen(fresh_url)
    try:
        assert await db.table_counts() == before
        assert before["registration"] > 300 and before["checkin"] > 0
        app = create_app(replace(settings, database_url=fresh_url))
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
                scans = [
                    await c.post(
                        "/api/checkin",
                        json={"payload": payload, "checkpoint": "entrance"},
                        headers={"Authorization": f"Bearer {DEMO_TOKEN}"},
                    )
                    for _ in range(2)
                ]
        assert [scan.json()["result"] for scan in scans] == ["ok", "already_checked_in"]
    finally:
        await _reopen(settings.database_url)


async def test_restore_refuses_a_database_with_data_unless_replacing(
    settings: Settings, tmp_path: Path
) -> None:
    await make_event(slug="dld-2027")
    backup = tmp_path / "one.backup"
    await asyncio.to_thread(operations.backup, settings.database_url, backup)
    with pytest.raises(operations.BackupError, match="restore with --replace"):
        await asyncio.to_thread(operations.restore, settings.database_url, backup)
    await make_event(slug="dld-2028")
    await db.close()  # --replace overwrites the test database itself
    try:
        await asyncio.to_thread(operations.restore, settings.database_url, backup, replace=True)
    finally:
        await db.init(settings.database_url)
    assert [e.slug for e in await Event.all().order_by("id")] == ["dld-2027"]


async def test_restore_refuses_a_file_that_is_no_backup(
    settings: Settings, tmp_path: Path, fresh_url: str
) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("geen backup\n" * 100)
    with pytest.raises(operations.BackupError, match="not a"):
        await asyncio.to_thread(operations.restore, fresh_url, other)
    with pytest.raises(operations.BackupError, match="is not a file"):
        await asyncio.to_thread(operations.restore, fresh_url, tmp_path / "missing.backup")


def _festival(*args: str, database_url: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "FESTIVAL_ENV": "test",
        "FESTIVAL_DATA_DIR": str(data_dir),
        "FESTIVAL_DATABASE_URL": database_url,
    }
    return subprocess.run(
        [sys.executable, "-m", "festival", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


async def test_backup_and_restore_commands(
    settings: Settings, tmp_path: Path, fresh_url: str
) -> None:
    await make_event(slug="dld-2027")
    backup = tmp_path / "cli.backup"
    made = await asyncio.to_thread(
        _festival, "backup", str(backup), database_url=settings.database_url, data_dir=tmp_path
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Backup written to {backup} (")
    restored = await asyncio.to_thread(
        _festival, "restore", str(backup), database_url=fresh_url, data_dir=tmp_path
    )
    assert restored.returncode == 0, restored.stderr
    tables = len(await db.table_counts())
    assert f"rows in {tables} tables." in restored.stdout
    again = await asyncio.to_thread(
        _festival, "restore", str(backup), database_url=fresh_url, data_dir=tmp_path
    )
    assert again.returncode == 1
    assert "restore with --replace" in again.stderr
