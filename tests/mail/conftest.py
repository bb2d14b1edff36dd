from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.mail.smtp import Recorder, smtp_server


@pytest.fixture
def smtp() -> Iterator[tuple[Recorder, int]]:
    """A real SMTP server on 127.0.0.1: (recorder of accepted messages, port)."""
    with smtp_server() as server:
        yield server
