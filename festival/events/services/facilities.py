"""Events: what a room offers for access needs, and which needs a room leaves unmet."""

from __future__ import annotations

from collections.abc import Iterable

from festival.events.models import Room, RoomFacility
from festival.i18n import lazy_gettext

FACILITY_LABELS = {
    RoomFacility.STEP_FREE: lazy_gettext("drempelvrij"),
    RoomFacility.HEARING_LOOP: lazy_gettext("ringleiding"),
    RoomFacility.SIGN_LANGUAGE: lazy_gettext("plaats voor een gebarentolk"),
    RoomFacility.QUIET_SPACE: lazy_gettext("stille ruimte in de buurt"),
}


def facility_label(facility: str) -> str:
    return str(FACILITY_LABELS[RoomFacility(facility)])


def room_needs(needs: Iterable[str]) -> list[RoomFacility]:
    """The needs a room can meet (others, like "other" or a diet, are not about rooms)."""
    wanted = set(needs)
    return [facility for facility in RoomFacility if facility.value in wanted]


def unmet_needs(needs: Iterable[str], room: Room) -> list[RoomFacility]:
    """The needs among `needs` that `room` does not offer, in RoomFacility order."""
    offered = set(room.facilities)
    return [facility for facility in room_needs(needs) if facility not in offered]
