"""Messages: organisers write to a group of their attendees (everyone, a session, a waiting
list, a ticket type, an access need), preview it in Dutch and English and send it through the
outbox; and the reminder with each registration's agenda the day before the event."""

from festival.messages.services.groups import Group, group_choices, recipients_of, resolve_group
from festival.messages.services.reminders import (
    is_reminder_due,
    send_due_reminders,
    set_reminder,
)
from festival.messages.services.sending import (
    Preview,
    fan_out,
    paragraphs,
    preview_message,
    send_message,
)

__all__ = [
    "Group",
    "Preview",
    "fan_out",
    "group_choices",
    "is_reminder_due",
    "paragraphs",
    "preview_message",
    "recipients_of",
    "resolve_group",
    "send_due_reminders",
    "send_message",
    "set_reminder",
]
