"""deploy/: the systemd units name commands that exist (festival's own sub-commands parse),
the settings example names only settings festival reads, and Caddy accepts its site file."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from festival.cli import build_parser
from festival.settings import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
FESTIVAL = "/opt/festival/.venv/bin/festival"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def _commands(unit: Path) -> list[list[str]]:
    """The Exec lines of a unit as argument lists (systemd's %% is a literal %)."""
    found = []
    for line in unit.read_text().splitlines():
        name, _, value = line.partition("=")
        if name in ("ExecStartPre", "ExecStart", "ExecStartPost", "ExecStop"):
            found.append(shlex.split(value.replace("%%", "%")))
    return found


def _festival_arguments(command: list[str]) -> list[list[str]]:
    """The arguments given to festival: directly, or inside `sh -c '...'`."""
    if command[0] == FESTIVAL:
        return [command[1:]]
    if command[:2] == ["/bin/sh", "-c"]:
        inner = shlex.split(command[2].removeprefix("exec "))
        return [inner[1:]] if inner[0] == FESTIVAL else []
    return []


def test_units_are_there() -> None:
    assert [unit.name for unit in UNITS] == [
        "festival-backup.service",
        "festival-web.service",
        "festival-worker.service",
    ]


@pytest.mark.parametrize("unit", UNITS, ids=[unit.stem for unit in UNITS])
def test_unit_commands_exist(unit: Path) -> None:
    commands = _commands(unit)
    assert commands
    for command in commands:
        program = command[0]
        if program == FESTIVAL:
            continue  # the checkout's own command: its arguments are checked below
        assert Path(program).is_absolute() and shutil.which(program), f"{program} is missing"
    festival_calls = [args for command in commands for args in _festival_arguments(command)]
    assert festival_calls, f"{unit.name} runs no festival command"
    for args in festival_calls:
        parsed = build_parser().parse_args(args)  # exits (SystemExit) on an unknown command
        assert hasattr(parsed, "func"), args


def test_web_unit_serves_several_processes_for_the_proxy() -> None:
    [serve] = [c for c in _commands(DEPLOY / "systemd/festival-web.service") if "serve" in c]
    args = build_parser().parse_args(serve[1:])
    assert (args.host, args.port, args.workers) == ("127.0.0.1", 8000, 4)
    assert "reverse_proxy 127.0.0.1:8000" in (DEPLOY / "caddy/Caddyfile").read_text()


def test_env_example_names_only_settings_festival_reads() -> None:
    source = (Path(__file__).resolve().parents[2] / "festival/settings.py").read_text()
    names = re.findall(r"^([A-Z_]+)=", (DEPLOY / "festival.env.example").read_text(), re.M)
    assert "FESTIVAL_METRICS_TOKEN" in names and "FESTIVAL_LOG_FORMAT" in names
    assert [name for name in names if f'"{name}"' not in source] == []


def test_env_example_is_refused_until_its_secrets_are_changed() -> None:
    env = dict(re.findall(r"^([A-Z_]+)=(.*)$", (DEPLOY / "festival.env.example").read_text(), re.M))
    with pytest.raises(Exception, match="FESTIVAL_SECRET_KEY is too short"):
        Settings.from_env(env)
    settings = Settings.from_env(env | {"FESTIVAL_SECRET_KEY": "x" * 48})
    assert (settings.log_format, settings.redis_url) == ("json", "redis://127.0.0.1:6379/0")


def test_caddy_accepts_the_site() -> None:
    caddy = shutil.which("caddy")
    assert caddy, "caddy is missing (scripts/lib.sh TEST_DEBS installs it)"
    done = subprocess.run(
        [caddy, "adapt", "--adapter", "caddyfile", "--config", str(DEPLOY / "caddy/Caddyfile")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert '"/opt/festival/static"' in done.stdout
