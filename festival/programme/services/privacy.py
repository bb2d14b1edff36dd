"""Access and erasure requests for speakers: a speaker profile found by its private e-mail
address; erasing it blanks the profile (the session keeps its place in the programme)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from festival.programme.models import Speaker
from festival.programme.services.speakers import _remove_photo

ERASED_SPEAKER = "Geanonimiseerd"


async def personal_data(event_ids: list[int], email: str) -> dict[str, Any]:
    """The speaker profiles with this address in these events, with their sessions' titles."""
    found = (
        await Speaker.filter(event_id__in=event_ids, email__iexact=email)
        .order_by("id")
        .prefetch_related("sessions")
    )
    rows = [
        {
            "id": speaker.id,
            "event_id": speaker.event_id,
            "name": speaker.name,
            "email": speaker.email,
            "organisation": speaker.organisation,
            "role": speaker.role,
            "bio": speaker.bio,
            "bio_en": speaker.bio_en,
            "photo": bool(speaker.photo),
            "sessions": sorted(session.title for session in speaker.sessions),
        }
        for speaker in found
    ]
    return {"speakers": rows}


async def erase_personal_data(
    event_ids: list[int], email: str, *, media_dir: Path | None = None
) -> dict[str, int]:
    """Blank the speaker profiles with this address (inside the caller's transaction); the
    photo file goes too. Session links stay, so the programme keeps its shape."""
    found = await Speaker.filter(event_id__in=event_ids, email__iexact=email)
    for speaker in found:
        _remove_photo(speaker.photo, media_dir)
    count = await Speaker.filter(id__in=[s.id for s in found]).update(
        name=ERASED_SPEAKER,
        organisation="",
        role="",
        role_en="",
        bio="",
        bio_en="",
        photo="",
        email="",
    )
    return {"speakers": count}
