"""Payments' jobs: the hold sweep, refunds that need Stripe, and the payment mails."""

from __future__ import annotations

import logging
from typing import Any

from festival import audit, jobs
from festival.audit import Actor
from festival.payments import services as payments
from festival.settings import Settings

log = logging.getLogger("festival.payments")


def _config(settings: Settings) -> payments.StripeConfig:
    return payments.StripeConfig(
        settings.stripe_secret_key, settings.stripe_webhook_secret, settings.stripe_api_base
    )


@jobs.job
async def expire_payment_holds(ctx: dict[str, Any]) -> None:
    """Periodic sweep: cancel registrations whose hold ended unpaid; seats go to waiting lists."""
    ended = await payments.expire_holds(config=_config(jobs.settings_of(ctx)))
    if ended:
        log.info("%d unpaid holds ended", ended)


@jobs.job
async def refund_payment_in_full(ctx: dict[str, Any], payment_id: int, reason: str) -> None:
    """Send back a payment that cannot buy a place (too late, paid twice, cancelled)."""
    await payments.refund_in_full(payment_id, reason=reason, config=_config(jobs.settings_of(ctx)))


@jobs.job
async def refund_cancellation(
    ctx: dict[str, Any],
    registration_id: int,
    attendees: int,
    whole: bool,
    actor: str,
    by: str = "attendee",
    by_id: int | None = None,
    full: bool = False,
    reference: str = "",
) -> None:
    """Attendees were cancelled: refund (or credit the invoice) by the event's policy, or in
    full when an organiser cancelled and chose to refund."""
    await payments.refund_cancelled_attendees(
        registration_id,
        attendees=attendees,
        whole=whole,
        actor=Actor(by, by_id, actor) if actor else audit.SYSTEM,
        config=_config(jobs.settings_of(ctx)),
        full=full,
        reference=reference,
    )


@jobs.job
async def send_hold_expired(ctx: dict[str, Any], registration_id: int) -> None:
    """Tell the attendee that the registration was cancelled because nobody paid."""
    settings = jobs.settings_of(ctx)
    await payments.send_hold_expired(
        registration_id, base_url=settings.base_url, secret_key=settings.secret_key
    )


@jobs.job
async def send_refund_notice(ctx: dict[str, Any], refund_id: int) -> None:
    """Tell the attendee how much money comes back."""
    settings = jobs.settings_of(ctx)
    await payments.send_refund_notice(
        refund_id, base_url=settings.base_url, secret_key=settings.secret_key
    )


JOBS: list[jobs.JobFunction] = [
    expire_payment_holds,
    refund_payment_in_full,
    refund_cancellation,
    send_hold_expired,
    send_refund_notice,
]
