"""Schedule changes are mailed to the people booked on a changed session, once per version."""

from __future__ import annotations

from datetime import UTC, datetime

from festival import audit
from festival.mail.models import OutboxMessage
from festival.programme import services
from festival.programme.services import SessionData
from festival.registration import services as registration
from festival.registration.models import Registration
from festival.settings import Settings
from tests.conftest import run_jobs
from tests.factories import make_event, make_room, make_session, make_ticket_type
from tests.registration.conftest import person, register

ACTOR = audit.Actor("user", 1, "organisator@example.nl")
TEMPLATE = "programme/schedule_changed"


def at(hour: int) -> datetime:
    return datetime(2027, 3, 20, hour, 0, tzinfo=UTC)


async def announced() -> list[OutboxMessage]:
    return await OutboxMessage.filter(template=TEMPLATE).order_by("id")


async def test_moved_workshop_mails_its_booked_attendee_once(
    database: None, settings: Settings
) -> None:
    event = await make_event()  # Europe/Amsterdam: 10:00 UTC is 11:00, 13:00 UTC is 14:00
    room, other = await make_room(event, name="Raadzaal"), await make_room(event, name="Trouwzaal")
    workshop = await make_session(event, room=room, title="Raad op Zaterdag", starts_at=at(10))
    bystander = await make_session(event, room=other, title="Testlab", starts_at=at(12))
    ticket = await make_ticket_type(event)
    await services.publish_programme(event, actor=ACTOR)
    await register(event, ticket, person(1), sessions=[[workshop.id]])
    await register(event, ticket, person(2), sessions=[[bystander.id]])
    await run_jobs(settings)
    assert await announced() == []

    await services.move_session(
        workshop, room_id=other.id, starts_at=at(13), ends_at=at(14), actor=ACTOR
    )
    v2 = await services.publish_programme(event, actor=ACTOR)
    await run_jobs(settings)

    mails = await announced()
    assert [(m.to, m.event_id, m.language) for m in mails] == [
        ("deelnemer1@gemeente.nl", event.id, "nl")
    ]
    mail = mails[0]
    assert mail.subject == f"Wijziging in het programma van {event.name} (versie 2)"
    assert "Raad op Zaterdag" in mail.text
    assert "VERPLAATST. Nieuwe tijd en zaal: 20 maart 2027, 14:00–15:00, Trouwzaal" in mail.text
    assert "Eerst was dit: 20 maart 2027, 11:00, Raadzaal" in mail.text
    assert f"http://testserver/events/{event.slug}/registration/" in mail.text
    assert "14:00–15:00" in mail.html
    assert "Testlab" not in mail.text

    assert (
        await registration.announce_changes(
            v2.id, base_url="http://testserver", secret_key=settings.secret_key
        )
        == 0
    )
    await run_jobs(settings)
    assert [m.id for m in await announced()] == [mail.id]


async def test_cancelled_session_mail_says_it_is_cancelled_in_the_attendee_language(
    database: None, settings: Settings
) -> None:
    event = await make_event()
    first = await make_session(event, title="Raad op Zaterdag", starts_at=at(9))
    second = await make_session(event, title="Democratie Testlab", starts_at=at(11))
    ticket = await make_ticket_type(event)
    await services.publish_programme(event, actor=ACTOR)
    registration = await register(event, ticket, person(3), sessions=[[first.id, second.id]])
    await Registration.filter(id=registration.id).update(language="en")
    await run_jobs(settings)

    await services.cancel_session(first, actor=ACTOR)
    renamed = SessionData(
        title="Democratie Testlab (nieuw)",
        format=second.format,
        room_id=second.room_id,
        starts_at=second.starts_at,
        ends_at=second.ends_at,
        state=second.state,
    )
    await services.update_session(second, data=renamed, actor=ACTOR)
    await services.publish_programme(event, actor=ACTOR)
    await run_jobs(settings)

    mails = await announced()
    assert [(m.to, m.language) for m in mails] == [("deelnemer3@gemeente.nl", "en")]
    text = mails[0].text
    assert mails[0].subject == f"Change in the programme of {event.name} (version 2)"
    assert "* Raad op Zaterdag\n  CANCELLED: this session will not take place." in text
    assert "* Democratie Testlab (nieuw)\n  CHANGED: the details of this session" in text
    assert "CANCELLED: this session will not take place." in mails[0].html


async def test_attendee_without_seat_in_the_changed_session_gets_nothing(
    database: None, settings: Settings
) -> None:
    event = await make_event()
    workshop = await make_session(event, starts_at=at(10))
    ticket = await make_ticket_type(event)
    await services.publish_programme(event, actor=ACTOR)
    await register(event, ticket, person(4))
    await services.cancel_session(workshop, actor=ACTOR)
    published = await services.publish_programme(event, actor=ACTOR)
    assert published.changelog[0]["change"] == "cancelled"
    await run_jobs(settings)
    assert await announced() == []
