"""Who may scan: devices from bearer tokens or logged-in staff, and their events."""

from __future__ import annotations

from typing import Any

from festival.accounts import services as accounts
from festival.accounts.models import CHECKIN_ROLES, TokenScope
from festival.checkin.services.checkpoints import CheckinError, Device
from festival.errors import PermissionDenied
from festival.events import services as events
from festival.events.models import Event
from festival.i18n import _


async def device_for_token(
    authorization: str | None, *, slug: str | None = None
) -> tuple[Event, Device]:
    """The event and device of a bearer token of scope checkin; a token works for its own event
    only. Raises Unauthorized or PermissionDenied."""
    event_id = (await events.get_event(slug)).id if slug else None
    token = await accounts.authenticate_bearer(
        authorization, event_id=event_id, scopes=(TokenScope.CHECKIN,)
    )
    # The token comes with its event (both cached for a few seconds, see accounts).
    event = token.event if isinstance(token.event, Event) else await Event.get(id=token.event_id)
    return event, Device("token", token.id, token.name or token.prefix)


async def device_for_user(user: Any, *, slug: object) -> tuple[Event, Device]:
    """The event and device of a logged-in user with a check-in role in the event's organisation.
    Raises NotFound or PermissionDenied."""
    if not isinstance(slug, str) or not slug:
        raise CheckinError(
            "event_required", _("Kies een evenement."), {"event": _("Kies een evenement.")}
        )
    event = await events.get_event(slug)
    role = await accounts.role_in_organisation(user, event.organisation_id)
    if role not in CHECKIN_ROLES and not user.is_admin:
        raise PermissionDenied("forbidden", _("U mag bij dit evenement niet inchecken."))
    return event, Device("user", user.id, user.name)


async def scannable_events(user: Any) -> list[Event]:
    """Events the user may scan for (a check-in role in their organisation), newest first."""
    organisations = await accounts.organisations_for(user, CHECKIN_ROLES)
    return await Event.filter(organisation_id__in=[o.id for o in organisations] or [0]).order_by(
        "-starts_at"
    )
