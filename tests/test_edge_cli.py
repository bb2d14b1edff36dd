"""A bad FESTIVAL_DATABASE_URL: every `festival` command says so in one sentence and exits 2,
without a traceback and without hanging."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from festival import cli
from festival.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parents[1]
BAD_URLS = ["not a url", "sqlite://", "mysql://x", "postgres://festival:geheim@db:port/x"]
COMMANDS = [
    ["serve"],
    ["worker"],
    ["migrate"],
    ["makemigrations"],
    ["demo"],
    ["user", "create", "--email", "a@example.nl", "--role", "admin"],
    ["token", "create", "--event", "dld-demo", "--scope", "checkin"],
    ["retention", "run"],
]


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_refuses_a_bad_database_url_in_one_sentence(
    url: str,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("FESTIVAL_DATABASE_URL", url)
    monkeypatch.setenv("FESTIVAL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("FESTIVAL_REDIS_URL", raising=False)
    assert cli.main(command) == 2
    out, err = capsys.readouterr()
    assert out == ""
    shown = url.replace(":geheim@", ":***@")
    assert err == (
        "festival: FESTIVAL_DATABASE_URL must be sqlite://PATH or "
        f"postgresql://USER:PASSWORD@HOST:PORT/NAME, not {shown!r}.\n"
    )


@pytest.mark.parametrize(
    "url",
    ["sqlite://festival.sqlite3", "sqlite://:memory:", "postgresql://u:p@127.0.0.1:5432/festival"],
)
def test_good_database_urls_are_accepted(url: str, tmp_path: Path) -> None:
    environ = {"FESTIVAL_DATABASE_URL": url, "FESTIVAL_DATA_DIR": str(tmp_path)}
    assert Settings.from_env(environ).database_url == url


def test_sqlite_file_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    environ = {"FESTIVAL_DATABASE_URL": "sqlite:///nonexistent/dir/x.db"}
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(environ | {"FESTIVAL_DATA_DIR": str(tmp_path)})
    assert str(refused.value) == (
        "FESTIVAL_DATABASE_URL names a SQLite file in '/nonexistent/dir', a folder that does not "
        "exist: create it, or choose another path."
    )


def _festival(url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FESTIVAL_")}
    env.update(FESTIVAL_DATABASE_URL=url, FESTIVAL_DATA_DIR=str(data_dir))
    # A hang fails the test through the timeout.
    return subprocess.run(
        [sys.executable, "-m", "festival.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_migrate_into_a_missing_folder_exits_2_at_once(tmp_path: Path) -> None:
    result = _festival("sqlite:///nonexistent/dir/x.db", tmp_path, "migrate")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "festival: FESTIVAL_DATABASE_URL names a SQLite file in '/nonexistent/dir', a folder "
        "that does not exist: create it, or choose another path.\n"
    )


@pytest.mark.parametrize("command", [["migrate"], ["demo"], ["serve"]], ids=" ".join)
def test_sqlite_file_that_cannot_be_opened_exits_2_at_once(
    tmp_path: Path, command: list[str]
) -> None:
    (tmp_path / "festival.sqlite3").mkdir()  # a folder where the database file should be
    result = _festival(f"sqlite://{tmp_path}/festival.sqlite3", tmp_path, *command)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "festival: cannot open the SQLite database of FESTIVAL_DATABASE_URL "
        "(unable to open database file).\n"
    )
