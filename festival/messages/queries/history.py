"""The messages page's reads: the event's sent messages with their counts, the reminder setting
and how many reminders went out."""

from __future__ import annotations

from typing import Any

from festival.messages.models import Message, ReminderDelivery, ReminderSetting


async def messages_page(event_id: int) -> dict[str, Any]:
    """History (newest first) and the reminder figures of one event."""
    messages = await Message.filter(event_id=event_id).order_by("-created_at", "-id").limit(200)
    setting = await ReminderSetting.get_or_none(event_id=event_id)
    return {
        "history": [
            {
                "id": m.id,
                "subject": m.subject,
                "has_english": bool(m.text_en.strip()),
                "group": m.audience_label,
                "recipients": m.recipients,
                "delivered": m.delivered,
                "status": m.status.value,
                "author": m.author,
                "created_at": m.created_at,
                "sent_at": m.sent_at,
            }
            for m in messages
        ],
        "reminder_enabled": bool(setting and setting.enabled),
        "reminders_sent": await ReminderDelivery.filter(event_id=event_id).count(),
    }
