"""The outcome request mails: an invitation when the session has ended, one reminder a week
later while nothing is handed in; a retried sweep never mails twice."""

from __future__ import annotations

from datetime import timedelta

import pytest

from festival import audit, clock
from festival.archive import services as archive
from festival.archive.models import OutcomeRequest
from festival.archive.schemas import OutcomeIn
from festival.mail.models import OutboxMessage
from tests.archive.support import AFTER, SPEAKER_EMAIL, make_edition

pytestmark = pytest.mark.usefixtures("database")
SECRET = "test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


async def _sweep() -> tuple[int, int]:
    return await archive.sweep(base_url="http://testserver", secret_key=SECRET)


async def test_requests_invite_once_then_one_reminder() -> None:
    edition = await make_edition()
    partner_email = edition.partner_user.email.lower()
    assert await _sweep() == (3, 2)  # three sessions archived; the lab's contact and speaker
    assert await _sweep() == (3, 0)  # a retry mails nobody again
    messages = await OutboxMessage.all().order_by("to")
    assert sorted(m.to for m in messages) == sorted([partner_email, SPEAKER_EMAIL])
    assert all(m.template == "archive/outcome_invite" for m in messages)
    assert "Burgerberaad in uw gemeente" in messages[0].subject
    assert "http://testserver/kennisbank/invullen/" in messages[0].text

    clock.set_now(AFTER + timedelta(days=6, hours=23))
    assert (await _sweep())[1] == 0  # not a week yet
    clock.set_now(AFTER + timedelta(days=7))
    assert (await _sweep())[1] == 2
    assert (await _sweep())[1] == 0  # one reminder only
    kinds = await OutcomeRequest.all().order_by("id").values_list("kind", flat=True)
    assert [str(k) for k in kinds] == ["invite", "invite", "reminder", "reminder"]


async def test_requests_no_reminder_once_handed_in() -> None:
    edition = await make_edition()
    await _sweep()
    session = await archive.session_in_event(edition.event, edition.lab.code)
    data = OutcomeIn(question="Loting?", happened="Advies", verdict="werkt_deels")
    await archive.save_outcome(session, data, actor=audit.SYSTEM, submit=True)
    clock.set_now(AFTER + timedelta(days=8))
    assert (await _sweep())[1] == 0


async def test_requests_link_lets_the_speaker_fill_in(client: object) -> None:
    edition = await make_edition()
    await _sweep()
    token = archive.make_outcome_token(edition.lab.id, SPEAKER_EMAIL, secret_key=SECRET)
    session, address = await archive.session_for_token(token, secret_key=SECRET)
    assert (session.code, address) == (edition.lab.code, SPEAKER_EMAIL)
    stranger = archive.make_outcome_token(edition.lab.id, "x@example.nl", secret_key=SECRET)
    with pytest.raises(Exception) as refused:
        await archive.session_for_token(stranger, secret_key=SECRET)
    assert getattr(refused.value, "code", "") == "link_invalid"
