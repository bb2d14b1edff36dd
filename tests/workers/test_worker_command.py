"""`festival worker` really runs: it starts, sends a queued mail, and stops on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from festival.mail import services as mail
from festival.mail.models import MailStatus, OutboxMessage
from festival.settings import Settings
from tests.conftest import TEST_SECRET

ROOT = Path(__file__).resolve().parents[2]

needs_redis = pytest.mark.skipif(
    not os.environ.get("FESTIVAL_REDIS_URL"),
    reason="`festival worker` needs Redis: set FESTIVAL_REDIS_URL to run this test",
)


async def _wait_until_sent(message_id: int, seconds: float) -> MailStatus:
    status = MailStatus.QUEUED
    for _ in range(int(seconds * 10)):
        status = MailStatus((await OutboxMessage.get(id=message_id)).status)
        if status == MailStatus.SENT:
            break
        await asyncio.sleep(0.1)
    return status


@needs_redis
async def test_festival_worker_sends_queued_mail_and_stops_on_sigterm(
    database: None, settings: Settings
) -> None:
    message = await mail.queue_mail(
        "anna@example.nl",
        template="notice",
        context={"heading": "Welkom", "paragraphs": ["Tot zaterdag."]},
    )
    assert settings.redis_url
    env = {
        **os.environ,
        "FESTIVAL_ENV": "test",
        "FESTIVAL_DATABASE_URL": settings.database_url,
        "FESTIVAL_REDIS_URL": settings.redis_url,
        "FESTIVAL_DATA_DIR": str(settings.data_dir),
        "FESTIVAL_SECRET_KEY": TEST_SECRET,
    }
    env.pop("FESTIVAL_SMTP_URL", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "festival.cli",
        "worker",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        status = await _wait_until_sent(message.id, seconds=30)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), timeout=30)
    log = output.decode(errors="replace")
    assert status == MailStatus.SENT, log
    assert process.returncode == 0, log
    assert "Starting worker for" in log
    assert "send_mail" in log
    assert [p.name.endswith(f"-{message.id}.eml") for p in settings.outbox_dir.glob("*.eml")] == [
        True
    ]


def test_festival_worker_check_without_redis_says_what_is_missing(tmp_path: Path) -> None:
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith("FESTIVAL_")}
    env |= {
        "FESTIVAL_DATA_DIR": str(tmp_path),
        "FESTIVAL_DATABASE_URL": f"sqlite://{tmp_path}/x.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "-m", "festival.cli", "worker", "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "--check needs FESTIVAL_REDIS_URL" in result.stderr
