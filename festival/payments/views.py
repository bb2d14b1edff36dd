"""Attendee pages of payments: start (or continue) the Stripe checkout, the return page, and
the Stripe webhook."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from festival import web
from festival.errors import DomainError
from festival.events import services as events
from festival.payments import services as payments
from festival.registration import services as registration
from festival.settings import Settings

MANAGE = "/events/{slug}/registration/{token}"
PROCESSING_REFRESH_SECONDS = 5


def _settings(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


def stripe_config(settings: Settings) -> payments.StripeConfig:
    return payments.StripeConfig(
        settings.stripe_secret_key, settings.stripe_webhook_secret, settings.stripe_api_base
    )


async def _found(request: Request) -> tuple[Any, str]:
    event = await events.public_event(request.path_params["slug"])
    code = registration.code_from_manage_token(
        request.path_params["token"], secret_key=_settings(request).secret_key
    )
    return event, code


async def _return_page(
    request: Request, *, error: DomainError | None = None, status_code: int = 200
) -> Response:
    event, code = await _found(request)
    state = await payments.payment_state(event, code, config=stripe_config(_settings(request)))
    token = request.path_params["token"]
    # back from Stripe before its webhook, or the bank still busy: look again in a moment
    returned = "session_id" in request.query_params
    waiting = state["state"] == "processing" or (state["state"] == "open" and returned)
    context = {
        "event": event,
        "token": token,
        "code": code,
        "payment": state,
        "error": error,
        "cancelled": request.query_params.get("cancelled") == "1",
        "refresh": PROCESSING_REFRESH_SECONDS if error is None and waiting else None,
    }
    return web.render(request, "payments/return.html", context, status_code=status_code)


async def payment_return(request: Request) -> Response:
    return await _return_page(request)


async def _checkout_again(request: Request, *, values: object, error: DomainError) -> Response:
    # Stripe away or the hold over: the return page with the message (and a retry when it can)
    return await _return_page(request, error=error)


@web.form_handler(_checkout_again, refusals=(DomainError,))
async def checkout(request: Request) -> Response:
    event, code = await _found(request)
    settings = _settings(request)
    back = request.url_for("payments:return", slug=event.slug, token=request.path_params["token"])
    url = await payments.start_checkout(
        event, code, return_url=settings.base_url + back.path, config=stripe_config(settings)
    )
    return web.redirect(url)


async def webhook(request: Request) -> Response:
    """Stripe's events; a refused one (bad signature, unreadable) answers a JSON 400."""
    try:
        result = await payments.handle_webhook(
            await request.body(),
            request.headers.get("stripe-signature"),
            config=stripe_config(_settings(request)),
        )
    except DomainError as error:
        return JSONResponse(error.as_json(), status_code=error.status_code)
    return JSONResponse({"received": True, "result": result})


routes = [
    Route("/payments/webhook", webhook, methods=["POST"], name="payments:webhook"),
    Route(MANAGE + "/betalen", checkout, methods=["GET", "POST"], name="payments:checkout"),
    Route(MANAGE + "/betaling", payment_return, name="payments:return"),
]
