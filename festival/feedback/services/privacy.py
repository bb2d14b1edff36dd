"""Access requests: the survey invitations (feedback links) an attendee was sent and a "no more
surveys" choice. Answers are kept apart from the person on purpose (a keyed hash), so they
are not part of an export; ratings stay on erasure."""

from __future__ import annotations

from typing import Any

from festival.feedback.models import SurveyInvitation, SurveyUnsubscribe


async def personal_data(attendee_ids: list[int]) -> dict[str, Any]:
    invitations = (
        await SurveyInvitation.filter(attendee_id__in=attendee_ids)
        .order_by("id")
        .values(
            "id",
            "attendee_id",
            "event_id",
            "kind",
            "session_id",
            "created_at",
            survey="survey__kind",
        )
    )
    unsubscribes = (
        await SurveyUnsubscribe.filter(attendee_id__in=attendee_ids)
        .order_by("id")
        .values("attendee_id", "event_id", "at")
    )
    return {"feedback_invitations": invitations, "feedback_unsubscribes": unsubscribes}


async def forget_invitations(event_ids: list[int]) -> int:
    """Delete the survey invitations and "no more surveys" choices of these (long ended)
    events, inside the caller's transaction; returns the invitations deleted. Answers stay."""
    await SurveyUnsubscribe.filter(event_id__in=event_ids).delete()
    return await SurveyInvitation.filter(event_id__in=event_ids).delete()
