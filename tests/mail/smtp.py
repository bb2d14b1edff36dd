"""A real SMTP server for tests (aiosmtpd on 127.0.0.1) and a way to give jobs other settings."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword

from festival import jobs
from festival.settings import Settings
from tests.servers import free_port


class Recorder:
    """Keeps every message the server accepts."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.logins: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"


class Authenticator:
    """Accepts one user name and password; remembers who logged in."""

    def __init__(self, recorder: Recorder, username: str, password: str) -> None:
        self.recorder = recorder
        self.expected = (username.encode(), password.encode())

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and (auth_data.login, auth_data.password) == self.expected
        )
        if ok:
            self.recorder.logins.append(auth_data.login.decode())
        return AuthResult(success=ok)


@contextmanager
def smtp_server(
    *, username: str | None = None, password: str | None = None
) -> Iterator[tuple[Recorder, int]]:
    recorder = Recorder()
    port = free_port()
    options: dict[str, Any] = {}
    if username is not None and password is not None:
        # Plain-text AUTH is fine on loopback in a test.
        options = {
            "authenticator": Authenticator(recorder, username, password),
            "auth_require_tls": False,
        }
    controller = Controller(recorder, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield recorder, port
    finally:
        controller.stop()


def job_settings(settings: Settings, **changes: Any) -> Settings:
    """Settings the jobs should see: set on the in-process runner now (before enqueueing);
    pass the result to run_jobs for the arq worker."""
    changed = dataclasses.replace(settings, **changes)
    runner = jobs.runner()
    if isinstance(runner, jobs.InProcessRunner):
        runner.ctx["settings"] = changed
    return changed
