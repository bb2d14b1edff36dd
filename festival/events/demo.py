"""The demo rooms' facilities for access needs (step-free, hearing loop, sign language, quiet)."""

from __future__ import annotations

from typing import Any

from festival.events.models import Event, Room, RoomFacility

STEP_FREE, LOOP, SIGN, QUIET = (
    RoomFacility.STEP_FREE,
    RoomFacility.HEARING_LOOP,
    RoomFacility.SIGN_LANGUAGE,
    RoomFacility.QUIET_SPACE,
)
# Room name -> what it offers, as the base demo's accessibility notes describe it; the
# committee rooms upstairs have no hearing loop, so bookings there show mismatches.
FACILITIES = {
    "Raadzaal": (STEP_FREE, LOOP, SIGN),
    "Burgerzaal": (STEP_FREE, LOOP),
    "Commissiekamer 1": (STEP_FREE,),
    "Commissiekamer 2": (STEP_FREE,),
    "Trouwzaal": (STEP_FREE, SIGN),
    "Collegekamer": (STEP_FREE, QUIET),
    "Leeszaal": (STEP_FREE, QUIET),
    "Studio": (STEP_FREE,),
}


async def extend_demo(event: Event) -> dict[str, Any]:
    """Tick each demo room's facilities (only while no room of the event has any)."""
    flags = [f.value for f in RoomFacility]
    rooms = await Room.filter(event_id=event.id).values(*flags)
    if any(room[flag] for room in rooms for flag in flags):
        return {"room_facilities": 0}
    updated = 0
    for name, offered in FACILITIES.items():
        values = {f.value: f in offered for f in RoomFacility}
        updated += await Room.filter(event_id=event.id, name=name).update(**values)
    return {"room_facilities": updated}
