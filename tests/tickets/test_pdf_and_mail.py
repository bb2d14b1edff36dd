"""The ticket PDF really renders and its QR decodes; the confirmation mail carries PDF and .ics."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from festival.mail.models import MailAttachment, OutboxMessage
from festival.registration import queries as registration_queries
from festival.registration.services import exports, mails
from festival.settings import Settings
from festival.tickets import services as tickets
from tests.conftest import run_jobs
from tests.tickets.conftest import pdf_text, person, qr_codes_in_pdf, register, setup_event

pytestmark = pytest.mark.usefixtures("database")


async def test_ticket_pdf_renders_and_its_qr_decodes_to_the_payload() -> None:
    setup = await setup_event()
    done = await register(setup)
    [link] = await tickets.ticket_links(done.id, base_url="http://testserver", secret_key="k" * 40)
    [ticket] = await tickets.tickets_of_registration(done.id)
    content = await tickets.render_ticket_pdf(ticket.id)
    assert content is not None and content.startswith(b"%PDF")
    assert qr_codes_in_pdf(content) == [link["qr_payload"]]
    text = pdf_text(content)
    for expected in (
        "Anna de Vries",
        "Dag van de Lokale Democratie",
        "zaterdag 20 maart 2027",
        "Stadhuis Utrecht",
        "Raad op Zaterdag",
        "Raadzaal",
        "11:00–12:00",
        "Uw workshops",
    ):
        assert expected in text


async def test_ticket_pdf_is_english_for_an_english_registration() -> None:
    from festival import i18n

    setup = await setup_event()
    with i18n.language("en"):
        done = await register(setup)
    [ticket] = await tickets.tickets_of_registration(done.id)
    text = pdf_text(await tickets.render_ticket_pdf(ticket.id) or b"")
    for expected in (
        "Local Democracy Day",
        "Saturday, March 20, 2027",
        "Council on Saturday",
        "Your workshops",
    ):
        assert expected in text


async def test_confirmation_mail_has_each_pdf_and_ics(settings: Settings) -> None:
    setup = await setup_event()
    done = await register(
        setup,
        person(),
        person("Bram Jansen", "bram@utrecht.nl"),
        sessions=[[setup["workshop"].id], []],
    )
    await run_jobs(settings)
    [message] = await OutboxMessage.filter(template="registration/confirmation")
    attachments = await MailAttachment.filter(message_id=message.id).order_by("id")
    assert [(a.filename, a.content_type) for a in attachments] == [
        ("ticket-anna-de-vries.pdf", "application/pdf"),
        ("agenda-anna-de-vries.ics", "text/calendar"),
        ("ticket-bram-jansen.pdf", "application/pdf"),
        ("agenda-bram-jansen.ics", "text/calendar"),
    ]
    links = await tickets.ticket_links(done.id, base_url="", secret_key="k" * 40)
    assert qr_codes_in_pdf(bytes(attachments[0].content)) == [links[0]["qr_payload"]]
    assert qr_codes_in_pdf(bytes(attachments[2].content)) == [links[1]["qr_payload"]]
    anna = Calendar.from_ical(bytes(attachments[1].content))
    [workshop] = anna.walk("VEVENT")
    assert str(workshop["SUMMARY"]) == "Raad op Zaterdag"
    assert workshop.decoded("DTSTART") == setup["workshop"].starts_at
    assert str(workshop["LOCATION"]) == "Raadzaal, Stadhuis Utrecht"
    bram = Calendar.from_ical(bytes(attachments[3].content))
    assert [str(e["SUMMARY"]) for e in bram.walk("VEVENT")] == ["Dag van de Lokale Democratie"]


async def test_ticket_mail_is_sent_once(settings: Settings) -> None:
    setup = await setup_event()
    done = await register(setup)
    await run_jobs(settings)
    sent_again = await mails.send_confirmation(
        done.id, base_url=settings.base_url, secret_key=settings.secret_key, first=True
    )
    await run_jobs(settings)
    assert sent_again is False
    assert await OutboxMessage.filter(template="registration/confirmation").count() == 1


async def test_render_job_refreshes_a_stale_pdf(settings: Settings) -> None:
    setup = await setup_event()
    done = await register(setup, sessions=[[]])
    await run_jobs(settings)
    [ticket] = await tickets.tickets_of_registration(done.id)
    assert ticket.pdf_is_fresh and "Raad op Zaterdag" not in pdf_text(bytes(ticket.pdf))
    from festival.audit import SYSTEM
    from festival.registration import services as registration
    from festival.registration.models import Attendee

    [anna] = await Attendee.filter(registration_id=done.id)
    await registration.change_bookings(anna, session_ids=[setup["workshop"].id], actor=SYSTEM)
    await run_jobs(settings)
    await ticket.refresh_from_db()
    assert (ticket.pdf_version, ticket.pdf_rendered_version) == (2, 2)
    assert "Raad op Zaterdag" in pdf_text(bytes(ticket.pdf))
    assert await OutboxMessage.filter(template="registration/confirmation").count() == 1


async def test_mailed_ics_and_agenda_download_give_a_session_the_same_uid(
    settings: Settings,
) -> None:
    setup = await setup_event()
    done = await register(setup, sessions=[[setup["workshop"].id]])
    await run_jobs(settings)
    [message] = await OutboxMessage.filter(template="registration/confirmation")
    [_pdf, ics] = await MailAttachment.filter(message_id=message.id).order_by("id")
    [attendee] = (await registration_queries.registration_details(done))["attendees"]
    download = exports.agenda_ics(setup["event"], attendee, base_url=settings.base_url)
    expected = [f"attendee-{attendee['id']}-session-{setup['workshop'].id}@testserver"]
    for body in (bytes(ics.content), download):
        assert [str(e["UID"]) for e in Calendar.from_ical(body).walk("VEVENT")] == expected
