"""Access and erasure requests (the privacy area asks): one person's registrations, attendee
rows, bookings and waiting-list places, found by e-mail address across given events, and
their erasure. Counts stay: rows are anonymised like the retention sweep does, never deleted."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from tortoise.expressions import Q

from festival.registration.models import Attendee, Booking, Registration, WaitlistEntry
from festival.registration.services.retention import ANONYMOUS_NAME


async def people_with_email(event_ids: list[int], email: str) -> tuple[list[int], list[int]]:
    """(registration ids, attendee ids) of `email` (lower-case) in these events: registrations
    it is the contact of or has an attendee in, and the attendee rows with that address."""
    attendees = await Attendee.filter(event_id__in=event_ids, email__iexact=email).values_list(
        "id", "registration_id"
    )
    contact = await Registration.filter(
        event_id__in=event_ids, contact_email__iexact=email
    ).values_list("id", flat=True)
    registration_ids = sorted(
        {int(r) for _a, r in attendees} | {int(cast(int, r)) for r in contact}
    )
    return registration_ids, sorted(int(a) for a, _r in attendees)


async def attendees_of_registration(registration_id: int) -> list[int]:
    """Every attendee row of one registration (an attendee's export of their own registration)."""
    rows = await Attendee.filter(registration_id=registration_id).values_list("id", flat=True)
    return sorted(int(cast(int, row)) for row in rows)


async def personal_data(registration_ids: list[int], attendee_ids: list[int]) -> dict[str, Any]:
    """What registration holds: registrations, attendees, session bookings, waiting lists."""
    registrations = (
        await Registration.filter(id__in=registration_ids)
        .order_by("id")
        .values(
            "id",
            "event_id",
            "code",
            "status",
            "contact_name",
            "contact_email",
            "language",
            "consent_at",
            "consent_version",
            "created_at",
            "cancelled_at",
            ticket_type="ticket_type__name",
        )
    )
    attendees = (
        await Attendee.filter(id__in=attendee_ids)
        .order_by("id")
        .values(
            "id",
            "event_id",
            "name",
            "email",
            "organisation",
            "role",
            "access_needs",
            "access_other",
            "access_discreet",
            "diet",
            "age_group",
            "guardian_name",
            "guardian_email",
            "answers",
            "status",
            "cancelled_at",
            "anonymised_at",
            registration="registration__code",
        )
    )
    bookings = (
        await Booking.filter(attendee_id__in=attendee_ids)
        .order_by("id")
        .values(
            "id",
            "attendee_id",
            "event_id",
            "status",
            "created_at",
            "updated_at",
            session="session__title",
        )
    )
    waitlist = (
        await WaitlistEntry.filter(booking__attendee_id__in=attendee_ids)
        .order_by("id")
        .values(
            "id",
            "event_id",
            "position",
            "state",
            "created_at",
            "offered_at",
            "offer_expires_at",
            session="session__title",
            attendee_id="booking__attendee_id",
        )
    )
    return {
        "registrations": registrations,
        "attendees": attendees,
        "bookings": bookings,
        "waitlist_entries": waitlist,
    }


async def erase_personal_data(
    registration_ids: list[int], attendee_ids: list[int], *, email: str, now: datetime
) -> dict[str, int]:
    """Anonymise the attendee rows and the registrations `email` is the contact of (inside the
    caller's transaction). Bookings, waiting-list places and statuses stay, so counts stay."""
    attendees = await Attendee.filter(id__in=attendee_ids).update(
        name=ANONYMOUS_NAME,
        email="",
        organisation="",
        access_needs=[],
        access_other="",
        diet="",
        guardian_name="",
        guardian_email="",
        answers={},
        anonymised_at=now,
    )
    registrations = (
        await Registration.filter(id__in=registration_ids, contact_email__iexact=email)
        .filter(Q(contact_name__not=ANONYMOUS_NAME) | Q(contact_email__not=""))
        .update(contact_name=ANONYMOUS_NAME, contact_email="", idempotency_key=None)
    )
    return {"attendees": attendees, "registrations": registrations}
