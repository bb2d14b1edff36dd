"""The demo organiser's look: a colour and a mail sender, so the demo shows a branded event."""

from __future__ import annotations

from typing import Any

from festival import audit
from festival.accounts import services
from festival.accounts.models import Organisation
from festival.accounts.schemas import BrandingIn
from festival.events.models import Event

BRANDING = BrandingIn(
    colour="#1a5276",
    sender_name="Dag van de Lokale Democratie",
    sender_address="info@demo.festival.nl",
)


async def extend_demo(event: Event) -> dict[str, Any]:
    """Idempotent: only an organisation without a colour gets one."""
    organisation = await Organisation.get(id=event.organisation_id)
    if organisation.colour:
        return {"branded": 0}
    await services.update_branding(
        organisation, values=BRANDING, logo=None, media_dir=None, actor=audit.SYSTEM
    )
    return {"branded": 1}
