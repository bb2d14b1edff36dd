"""The organiser's messages page over HTTP: preview with the count, send, history, the reminder
setting; other organisations and staff are refused; bad input is a 422 with a Dutch message."""

from __future__ import annotations

from typing import Any

import httpx

from festival.accounts.models import Role
from festival.mail.models import OutboxMessage
from festival.messages.models import Message, ReminderSetting
from festival.settings import Settings
from tests.conftest import run_jobs
from tests.factories import make_user
from tests.helpers import csrf_token, login
from tests.messages.conftest import Setup

PAGE = "/admin/events/dld-2027/messages"


async def _organiser(client: httpx.AsyncClient, setup: Setup, role: Role = Role.ORGANISER) -> None:
    user = await make_user(role=role, email="org@festival.nl")
    membership = await user.memberships.all().first()
    assert membership is not None
    setup.event.organisation_id = membership.organisation_id
    await setup.event.save()
    await login(client, "org@festival.nl")


def _form(token: str, **overrides: Any) -> dict[str, Any]:
    return {
        "csrf_token": token,
        "group": "everyone",
        "subject": "Nieuwe ingang",
        "text": "De ingang is verplaatst.",
        "subject_en": "",
        "text_en": "",
    } | overrides


async def test_preview_shows_count_and_both_languages_then_send(
    client: httpx.AsyncClient, setup: Setup, settings: Settings
) -> None:
    await _organiser(client, setup)
    page = await client.get(PAGE)
    assert page.status_code == 200
    option = f'<option value="waitlist:{setup.workshop.id}">Wachtlijst van: Raad op Zaterdag'
    assert option in page.text
    token = await csrf_token(client)
    preview = await client.post(PAGE, data=_form(token))
    assert preview.status_code == 200
    assert "3 mensen krijgen dit bericht" in preview.text
    assert "Engelstalige deelnemers krijgen de Nederlandse tekst." in preview.text
    assert "Versturen naar 3 mensen" in preview.text
    assert await Message.all().count() == 0  # a preview stores nothing
    sent = await client.post(PAGE, data=_form(token, send="yes"))
    assert sent.status_code == 303
    await run_jobs(settings)
    assert await OutboxMessage.filter(template="messages/message").count() == 3
    history = await client.get(PAGE)
    assert "Het bericht wordt verstuurd naar 3 mensen." in history.text
    assert "Nieuwe ingang" in history.text and "Iedereen die is aangemeld" in history.text
    english = await client.get(PAGE, params={"lang": "en"})
    assert "Messages to attendees" in english.text and "Everyone registered" in english.text


async def test_bad_input_is_refused_in_dutch(client: httpx.AsyncClient, setup: Setup) -> None:
    await _organiser(client, setup)
    token = await csrf_token(client)
    cases = [
        ({"group": "session:999999"}, "Kies aan wie u het bericht stuurt."),
        ({"group": "iedereen; drop"}, "Kies aan wie u het bericht stuurt."),
        ({"subject": ""}, "Vul een onderwerp in van hoogstens 200 tekens."),
        ({"text": "x" * 10_001}, "Vul het bericht in (hoogstens 10.000 tekens)."),
        ({"group": "access_need:quiet_space"}, "Niemand in deze groep krijgt het bericht."),
    ]
    for fields, message in cases:
        response = await client.post(PAGE, data=_form(token, send="yes", **fields))
        assert response.status_code == 422, fields
        assert message in response.text, fields
    assert await Message.all().count() == 0


async def test_reminder_setting_switches(client: httpx.AsyncClient, setup: Setup) -> None:
    await _organiser(client, setup)
    token = await csrf_token(client)
    on = await client.post(PAGE + "/reminder", data={"csrf_token": token, "enabled": "yes"})
    assert on.status_code == 303
    assert (await ReminderSetting.get(event_id=setup.event.id)).enabled
    await client.post(PAGE + "/reminder", data={"csrf_token": token})
    assert not (await ReminderSetting.get(event_id=setup.event.id)).enabled


async def test_staff_and_other_organisations_are_refused(
    client: httpx.AsyncClient, setup: Setup
) -> None:
    await _organiser(client, setup, role=Role.STAFF)
    token = await csrf_token(client)
    assert (await client.get(PAGE)).status_code == 403
    assert (await client.post(PAGE, data=_form(token, send="yes"))).status_code == 403
    await make_user(role=Role.ORGANISER, email="ander@festival.nl")  # another organisation
    await login(client, "ander@festival.nl")
    token = await csrf_token(client)
    assert (await client.get(PAGE)).status_code == 403
    assert (await client.post(PAGE, data=_form(token, send="yes"))).status_code == 403
    assert await Message.all().count() == 0
