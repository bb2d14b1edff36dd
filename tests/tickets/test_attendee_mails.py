"""Every attendee of a group gets their own ticket (unless the event says only the contact
person does), and a change of workshops sends one short mail with the new ticket, which the
manage page offers too."""

from __future__ import annotations

import re

import httpx
import pytest

from festival.audit import SYSTEM
from festival.events.models import Event
from festival.mail.models import MailAttachment, OutboxMessage
from festival.registration import services as registration
from festival.registration.models import Attendee
from festival.settings import Settings
from festival.tickets import services as tickets
from tests.conftest import run_jobs
from tests.factories import make_session
from tests.tickets.conftest import pdf_text, person, qr_codes_in_pdf, register, setup_event


async def _mails() -> list[tuple[str, str]]:
    rows = await OutboxMessage.all().order_by("id").values_list("template", "to")
    return sorted((str(t), str(to)) for t, to in rows)


async def _attachments(message: OutboxMessage) -> list[MailAttachment]:
    return await MailAttachment.filter(message_id=message.id).order_by("id")


async def test_each_attendee_with_an_own_address_gets_their_own_ticket(
    database: None, settings: Settings
) -> None:
    setup = await setup_event()
    done = await register(
        setup,
        person(),
        person("Bram Jansen", "bram@utrecht.nl"),
        person("Cees Smit", "anna@utrecht.nl"),  # registered with the contact's address
        sessions=[[setup["workshop"].id], [], []],
    )
    await run_jobs(settings)
    assert await _mails() == [
        ("registration/confirmation", "anna@utrecht.nl"),
        ("registration/ticket", "bram@utrecht.nl"),
    ]
    bram_mail = await OutboxMessage.get(template="registration/ticket")
    assert bram_mail.subject == "Uw ticket voor Dag van de Lokale Democratie"
    assert "Anna de Vries heeft u aangemeld voor Dag van de Lokale Democratie" in bram_mail.text
    attachments = await _attachments(bram_mail)
    assert [a.filename for a in attachments] == ["ticket-bram-jansen.pdf", "agenda-bram-jansen.ics"]
    links = await tickets.ticket_links(done.id, base_url="", secret_key=settings.secret_key)
    assert qr_codes_in_pdf(bytes(attachments[0].content)) == [links[1]["qr_payload"]]


async def test_contact_only_setting_sends_the_tickets_to_the_contact_person_alone(
    database: None, settings: Settings
) -> None:
    setup = await setup_event()
    await Event.filter(id=setup["event"].id).update(tickets_to_contact_only=True)
    await register(setup, person(), person("Bram Jansen", "bram@utrecht.nl"))
    await run_jobs(settings)
    assert await _mails() == [("registration/confirmation", "anna@utrecht.nl")]
    [message] = await OutboxMessage.all()
    assert len(await _attachments(message)) == 4  # both tickets with their agendas


async def test_change_of_workshops_sends_one_mail_with_the_new_ticket(
    database: None, settings: Settings
) -> None:
    setup = await setup_event()
    other = await make_session(setup["event"], title="Democratie Testlab", room=setup["room"])
    done = await register(setup, person(), person("Bram Jansen", "bram@utrecht.nl"))
    await run_jobs(settings)
    anna, bram = await Attendee.filter(registration_id=done.id).order_by("position")

    await registration.change_bookings(bram, session_ids=[other.id], actor=SYSTEM)
    await registration.change_bookings(anna, session_ids=[setup["workshop"].id], actor=SYSTEM)
    await run_jobs(settings)  # the second call changed nothing: no mail for it

    [update] = await OutboxMessage.filter(template="registration/ticket_changed")
    assert (update.to, update.subject) == (
        "bram@utrecht.nl",
        "Nieuw ticket voor Bram Jansen: workshops gewijzigd (" + done.code + ")",
    )
    [pdf, _ics] = await _attachments(update)
    text = pdf_text(bytes(pdf.content))
    assert "Democratie Testlab" in text
    assert "Raad op Zaterdag" not in text


async def test_change_goes_to_the_contact_person_when_they_get_the_tickets(
    database: None, settings: Settings
) -> None:
    setup = await setup_event()
    await Event.filter(id=setup["event"].id).update(tickets_to_contact_only=True)
    done = await register(setup, person(), person("Bram Jansen", "bram@utrecht.nl"))
    await run_jobs(settings)
    bram = await Attendee.get(registration_id=done.id, position=1)
    await registration.change_bookings(bram, session_ids=[], actor=SYSTEM)
    await run_jobs(settings)
    [update] = await OutboxMessage.filter(template="registration/ticket_changed")
    assert update.to == "anna@utrecht.nl"
    assert "Beste Anna de Vries," in update.text
    assert "/events/dld-2027/registration/" in update.text  # the manage link


@pytest.mark.usefixtures("database")
async def test_manage_page_offers_each_current_ticket(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    setup = await setup_event()
    other = await make_session(setup["event"], title="Democratie Testlab", room=setup["room"])
    done = await register(setup, person(), person("Bram Jansen", "bram@utrecht.nl"))
    await run_jobs(settings)
    token = registration.manage_token(done.code, secret_key=settings.secret_key)
    page = (await client.get(f"/events/dld-2027/registration/{token}")).text
    pdf_links = re.findall(r'<a href="(/tickets/[^"]+\.pdf\?sig=[^"]+)" download>', page)
    page_links = re.findall(r'<a href="(/tickets/[^".]+\?sig=[^"]+)">Ticket op uw telefoon', page)
    assert len(pdf_links) == 2 and len(page_links) == 2

    bram = await Attendee.get(registration_id=done.id, position=1)
    await registration.change_bookings(bram, session_ids=[other.id], actor=SYSTEM)
    response = await client.get(pdf_links[1].replace("&amp;", "&"))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Bram Jansen" in text
    assert "Democratie Testlab" in text
    assert "Raad op Zaterdag" not in text
    await run_jobs(settings)
