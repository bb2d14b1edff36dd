"""On a phone (390x844): an attendee of the demo opens the answer link from the invitation
mail the sweep wrote to the outbox, answers the session survey with the labelled faces, axe
finds nothing, and the answer can be edited afterwards."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.async_api import Page

from tests.browser.axe import check_a11y
from tests.browser.conftest import PHONE, LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


# Run the invitation sweep against the live server's database as if it were five minutes after
# the end of a session someone in the demo attended, then print the invitation mail's text.
SWEEP = """
import asyncio
from datetime import timedelta

from workers.jobs import JOBS  # first, as the app and the worker import the areas

from festival import clock, db, jobs
from festival.events.models import Event
from festival.feedback import services as feedback
from festival.mail.models import OutboxMessage
from festival.programme import queries as programme_queries
from festival.settings import Settings


async def main() -> None:
    settings = Settings.from_env()
    await db.init(settings.database_url)
    await jobs.start({"settings": settings}, None, functions=JOBS)
    event = await Event.get(slug="dld-demo")
    attended = await feedback.session_attendees(event.id)
    infos = await programme_queries.session_infos(sorted(attended))
    first = min(attended, key=lambda i: (infos[i].ends_at, i))
    clock.set_now(infos[first].ends_at + timedelta(minutes=5))
    await feedback.invite_for_event(
        event, base_url=settings.base_url, secret_key=settings.secret_key
    )
    message = await OutboxMessage.filter(template="feedback/invite").order_by("id").first()
    print(message.text)
    await jobs.stop()
    await db.close()


asyncio.run(main())
"""


def _invitation_text(live_server: LiveServer) -> str:
    data_dir = live_server.log.parent
    env = {
        "FESTIVAL_ENV": "development",
        "FESTIVAL_DATA_DIR": str(data_dir),
        "FESTIVAL_DATABASE_URL": f"sqlite://{data_dir}/festival.sqlite3",
        "FESTIVAL_BASE_URL": live_server.url,
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [sys.executable, "-c", SWEEP], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


async def test_answer_a_session_survey_from_the_mail_on_a_phone_then_edit(
    phone: Page, live_server: LiveServer
) -> None:
    text = _invitation_text(live_server)
    links = re.findall(re.escape(live_server.url) + r"/events/dld-demo/feedback/a/\S+", text)
    assert links, text
    await phone.goto(links[0])
    await check_a11y(phone)
    title = await phone.locator("h1").text_content() or ""
    assert title.startswith("Uw mening over ")
    # One screen wide: nothing scrolls sideways on the phone.
    width = await phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    await phone.get_by_label("Goed", exact=True).first.check()
    await phone.get_by_label("Wat gaat u ermee doen?").fill("Loting voorstellen in onze raad.")
    async with phone.expect_navigation():
        await phone.get_by_role("button", name="Versturen").click()
    await phone.get_by_text("Dank u wel! Uw antwoorden zijn opgeslagen.").wait_for()
    await check_a11y(phone)
    assert await phone.get_by_label("Goed", exact=True).first.is_checked()
    await phone.get_by_label("Heel goed", exact=True).first.check()
    async with phone.expect_navigation():
        await phone.get_by_role("button", name="Wijzigingen opslaan").click()
    assert await phone.get_by_label("Heel goed", exact=True).first.is_checked()
    value = await phone.get_by_label("Wat gaat u ermee doen?").input_value()
    assert value == "Loting voorstellen in onze raad."
