"""The privacy retention sweep: survey invitations go 90 days after an event's end, payment
details once the event's retention has passed; amounts, states and invoices stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from festival import clock
from festival.audit import AuditEntry
from festival.feedback.models import Survey, SurveyInvitation, SurveyKind
from festival.payments.models import Payment, PaymentStatus
from festival.privacy import services as privacy
from tests.factories import make_event, make_ticket_type
from tests.registration.conftest import person, register

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


async def _event_with_data(slug: str, *, ended_days_ago: int, retention_days: int) -> int:
    ends = NOW - timedelta(days=ended_days_ago)
    clock.set_now(ends - timedelta(days=30))
    event = await make_event(
        slug=slug,
        starts_at=ends - timedelta(hours=8),
        ends_at=ends,
        retention_days=retention_days,
    )
    found = await register(event, await make_ticket_type(event), person(1))
    survey = await Survey.create(event_id=event.id, kind=SurveyKind.EVENT)
    await SurveyInvitation.create(
        key=f"invite:{survey.id}:0:1",
        event_id=event.id,
        attendee_id=1,
        survey=survey,
        kind="invite",
        created_at=ends,
    )
    await Payment.create(
        registration_id=found.id,
        event_id=event.id,
        amount_cents=2500,
        status=PaymentStatus.PAID,
        checkout_session_id=f"cs_{slug}",
        checkout_url=f"https://pay.example/{slug}",
        payment_intent_id=f"pi_{slug}",
        method="ideal",
        hold_expires_at=ends,
        paid_at=ends,
        created_at=ends,
    )
    clock.set_now(NOW)
    return event.id


@pytest.mark.usefixtures("database")
async def test_sweep_forgets_old_invitations_and_payment_details_only() -> None:
    old = await _event_with_data("oud", ended_days_ago=100, retention_days=30)
    recent = await _event_with_data("recent", ended_days_ago=40, retention_days=30)
    fresh = await _event_with_data("vers", ended_days_ago=10, retention_days=30)
    done = await privacy.sweep_retention(now=NOW)
    assert done == privacy.SweepResult(feedback_invitations=1, payments=2)
    left = await SurveyInvitation.all().order_by("event_id").values_list("event_id", flat=True)
    assert left == [recent, fresh]
    rows = (
        await Payment.all()
        .order_by("event_id")
        .values_list(
            "event_id",
            "amount_cents",
            "status",
            "checkout_session_id",
            "payment_intent_id",
            "method",
        )
    )
    assert rows == [
        (old, 2500, "paid", None, None, ""),
        (recent, 2500, "paid", None, None, ""),
        (fresh, 2500, "paid", "cs_vers", "pi_vers", "ideal"),
    ]
    entry = await AuditEntry.get(action="privacy.swept")
    assert entry.data == {"feedback_invitations": 1, "payments": 2}
    again = await privacy.sweep_retention(now=NOW)
    assert again == privacy.SweepResult(feedback_invitations=0, payments=0)
