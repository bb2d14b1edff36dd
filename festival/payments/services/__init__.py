"""Payments: Stripe Checkout for paid tickets, seats held while paying, the signed webhook,
refunds by policy or by an organiser, and payments marked by hand at the desk.

Registration sits below payments: it hands the paid registration over through its services
(confirm_payment, cancel_unpaid, rebook_paid) and calls back after a cancellation through
the listener refunds.py hands in (on_cancel_with)."""

from festival.payments.services.checkout import payment_state, start_checkout
from festival.payments.services.holds import end_hold, expire_holds
from festival.payments.services.mails import send_hold_expired, send_refund_notice
from festival.payments.services.options import (
    ONLINE_METHODS,
    payment_settings,
    refund_percent,
    update_payment_settings,
)
from festival.payments.services.privacy import (
    erase_personal_data,
    forget_payment_details,
    personal_data,
)
from festival.payments.services.refunds import (
    get_payment,
    refund_cancelled_attendees,
    refund_in_full,
    refund_payment,
)
from festival.payments.services.settle import apply_session, mark_paid_by_hand, settle_paid
from festival.payments.services.stripe_api import StripeConfig, StripeUnavailable
from festival.payments.services.webhook import handle_webhook

__all__ = [
    "ONLINE_METHODS",
    "StripeConfig",
    "StripeUnavailable",
    "apply_session",
    "end_hold",
    "erase_personal_data",
    "expire_holds",
    "forget_payment_details",
    "get_payment",
    "handle_webhook",
    "mark_paid_by_hand",
    "payment_settings",
    "payment_state",
    "personal_data",
    "refund_cancelled_attendees",
    "refund_in_full",
    "refund_payment",
    "refund_percent",
    "send_hold_expired",
    "send_refund_notice",
    "settle_paid",
    "start_checkout",
    "update_payment_settings",
]
