"""The API's tickets, the signed PDF link and the phone ticket page."""

from __future__ import annotations

import httpx

from festival.settings import Settings
from festival.tickets import services as tickets
from tests.conftest import run_jobs
from tests.tickets.conftest import qr_codes_in_pdf, setup_event

URL = "/api/events/dld-2027/registrations"


async def _register(client: httpx.AsyncClient) -> dict:
    setup = await setup_event()
    response = await client.post(
        URL,
        json={
            "ticket_type": setup["ticket_type"].id,
            "sessions": [setup["workshop"].id],
            "attendees": [
                {"name": "Anna de Vries", "email": "anna@utrecht.nl"},
                {"name": "Bram Jansen", "email": "bram@utrecht.nl"},
            ],
        },
    )
    assert response.status_code == 201
    return response.json()


async def test_api_registration_returns_qr_payload_and_pdf_url(client: httpx.AsyncClient) -> None:
    body = await _register(client)
    assert [sorted(t) for t in body["tickets"]] == [["attendee", "pdf_url", "qr_payload"]] * 2
    assert [t["attendee"] for t in body["tickets"]] == ["Anna de Vries", "Bram Jansen"]
    for ticket in body["tickets"]:
        assert len(ticket["qr_payload"]) == 99
        verified = await tickets.verify_payload(ticket["qr_payload"])
        assert ticket["pdf_url"].startswith(f"http://testserver/tickets/{verified.tid}.pdf?sig=")


async def test_pdf_url_gives_the_pdf_before_the_job_ran(client: httpx.AsyncClient) -> None:
    body = await _register(client)
    first = body["tickets"][0]
    response = await client.get(first["pdf_url"].removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert qr_codes_in_pdf(response.content) == [first["qr_payload"]]


async def test_pdf_url_serves_the_stored_pdf_after_the_job(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    body = await _register(client)
    await run_jobs(settings)
    verified = await tickets.verify_payload(body["tickets"][1]["qr_payload"])
    response = await client.get(body["tickets"][1]["pdf_url"].removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response.content == bytes(verified.pdf)


async def test_pdf_link_with_bad_signature_is_404(client: httpx.AsyncClient) -> None:
    body = await _register(client)
    url = body["tickets"][0]["pdf_url"].removeprefix("http://testserver")
    path, sig = url.split("?sig=")
    other_tid = body["tickets"][1]["qr_payload"].split(".")[1]
    for bad in (
        f"{path}?sig={sig[:-1]}{'A' if sig[-1] != 'A' else 'B'}",
        path,
        f"{path}?sig=",
        f"/tickets/{other_tid}.pdf?sig={sig}",
        f"/tickets/nothere.pdf?sig={sig}",
    ):
        response = await client.get(bad)
        assert response.status_code == 404, bad
        assert not response.content.startswith(b"%PDF")


async def test_ticket_page_shows_qr_name_and_workshops(client: httpx.AsyncClient) -> None:
    body = await _register(client)
    tid = body["tickets"][0]["qr_payload"].split(".")[1]
    sig = body["tickets"][0]["pdf_url"].split("?sig=")[1]
    response = await client.get(f"/tickets/{tid}?sig={sig}")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Ticket van Anna de Vries</h1>" in html
    assert '<svg class="qr" role="img"' in html
    assert "Raad op Zaterdag" in html and "Raadzaal" in html
    english = await client.get(f"/tickets/{tid}?sig={sig}&lang=en")
    assert "Ticket of Anna de Vries" in english.text and "Council on Saturday" in english.text
    assert (await client.get(f"/tickets/{tid}?sig=nope")).status_code == 404
