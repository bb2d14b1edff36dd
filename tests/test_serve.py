"""`festival serve --port` as a real process: without FESTIVAL_BASE_URL every link it writes
(confirmation page, e-mail) points at the port it serves, not at the default 8000."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from festival.settings import Settings, SettingsError
from tests.servers import festival_serve

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 120.0
MAIL_TIMEOUT = 60.0


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback URL)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _post_json(url: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(  # noqa: S310 (loopback URL)
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`festival serve --demo --port <free>` on a fresh SQLite file, FESTIVAL_BASE_URL unset."""
    with festival_serve(tmp_path, "--demo") as url:
        yield url, tmp_path / "outbox"


def _mail_to(outbox: Path, address: str) -> str:
    """The text of the one mail to `address` (the demo's own mails may be there too)."""
    deadline = time.monotonic() + MAIL_TIMEOUT
    while True:
        found = []
        for path in outbox.glob("*.eml"):
            message = message_from_bytes(path.read_bytes(), policy=policy.default)
            if message["To"] == address:
                found.append(message)
        if found:
            break
        assert time.monotonic() < deadline, f"no mail to {address} was written to the outbox"
        time.sleep(0.2)
    [message] = found
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def test_serve_on_another_port_writes_that_port_into_pages_and_mails(
    served: tuple[str, Path],
) -> None:
    url, outbox = served
    status, event_json = _get(f"{url}/api/events/dld-demo")
    assert status == 200
    ticket_types = json.loads(event_json)["ticket_types"]
    free = next(t for t in ticket_types if t["price_cents"] == 0 and not t["requires_code"])
    status, body = _post_json(
        f"{url}/api/events/dld-demo/registrations",
        {
            "ticket_type": free["id"],
            "attendees": [{"name": "Poort Proef", "email": "poort@example.nl"}],
            "consent": True,
        },
    )
    assert status == 201, body
    manage_url = str(body["manage_url"])
    assert manage_url.startswith(f"{url}/events/dld-demo/registration/")

    status, page = _get(manage_url + "?new=1")
    assert status == 200
    assert f'<a href="{manage_url}" class="manage-link">{manage_url}</a>' in page
    assert "127.0.0.1:8000" not in page

    text = _mail_to(outbox, "poort@example.nl")
    assert manage_url in text
    assert "127.0.0.1:8000" not in text


def test_served_at_follows_host_and_port_only_without_a_configured_base_url() -> None:
    assert Settings().served_at("127.0.0.1", 8101).base_url == "http://127.0.0.1:8101"
    assert Settings().served_at("0.0.0.0", 8102).base_url == "http://127.0.0.1:8102"  # noqa: S104
    assert Settings().served_at("::1", 8103).base_url == "http://[::1]:8103"
    configured = Settings.from_env(
        {"FESTIVAL_BASE_URL": "https://festival.example.org/", "FESTIVAL_SECRET_KEY": "k" * 40}
    )
    assert configured.served_at("127.0.0.1", 8101).base_url == "https://festival.example.org"
    with pytest.raises(SettingsError, match="FESTIVAL_BASE_URL is missing"):
        Settings.from_env(
            {
                "FESTIVAL_ENV": "production",
                "FESTIVAL_SECRET_KEY": "k" * 40,
                "FESTIVAL_DATABASE_URL": "postgres://u:p@127.0.0.1/db",
            }
        )
