"""The few Stripe calls festival makes, through the official library's async client (never
blocking the event loop): create, read and expire a Checkout Session, create a refund, and
read a payment intent. Any failure becomes StripeUnavailable with a Dutch message.

The library is loaded on the first call to Stripe, not when the app loads: it is about 27 MB
that the web process of a free event never needs (`_library`, the one place that imports it)."""

from __future__ import annotations

import asyncio
import functools
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from festival.errors import DomainError
from festival.i18n import _

if TYPE_CHECKING:
    import stripe

TIMEOUT_SECONDS = 15.0


class StripeUnavailable(DomainError):
    """Stripe could not be reached or refused the call: nothing was paid or refunded."""

    status_code = 409


@dataclass(frozen=True)
class StripeConfig:
    """What the payments services need of the settings (passed in, never read globally)."""

    secret_key: str | None
    webhook_secret: str | None
    api_base: str | None = None

    @property
    def configured(self) -> bool:
        return bool(self.secret_key and self.webhook_secret)


_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple[str, str], Any]] = (
    weakref.WeakKeyDictionary()
)


@functools.cache
def _library() -> ModuleType:
    import stripe  # see the module's docstring: not at import time

    return stripe


def client(config: StripeConfig) -> stripe.StripeClient:
    """One async client per event loop and key (its connection pool belongs to the loop)."""
    if not config.secret_key:
        raise StripeUnavailable(
            "stripe_not_configured", _("Online betalen is nog niet ingesteld voor dit evenement.")
        )
    per_loop = _clients.setdefault(asyncio.get_running_loop(), {})
    key = (config.secret_key, config.api_base or "")
    found = per_loop.get(key)
    if found is None:
        library = _library()
        found = library.StripeClient(
            config.secret_key,
            http_client=library.HTTPXClient(timeout=TIMEOUT_SECONDS),
            base_addresses={"api": config.api_base} if config.api_base else None,
            max_network_retries=1,
        )
        per_loop[key] = found
    return found


def _unavailable(error: Exception) -> StripeUnavailable:
    return StripeUnavailable(
        "stripe_unavailable",
        _(
            "De betaaldienst is nu niet bereikbaar. Uw aanmelding is bewaard: "
            "probeer het over een paar minuten opnieuw."
        ),
    )


async def _call(config: StripeConfig, request: Callable[[Any], Awaitable[Any]]) -> Any:
    """`request(client.v1)`'s answer as a dict; a Stripe error becomes StripeUnavailable."""
    try:
        answer = await request(client(config).v1)
    except _library().StripeError as error:
        raise _unavailable(error) from error
    return answer.to_dict()


async def create_checkout(
    config: StripeConfig, params: dict[str, Any], *, key: str
) -> dict[str, Any]:
    return await _call(
        config, lambda v1: v1.checkout.sessions.create_async(params, {"idempotency_key": key})
    )


async def retrieve_checkout(config: StripeConfig, session_id: str) -> dict[str, Any]:
    return await _call(config, lambda v1: v1.checkout.sessions.retrieve_async(session_id))


async def expire_checkout(config: StripeConfig, session_id: str) -> Any:
    """Close an open Checkout Session; a session already complete or expired answers an error
    (StripeUnavailable) and the caller reads it instead."""
    return await _call(config, lambda v1: v1.checkout.sessions.expire_async(session_id))


async def create_refund(
    config: StripeConfig, *, payment_intent: str, amount_cents: int, key: str
) -> dict[str, Any]:
    return await _call(
        config,
        lambda v1: v1.refunds.create_async(
            {"payment_intent": payment_intent, "amount": amount_cents},
            {"idempotency_key": key},
        ),
    )


async def retrieve_payment_intent(config: StripeConfig, intent_id: str) -> dict[str, Any]:
    return await _call(config, lambda v1: v1.payment_intents.retrieve_async(intent_id))


def verified_event(payload: bytes, signature: str | None, *, secret: str | None) -> dict[str, Any]:
    """The event in a webhook body, or DomainError `bad_signature` (400) when the signature is
    missing, wrong or old, or `invalid_payload` when the body is no event."""
    if not secret:
        raise DomainError("stripe_not_configured", _("Webhooks zijn niet ingesteld."))
    library = _library()
    try:
        event = library.Webhook.construct_event(payload, signature, secret)
    except library.SignatureVerificationError as error:
        raise DomainError(
            "bad_signature", _("De handtekening van de webhook klopt niet.")
        ) from error
    except ValueError as error:
        raise DomainError(
            "invalid_payload", _("De inhoud van de webhook is onleesbaar.")
        ) from error
    return event.to_dict()
