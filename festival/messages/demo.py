"""Messages' part of the demo edition: the reminder the day before is on, and one message to a
workshop's attendees has gone out (so the history and the outbox show it at once)."""

from __future__ import annotations

from typing import Any

from festival.audit import SYSTEM
from festival.events.models import Event
from festival.messages import queries, services
from festival.messages.schemas import MessageIn

SUBJECT = "Praktische informatie over uw workshop"
TEXT = (
    "Fijn dat u meedoet aan deze workshop.\n\n"
    "Kom tien minuten eerder. Dan kunt u rustig een plek zoeken. "
    "Neem gerust een laptop of tablet mee. Dat is handig, maar het hoeft niet.\n\n"
    "Heeft u nog vragen? Mail dan naar de organisatie."
)
SUBJECT_EN = "Practical information about your workshop"
TEXT_EN = (
    "Thank you for joining this workshop.\n\n"
    "Please come ten minutes early, so you can find a seat. "
    "A laptop or tablet is handy, but not needed.\n\n"
    "Any questions? Mail the organisers."
)
MAX_DEMO_RECIPIENTS = 40  # keeps the demo load fast


async def _small_group(event: Event) -> services.Group | None:
    """The first session whose attendees are a few people."""
    for group in await services.group_choices(event):
        if group.audience != "session":
            continue
        if 0 < len(await services.recipients_of(event.id, group)) <= MAX_DEMO_RECIPIENTS:
            return group
    return None


async def extend_demo(event: Event) -> dict[str, Any]:
    """Idempotent: the message only when the event has none yet."""
    page = await queries.messages_page(event.id)
    if not page["reminder_enabled"]:
        await services.set_reminder(event, enabled=True, actor=SYSTEM)
    if page["history"]:
        return {"messages": 0}
    group = await _small_group(event)
    if group is None:
        return {"messages": 0}
    data = MessageIn(
        group=group.key, subject=SUBJECT, text=TEXT, subject_en=SUBJECT_EN, text_en=TEXT_EN
    )
    message = await services.send_message(event, data, actor=SYSTEM)
    return {"messages": 1, "message_recipients": message.recipients}
