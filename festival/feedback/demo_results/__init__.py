"""The previous demo edition `dld-demo-2026`: a published programme of twelve sessions across
formats and partners, 300 attendees with entrance and session check-ins, and a few hundred
survey responses (open answers too, some publishable; some sessions under five respondents),
so every results page, the editor's figures and the reviewers' panel show real data at once.
A few sessions of `dld-demo` repeat those of 2026 (`repeat_of`). Bulk inserts; idempotent."""

from __future__ import annotations

import random
from typing import Any

from festival import audit
from festival.events.models import Event
from festival.feedback.demo_results.attendance import make_attendance
from festival.feedback.demo_results.data import LAB_SPEAKER, SLUG
from festival.feedback.demo_results.edition import (
    link_repeats,
    make_edition,
    make_partner_sessions,
)
from festival.feedback.demo_results.responses import make_responses
from festival.programme import services as programme

__all__ = ["LAB_SPEAKER", "SLUG", "extend_demo"]


async def extend_demo(event: Event) -> dict[str, Any]:
    if await Event.filter(slug=SLUG).exists():
        return {"event": SLUG, "created": False}
    rng = random.Random(2026)  # the same demo every time
    old, sessions = await make_edition(event)
    await programme.publish_programme(old, actor=audit.SYSTEM, comment="Programma 2026")
    partner_sessions = await make_partner_sessions(old, sessions)
    present = await make_attendance(old, sessions, rng)
    responses = await make_responses(old, sessions, present, rng)
    return {
        "event": SLUG,
        "created": True,
        "sessions": len(sessions),
        "partner_sessions": partner_sessions,
        "responses": responses,
        "repeats": await link_repeats(event, sessions),
    }
