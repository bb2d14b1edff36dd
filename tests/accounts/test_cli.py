"""`festival user create` and `festival token create` run as real processes on the test database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from festival.accounts import services
from festival.accounts.models import Membership, TokenScope, User
from festival.settings import Settings
from tests.factories import make_event, make_organisation
from tests.helpers import login

ROOT = Path(__file__).resolve().parents[2]


def _festival(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "FESTIVAL_ENV": "test",
        "FESTIVAL_DATABASE_URL": settings.database_url,
        "FESTIVAL_SECRET_KEY": settings.secret_key,
        "FESTIVAL_DATA_DIR": str(settings.data_dir),
    }
    if settings.redis_url:
        env["FESTIVAL_REDIS_URL"] = settings.redis_url
    return subprocess.run(
        [sys.executable, "-m", "festival.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_cli_user_create_makes_a_user_who_can_log_in(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    organisation = await make_organisation(slug="netwerk")
    result = _festival(
        settings,
        "user",
        "create",
        "--email",
        "Cli@Example.nl",
        "--role",
        "organiser",
        "--organisation",
        "netwerk",
        "--password",
        "cli password 123",
    )
    assert result.returncode == 0, result.stderr
    assert "Created Cli@Example.nl (organiser)." in result.stdout
    user = await User.get(email="cli@example.nl")
    assert (await Membership.get(user_id=user.id)).organisation_id == organisation.id
    await login(client, "cli@example.nl", "cli password 123")


async def test_cli_user_create_admin_with_generated_password(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    result = _festival(settings, "user", "create", "--email", "root@example.nl", "--role", "admin")
    assert result.returncode == 0, result.stderr
    password = result.stdout.strip().rsplit("Password: ", 1)[1]
    assert (await User.get(email="root@example.nl")).is_admin is True
    await login(client, "root@example.nl", password)


async def test_cli_user_create_refuses_existing_address(database: None, settings: Settings) -> None:
    await make_organisation(slug="netwerk")
    args = (
        "user",
        "create",
        "--email",
        "twice@example.nl",
        "--role",
        "staff",
        "--password",
        "long enough pw",
    )
    assert _festival(settings, *args).returncode == 0
    again = _festival(settings, *args)
    assert again.returncode == 1
    assert "Dit e-mailadres heeft al een account." in again.stderr
    assert "Traceback" not in again.stderr


async def test_cli_token_create_prints_a_token_that_authenticates(
    database: None, settings: Settings
) -> None:
    event = await make_event(slug="dld-cli")
    result = _festival(
        settings, "token", "create", "--event", "dld-cli", "--scope", "checkin", "--name", "poort"
    )
    assert result.returncode == 0, result.stderr
    raw = result.stdout.strip()
    token = await services.authenticate_bearer(
        f"Bearer {raw}", event_id=event.id, scopes=(TokenScope.CHECKIN,)
    )
    assert token.name == "poort"


async def test_cli_token_create_for_unknown_event_fails_cleanly(
    database: None, settings: Settings
) -> None:
    result = _festival(settings, "token", "create", "--event", "bestaat-niet", "--scope", "read")
    assert result.returncode == 1
    assert "no event with slug 'bestaat-niet'" in result.stderr
    assert "Traceback" not in result.stderr
