"""Migration 0007 copies each answer's event, session and audience group from its response, so
answers given before the upgrade still count in the results (which no longer join responses)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from tortoise.migrations.api import migrate

from festival import db


def _migrate(url: str, target: str | None = None) -> None:
    async def run() -> None:
        await migrate(config=db.tortoise_config(url), target=target)
        await db.close()

    asyncio.run(run())


def test_answers_given_before_the_upgrade_get_their_response_keys(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    url = f"sqlite://{path}"
    _migrate(url, target="festival.0006_report")
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA foreign_keys = OFF")
        con.executemany(
            "INSERT INTO feedback_response (id, event_id, session_id, respondent, role, channel,"
            " verified, created_at, updated_at, survey_id)"
            " VALUES (?, ?, ?, ?, ?, 'link', 1, '2026-03-20', '2026-03-20', 1)",
            [(1, 7, 31, "a", "raadslid"), (2, 7, None, "b", "inwoner")],
        )
        con.executemany(
            "INSERT INTO feedback_answer (id, number, choices, text, publishable, question_id,"
            " response_id) VALUES (?, ?, ?, '', 0, ?, ?)",
            [(1, 4, None, 1, 1), (2, None, "[0, 2]", 2, 1), (3, 9, None, 3, 2)],
        )
    _migrate(url)
    with sqlite3.connect(path) as con:
        rows = con.execute(
            "SELECT id, event_id, session_id, role FROM feedback_answer ORDER BY id"
        ).fetchall()
    assert rows == [(1, 7, 31, "raadslid"), (2, 7, 31, "raadslid"), (3, 7, None, "inwoner")]
