"""Who a mail comes from: an event's mail carries its organisation's sender name on the
instance's own address (so the instance's SPF and DKIM still hold) and the organisation's
address as Reply-To; without them, the instance's sender."""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from festival.events.models import Event


async def sender_for(event_id: int | None, *, mail_from: str) -> tuple[str, str]:
    """(From, Reply-To) of a mail of this event ("" Reply-To: none)."""
    if event_id is None:
        return mail_from, ""
    rows = await Event.filter(id=event_id).values_list(
        "organisation__mail_sender_name", "organisation__mail_sender_address"
    )
    if not rows:
        return mail_from, ""
    name, address = (str(value or "") for value in rows[0])
    sender = formataddr((name, parseaddr(mail_from)[1])) if name else mail_from
    return sender, address
