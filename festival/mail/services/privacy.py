"""Access requests: the outbox messages sent to one address in given events."""

from __future__ import annotations

from typing import Any, cast

from festival.mail.models import OutboxMessage


async def personal_data(event_ids: list[int], email: str) -> dict[str, Any]:
    rows = (
        await OutboxMessage.filter(event_id__in=event_ids, to__iexact=email)
        .order_by("created_at", "id")
        .values(
            "id", "event_id", "to", "subject", "text", "template", "status", "created_at", "sent_at"
        )
    )
    return {"mails": rows}


async def message_ids_to(event_ids: list[int], email: str) -> list[int]:
    rows = await OutboxMessage.filter(event_id__in=event_ids, to__iexact=email).values_list(
        "id", flat=True
    )
    return [int(cast(int, row)) for row in rows]
