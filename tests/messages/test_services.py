"""Messages to groups and the day-before reminder, on a real database: who gets them (exact
addresses), in which language, with which manage links, and never twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from festival import clock, jobs
from festival.audit import SYSTEM
from festival.errors import ValidationError
from festival.mail.models import OutboxMessage
from festival.messages import queries, services
from festival.messages.models import Message, MessageDelivery, MessageStatus
from festival.messages.schemas import MessageIn
from festival.registration import services as registration
from festival.settings import Settings
from tests.conftest import run_jobs
from tests.messages.conftest import Setup


def _message(group: str, **overrides: str) -> MessageIn:
    values = {
        "group": group,
        "subject": "Nieuwe ingang",
        "text": "De ingang is verplaatst.\nLoop om het stadhuis heen.\n\nTot morgen!",
        "subject_en": "New entrance",
        "text_en": "The entrance has moved.",
    } | overrides
    return MessageIn(**values)


async def _outbox() -> dict[str, OutboxMessage]:
    return {m.to: m for m in await OutboxMessage.filter(template="messages/message")}


async def _count(setup: Setup, group: str) -> int:
    preview = await services.preview_message(setup.event, _message(group), base_url="http://x")
    return preview.count


async def test_group_counts_leave_out_cancelled_people(setup: Setup) -> None:
    w, o = setup.workshop.id, setup.other.id
    assert await _count(setup, "everyone") == 3  # Anna (twice registered), Bram, Chris; not Dirk
    assert await _count(setup, f"session:{w}") == 1  # Anna holds the one seat
    assert await _count(setup, f"waitlist:{w}") == 1  # Chris waits
    assert await _count(setup, f"session:{o}") == 2  # Anna and Bram; Dirk cancelled
    assert await _count(setup, f"waitlist:{o}") == 0
    assert await _count(setup, f"ticket_type:{setup.general.id}") == 2  # Anna, Bram
    assert await _count(setup, f"ticket_type:{setup.youth.id}") == 2  # Chris, Anna
    assert await _count(setup, "access_need:step_free") == 1
    assert await _count(setup, "access_need:hearing_loop") == 0


async def test_preview_renders_both_languages_and_falls_back_to_dutch(setup: Setup) -> None:
    both = await services.preview_message(setup.event, _message("everyone"), base_url="http://x")
    assert (both.dutch.subject, both.english.subject) == ("Nieuwe ingang", "New entrance")
    assert "De ingang is verplaatst.\nLoop om het stadhuis heen.\n\nTot morgen!" in both.dutch.text
    assert "The entrance has moved." in both.english.text
    assert not both.english_is_dutch
    dutch_only = await services.preview_message(
        setup.event, _message("everyone", subject_en="", text_en=""), base_url="http://x"
    )
    assert dutch_only.english_is_dutch
    assert dutch_only.english.subject == "Nieuwe ingang"
    assert dutch_only.english.text == dutch_only.dutch.text


async def test_group_of_another_event_is_refused(setup: Setup) -> None:
    with pytest.raises(ValidationError) as refused:
        await services.send_message(setup.event, _message("session:999999"), actor=SYSTEM)
    assert refused.value.code == "invalid_group"
    assert await Message.all().count() == 0


async def test_empty_group_is_refused(setup: Setup) -> None:
    with pytest.raises(ValidationError) as refused:
        await services.send_message(setup.event, _message("access_need:quiet_space"), actor=SYSTEM)
    assert refused.value.code == "no_recipients"
    assert await Message.all().count() == 0


async def test_send_mails_each_address_once_in_its_language_with_manage_links(
    setup: Setup, settings: Settings
) -> None:
    message = await services.send_message(setup.event, _message("everyone"), actor=SYSTEM)
    await run_jobs(settings)
    outbox = await _outbox()
    assert sorted(outbox) == ["anna@zeist.nl", "bram@zeist.nl", "chris@example.org"]
    first, _english, _gone, again = setup.registrations
    anna = outbox["anna@zeist.nl"]
    assert (anna.language, anna.subject, anna.automated) == ("nl", "Nieuwe ingang", False)
    assert anna.text.startswith("Beste Anna,\n\nDe ingang is verplaatst.\nLoop om het stadhuis")
    for code in (first.code, again.code):
        url = registration.manage_url(
            settings.base_url, "dld-2027", code, secret_key=settings.secret_key
        )
        assert url in anna.text and url in anna.html
    chris = outbox["chris@example.org"]
    assert (chris.language, chris.subject) == ("en", "New entrance")
    assert "The entrance has moved." in chris.text and "De ingang" not in chris.text
    assert "&lt;" not in chris.html  # plain text, escaped once
    stored = await Message.get(id=message.id)
    assert (stored.status, stored.recipients, stored.delivered) == (MessageStatus.SENT, 3, 3)


async def test_english_reader_gets_dutch_text_when_no_english_was_written(
    setup: Setup, settings: Settings
) -> None:
    data = _message(f"waitlist:{setup.workshop.id}", subject_en="", text_en="")
    await services.send_message(setup.event, data, actor=SYSTEM)
    await run_jobs(settings)
    chris = (await _outbox())["chris@example.org"]
    assert (chris.language, chris.subject) == ("nl", "Nieuwe ingang")
    assert chris.text.startswith("Beste Chris,\n\nDe ingang is verplaatst.")


async def test_retried_or_interrupted_fan_out_never_mails_twice(
    setup: Setup, settings: Settings
) -> None:
    message = await Message.create(
        event_id=setup.event.id,
        audience="everyone",
        subject="Nieuwe ingang",
        text="De ingang is verplaatst.",
        recipients=3,
        created_at=clock.now(),
    )
    keys = {"base_url": settings.base_url, "secret_key": settings.secret_key}
    # A job that stops after each address (batch=1) leaves the rest waiting ...
    assert await services.fan_out(message.id, batch=1, **keys) == 2
    assert await services.fan_out(message.id, batch=1, **keys) == 1
    assert len(await _outbox()) == 2
    # ... the job then finishes it, and running it twice more adds nothing.
    for _ in range(2):
        await jobs.enqueue("send_message", message_id=message.id)
        await run_jobs(settings)
    assert len(await _outbox()) == 3
    assert await MessageDelivery.filter(message_id=message.id).count() == 3
    # Even a message marked as still sending finds everyone done.
    await Message.filter(id=message.id).update(status=MessageStatus.SENDING)
    assert await services.fan_out(message.id, **keys) == 0
    assert await OutboxMessage.filter(template="messages/message").count() == 3


async def test_history_lists_messages_with_counts(setup: Setup, settings: Settings) -> None:
    await services.send_message(setup.event, _message("access_need:step_free"), actor=SYSTEM)
    await services.send_message(
        setup.event, _message(f"session:{setup.other.id}", subject="Testlab"), actor=SYSTEM
    )
    await run_jobs(settings)
    history = (await queries.messages_page(setup.event.id))["history"]
    assert [(m["subject"], m["recipients"], m["delivered"], m["status"]) for m in history] == [
        ("Testlab", 2, 2, "sent"),
        ("Nieuwe ingang", 1, 1, "sent"),
    ]
    assert history[0]["group"] == "Deelnemers van: Democratie Testlab"


# ---------------------------------------------------------------- the day-before reminder


async def _remind(settings: Settings) -> int:
    return await services.send_due_reminders(
        base_url=settings.base_url, secret_key=settings.secret_key
    )


async def test_reminder_the_day_before_once_per_registration(
    setup: Setup, settings: Settings
) -> None:
    await services.set_reminder(setup.event, enabled=True, actor=SYSTEM)
    clock.set_now(datetime(2027, 3, 18, 22, 59, tzinfo=UTC))  # 23:59 in Amsterdam: too early
    assert await _remind(settings) == 0
    clock.set_now(datetime(2027, 3, 19, 8, 0, tzinfo=UTC))
    assert await _remind(settings) == 3  # Anna's two registrations, Chris's; not Dirk's
    assert await _remind(settings) == 0
    await run_jobs(settings)
    mails = await OutboxMessage.filter(template="messages/reminder").order_by("id")
    assert [m.to for m in mails] == ["anna@zeist.nl", "chris@example.org", "anna@zeist.nl"]
    first = mails[0]
    assert first.subject == f"Morgen: {setup.event.name}. Uw programma"
    assert "Anna:\n* 11:00–12:00 Raad op Zaterdag (Raadzaal)\n" in first.text
    assert "* 13:00–14:00 Democratie Testlab (Trouwzaal)\n" in first.text
    assert "Bram:\n* 13:00–14:00 Democratie Testlab (Trouwzaal)\n" in first.text
    url = registration.manage_url(
        settings.base_url, "dld-2027", setup.registrations[0].code, secret_key=settings.secret_key
    )
    assert url in first.text
    assert mails[1].language == "en" and mails[1].subject.startswith("Tomorrow")
    assert (await queries.messages_page(setup.event.id))["reminders_sent"] == 3


async def test_reminder_off_or_after_the_start_sends_nothing(
    setup: Setup, settings: Settings
) -> None:
    clock.set_now(datetime(2027, 3, 19, 8, 0, tzinfo=UTC))
    assert await _remind(settings) == 0  # never switched on
    await services.set_reminder(setup.event, enabled=True, actor=SYSTEM)
    await services.set_reminder(setup.event, enabled=False, actor=SYSTEM)
    assert await _remind(settings) == 0
    await services.set_reminder(setup.event, enabled=True, actor=SYSTEM)
    clock.set_now(datetime(2027, 3, 20, 8, 0, tzinfo=UTC))  # it has started
    assert await _remind(settings) == 0
