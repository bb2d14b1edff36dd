"""Survey invitations with an injected clock: right after a session or as an evening digest,
the event survey the next morning, one reminder to those who did not answer, unsubscribing,
and nothing mailed twice (a sweep run again, or twice at once)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from festival import clock
from festival.feedback import services as feedback
from festival.feedback.models import InviteTiming, SurveyInvitation
from festival.feedback.schemas import AnswersIn
from festival.mail.models import OutboxMessage
from tests.feedback.conftest import (
    LAB_ENDS,
    SECRET,
    WORKSHOP_ENDS,
    attendee,
    check_in,
    feedback_event,
    session_link,
)

pytestmark = pytest.mark.usefixtures("database")
BASE = "http://testserver"


async def sweep() -> int:
    return await feedback.sweep_invitations(base_url=BASE, secret_key=SECRET)


async def mails() -> list[tuple[str, str]]:
    rows = await OutboxMessage.filter(template__startswith="feedback/").order_by("id")
    return [(m.to, m.subject) for m in rows]


async def two_at_the_workshop() -> dict:
    setup = await feedback_event()
    sessions = [setup["workshop"].id, setup["lab"].id]
    setup["anna"] = await attendee(setup, "Anna de Vries", "anna@utrecht.nl", sessions=sessions)
    setup["bert"] = await attendee(setup, "Bert Bakker", "bert@zeist.nl", sessions=sessions)
    for person in (setup["anna"], setup["bert"]):
        await check_in(setup, person, "entrance")
        await check_in(setup, person, setup["workshop"].id)
    return setup


async def test_after_session_invites_when_the_session_ends_and_only_once() -> None:
    setup = await two_at_the_workshop()
    clock.set_now(WORKSHOP_ENDS - timedelta(minutes=1))
    assert await sweep() == 0
    clock.set_now(WORKSHOP_ENDS + timedelta(minutes=5))
    assert await sweep() == 2
    assert await mails() == [
        ("anna@utrecht.nl", "Wat vond u ervan? Dag van de Lokale Democratie"),
        ("bert@zeist.nl", "Wat vond u ervan? Dag van de Lokale Democratie"),
    ]
    assert await sweep() == 0
    # The lab had no door scan: their entrance check-in and booking count once it has ended.
    clock.set_now(LAB_ENDS + timedelta(minutes=5))
    assert await sweep() == 2
    keys = await SurveyInvitation.filter(attendee_id=setup["anna"]["attendee_id"]).values_list(
        "session_id", "kind"
    )
    assert sorted(keys) == [(setup["workshop"].id, "invite"), (setup["lab"].id, "invite")]


async def test_the_mail_carries_a_working_answer_link_and_an_unsubscribe_link() -> None:
    setup = await two_at_the_workshop()
    clock.set_now(WORKSHOP_ENDS + timedelta(minutes=5))
    await sweep()
    message = await OutboxMessage.get(to="anna@utrecht.nl", template__startswith="feedback/")
    link = await session_link(setup, setup["anna"], setup["workshop"])
    token = feedback.answer_token(link, secret_key=SECRET)
    assert f"{BASE}/events/dld-2027/feedback/a/{token}" in message.text
    assert "Raad op Zaterdag" in message.text
    assert f"{BASE}/events/dld-2027/feedback/unsubscribe/" in message.text


async def test_two_sweeps_at_once_mail_each_person_once() -> None:
    await two_at_the_workshop()
    clock.set_now(WORKSHOP_ENDS + timedelta(minutes=5))
    counts = await asyncio.gather(sweep(), sweep(), sweep())
    assert sum(counts) == 2
    assert len(await mails()) == 2
    assert await SurveyInvitation.all().count() == 2


async def test_daily_digest_waits_for_eight_in_the_evening_and_lists_the_days_sessions() -> None:
    setup = await two_at_the_workshop()
    settings = await feedback.settings_for(setup["event"].id)
    settings.invite_timing = InviteTiming.DAILY_DIGEST
    await settings.save()
    # 20:00 in Amsterdam on 20 March 2027 is 19:00 UTC.
    clock.set_now(datetime(2027, 3, 20, 18, 59, tzinfo=UTC))
    assert await sweep() == 0
    clock.set_now(datetime(2027, 3, 20, 19, 0, tzinfo=UTC))
    assert await sweep() == 2
    message = await OutboxMessage.get(to="anna@utrecht.nl", template__startswith="feedback/")
    assert message.text.index("Raad op Zaterdag") < message.text.index("Democratie Testlab: loting")
    assert await sweep() == 0


async def test_event_survey_goes_out_the_next_morning() -> None:
    setup = await feedback_event()
    anna = await attendee(setup, "Anna de Vries", "anna@utrecht.nl")
    await check_in(setup, anna, "entrance")
    clock.set_now(datetime(2027, 3, 21, 7, 59, tzinfo=UTC))  # 08:59 in Amsterdam
    assert await sweep() == 0
    clock.set_now(datetime(2027, 3, 21, 8, 0, tzinfo=UTC))
    assert await sweep() == 1
    message = await OutboxMessage.get(to="anna@utrecht.nl", template__startswith="feedback/")
    assert "Het hele evenement" in message.text
    [invitation] = await SurveyInvitation.all()
    assert invitation.session_id is None and invitation.message_id == message.id


async def test_one_reminder_three_days_later_only_to_those_who_did_not_answer() -> None:
    setup = await two_at_the_workshop()
    clock.set_now(WORKSHOP_ENDS + timedelta(minutes=5))
    await sweep()
    target = await feedback.target_for_link(
        setup["event"], await session_link(setup, setup["bert"], setup["workshop"]), channel="link"
    )
    useful = (await feedback.questions_for(target))[0].id
    data = AnswersIn.model_validate({"answers": [{"question": useful, "values": ["5"]}]})
    await feedback.submit_response(target, data, secret_key=SECRET)
    clock.set_now(WORKSHOP_ENDS + timedelta(days=3))
    await sweep()  # the lab's invitations (no reminder is due yet: 3 days minus 5 minutes)
    assert [m for m in await mails() if m[1].startswith("Herinnering")] == []
    clock.set_now(WORKSHOP_ENDS + timedelta(days=3, minutes=10))
    await sweep()
    reminders = [m for m in await mails() if m[1].startswith("Herinnering")]
    assert reminders == [
        ("anna@utrecht.nl", "Herinnering: wat vond u ervan? Dag van de Lokale Democratie")
    ]
    clock.advance(timedelta(days=3))
    await sweep()
    assert len([m for m in await mails() if m[1].startswith("Herinnering")]) == 1


async def test_unsubscribed_attendees_get_no_more_mail() -> None:
    setup = await two_at_the_workshop()
    await feedback.unsubscribe(setup["event"], setup["anna"]["attendee_id"])
    await feedback.unsubscribe(setup["event"], setup["anna"]["attendee_id"])  # idempotent
    clock.set_now(WORKSHOP_ENDS + timedelta(minutes=5))
    assert await sweep() == 1
    assert await mails() == [("bert@zeist.nl", "Wat vond u ervan? Dag van de Lokale Democratie")]


async def test_no_invitations_after_the_survey_closed() -> None:
    setup = await two_at_the_workshop()
    settings = await feedback.settings_for(setup["event"].id)
    settings.closes_at = WORKSHOP_ENDS
    await settings.save()
    clock.set_now(WORKSHOP_ENDS + timedelta(minutes=5))
    assert await sweep() == 0
