"""A small local stand-in for the parts of the Stripe API festival uses, for the tests and the
demo (no keys, no network): Checkout Sessions (create, retrieve, expire), refunds, payment
intents, and a hosted "checkout" page whose buttons pay or cancel. Paying sends a webhook
signed exactly as Stripe signs them (`t=...,v1=hmac_sha256(secret, "t.payload")`).

The real `stripe` library talks to it through STRIPE_API_BASE. It keeps its state in memory.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import logging
import re
import secrets
import time
from dataclasses import replace
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from festival.settings import Settings

log = logging.getLogger("festival.payments.double")

DEMO_SECRET_KEY = "sk_test_festival_demo"  # noqa: S105 (a test key of the local double)
DEMO_WEBHOOK_SECRET = "whsec_festival_demo"  # noqa: S105
MOUNT_PATH = "/_stripe-test"


def demo_settings(settings: Settings) -> Settings:
    """The settings with which the web process and the job process talk to the double that the
    demo serves under MOUNT_PATH (FESTIVAL_STRIPE_DOUBLE=1; never in production)."""
    if not settings.stripe_double or settings.is_production:
        return settings
    return replace(
        settings,
        stripe_secret_key=DEMO_SECRET_KEY,
        stripe_webhook_secret=DEMO_WEBHOOK_SECRET,
        stripe_api_base=settings.base_url + MOUNT_PATH,
    )


def _id(prefix: str) -> str:
    return f"{prefix}_test_{secrets.token_hex(12)}"


def sign(payload: bytes, secret: str, *, timestamp: int | None = None) -> str:
    """The Stripe-Signature header for `payload`."""
    stamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + payload, hashlib.sha256)
    return f"t={stamp},v1={digest.hexdigest()}"


def decode_form(items: list[tuple[str, str]]) -> dict[str, Any]:
    """Stripe's form encoding (`line_items[0][price_data][currency]=eur`) as nested values."""
    root: dict[str, Any] = {}
    for key, value in items:
        parts = re.findall(r"[^\[\]]+", key)
        node: Any = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if isinstance(node, list):
                index = int(part)
                while len(node) <= index:
                    node.append({})
                if last:
                    node[index] = value
                else:
                    nxt = parts[i + 1]
                    if not isinstance(node[index], (dict, list)) or node[index] == {}:
                        node[index] = [] if nxt.isdigit() else {}
                    node = node[index]
            else:
                if last:
                    node[part] = value
                else:
                    nxt = parts[i + 1]
                    node = node.setdefault(part, [] if nxt.isdigit() else {})
    return root


def _error(status: int, message: str, *, code: str = "resource_missing") -> JSONResponse:
    return JSONResponse(
        {"error": {"type": "invalid_request_error", "code": code, "message": message}},
        status_code=status,
    )


class StripeDouble:
    """The double's state and its Starlette app (`.app`). `public_url` is where the app is
    reached from a browser (its hosted pages); `webhook_url` receives the signed events."""

    def __init__(
        self,
        *,
        secret_key: str = DEMO_SECRET_KEY,
        webhook_secret: str = DEMO_WEBHOOK_SECRET,
        webhook_url: str | None = None,
        public_url: str = "",
    ) -> None:
        self.secret_key = secret_key
        self.webhook_secret = webhook_secret
        self.webhook_url = webhook_url
        self.public_url = public_url.rstrip("/")
        self.sessions: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.intents: dict[str, dict[str, Any]] = {}
        self.calls: list[str] = []  # "POST /v1/checkout/sessions", in order
        self.fail_next = 0  # answer the next n API calls with a 500 (Stripe having trouble)
        self.app = Starlette(
            routes=[
                Route("/v1/checkout/sessions", self._create_session, methods=["POST"]),
                Route("/v1/checkout/sessions/{sid}", self._get_session, methods=["GET"]),
                Route("/v1/checkout/sessions/{sid}/expire", self._expire, methods=["POST"]),
                Route("/v1/refunds", self._create_refund, methods=["POST"]),
                Route("/v1/payment_intents/{pid}", self._get_intent, methods=["GET"]),
                Route("/pay/{sid}", self._page, methods=["GET"]),
                Route("/pay/{sid}", self._pay_or_cancel, methods=["POST"]),
            ]
        )

    # ------------------------------------------------------------ test controls

    def event(self, event_type: str, obj: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
        """A signed webhook (body and headers) for `obj`, as Stripe would send it."""
        body = json.dumps(
            {
                "id": _id("evt"),
                "object": "event",
                "type": event_type,
                "created": int(time.time()),
                "livemode": False,
                "api_version": "2025-01-01",
                "data": {"object": obj},
            }
        ).encode()
        return body, {
            "stripe-signature": sign(body, self.webhook_secret),
            "content-type": "application/json",
        }

    def complete(self, session_id: str, *, paid: bool = True) -> tuple[bytes, dict[str, str]]:
        """The attendee paid (or, `paid=False`, the bank still processes an iDEAL payment):
        the session completes; returns its signed `checkout.session.completed`."""
        session = self.sessions[session_id]
        session["status"] = "complete"
        session["payment_status"] = "paid" if paid else "unpaid"
        if session["payment_intent"] is None:
            intent = _id("pi")
            session["payment_intent"] = intent
            self.intents[intent] = {
                "id": intent,
                "object": "payment_intent",
                "amount": session["amount_total"],
                "currency": session["currency"],
                "status": "succeeded" if paid else "processing",
                "payment_method_types": session["payment_method_types"],
                "metadata": session.get("metadata", {}),
            }
        return self.event("checkout.session.completed", dict(session))

    def settle_async(self, session_id: str, *, succeeded: bool) -> tuple[bytes, dict[str, str]]:
        """The bank decided a processing payment."""
        session = self.sessions[session_id]
        session["payment_status"] = "paid" if succeeded else "unpaid"
        kind = "succeeded" if succeeded else "failed"
        self.intents[session["payment_intent"]]["status"] = (
            "succeeded" if succeeded else "requires_payment_method"
        )
        return self.event(f"checkout.session.async_payment_{kind}", dict(session))

    def expire_now(self, session_id: str) -> tuple[bytes, dict[str, str]]:
        session = self.sessions[session_id]
        session["status"] = "expired"
        return self.event("checkout.session.expired", dict(session))

    def latest_session(self) -> dict[str, Any]:
        return list(self.sessions.values())[-1]

    # ------------------------------------------------------------ the API

    async def _guard(self, request: Request) -> Response | None:
        self.calls.append(f"{request.method} {request.url.path}")
        if request.headers.get("authorization") != f"Bearer {self.secret_key}":
            return _error(401, "Invalid API Key provided", code="api_key_invalid")
        if self.fail_next > 0:
            self.fail_next -= 1
            return JSONResponse(
                {"error": {"type": "api_error", "message": "Something went wrong"}},
                status_code=500,
            )
        return None

    async def _create_session(self, request: Request) -> Response:
        refused = await self._guard(request)
        if refused:
            return refused
        params = decode_form(list((await request.form()).multi_items()))  # type: ignore[arg-type]
        items = params.get("line_items") or []
        total = sum(int(i["price_data"]["unit_amount"]) * int(i.get("quantity", 1)) for i in items)
        sid = _id("cs")
        currency = items[0]["price_data"]["currency"] if items else "eur"
        session = {
            "id": sid,
            "object": "checkout.session",
            "mode": params.get("mode", "payment"),
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": total,
            "currency": currency,
            "client_reference_id": params.get("client_reference_id"),
            "customer_email": params.get("customer_email"),
            "metadata": params.get("metadata") or {},
            "payment_intent": None,
            "payment_method_types": params.get("payment_method_types") or ["card"],
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "expires_at": int(params.get("expires_at") or time.time() + 86400),
            "line_items": items,
            "url": f"{self.public_url}/pay/{sid}",
        }
        self.sessions[sid] = session
        return JSONResponse(session)

    async def _get_session(self, request: Request) -> Response:
        refused = await self._guard(request)
        if refused:
            return refused
        session = self.sessions.get(request.path_params["sid"])
        if session is None:
            return _error(404, "No such checkout.session")
        return JSONResponse(session)

    async def _expire(self, request: Request) -> Response:
        refused = await self._guard(request)
        if refused:
            return refused
        session = self.sessions.get(request.path_params["sid"])
        if session is None:
            return _error(404, "No such checkout.session")
        if session["status"] != "open":
            return _error(
                400,
                "Only Checkout Sessions with a status of open can be expired",
                code="checkout_session_not_open",
            )
        session["status"] = "expired"
        return JSONResponse(session)

    async def _create_refund(self, request: Request) -> Response:
        refused = await self._guard(request)
        if refused:
            return refused
        params = decode_form(list((await request.form()).multi_items()))  # type: ignore[arg-type]
        intent = self.intents.get(str(params.get("payment_intent")))
        if intent is None:
            return _error(404, "No such payment_intent")
        amount = int(params.get("amount") or intent["amount"])
        done = sum(
            r["amount"] for r in self.refunds.values() if r["payment_intent"] == intent["id"]
        )
        if amount + done > intent["amount"]:
            return _error(400, "Refund is greater than unrefunded charge", code="amount_too_large")
        refund = {
            "id": _id("re"),
            "object": "refund",
            "amount": amount,
            "currency": intent["currency"],
            "payment_intent": intent["id"],
            "status": "succeeded",
        }
        self.refunds[refund["id"]] = refund
        return JSONResponse(refund)

    async def _get_intent(self, request: Request) -> Response:
        refused = await self._guard(request)
        if refused:
            return refused
        intent = self.intents.get(request.path_params["pid"])
        if intent is None:
            return _error(404, "No such payment_intent")
        return JSONResponse(intent)

    # ------------------------------------------------------------ the hosted page

    async def _page(self, request: Request) -> Response:
        session = self.sessions.get(request.path_params["sid"])
        if session is None or session["status"] != "open":
            return HTMLResponse(_PAGE.format(body="<h1>Deze betaling bestaat niet meer</h1>"), 404)
        lines = "".join(
            f"<li>{int(i.get('quantity', 1))} &times; "
            f"{html.escape(str(i['price_data']['product_data']['name']))}: EUR "
            f"{int(i['price_data']['unit_amount']) / 100:.2f}</li>"
            for i in session["line_items"]
        )
        body = (
            "<h1>Betalen (testomgeving)</h1>"
            "<p>Dit is een testbetaling: er wordt geen echt geld afgeschreven.</p>"
            f"<ul>{lines}</ul>"
            f"<p><strong>Totaal: EUR {session['amount_total'] / 100:.2f}</strong></p>"
            '<form method="post"><p>'
            '<button type="submit" name="action" value="pay">Betalen (test)</button> '
            '<button type="submit" name="action" value="cancel">Annuleren</button>'
            "</p></form>"
        )
        return HTMLResponse(_PAGE.format(body=body))

    async def _pay_or_cancel(self, request: Request) -> Response:
        session = self.sessions.get(request.path_params["sid"])
        if session is None or session["status"] != "open":
            return HTMLResponse(_PAGE.format(body="<h1>Deze betaling bestaat niet meer</h1>"), 404)
        action = (await request.form()).get("action")
        if action != "pay":
            return RedirectResponse(str(session["cancel_url"]), status_code=303)
        body, headers = self.complete(session["id"])
        if self.webhook_url:
            await self._deliver(body, headers)
        url = str(session["success_url"]).replace("{CHECKOUT_SESSION_ID}", session["id"])
        return RedirectResponse(url, status_code=303)

    async def _deliver(self, body: bytes, headers: dict[str, str]) -> None:
        """Send the webhook (asynchronously: the app may be this very process)."""
        try:
            async with httpx.AsyncClient(timeout=10) as http:
                await http.post(str(self.webhook_url), content=body, headers=headers)
        except httpx.HTTPError as error:
            log.warning("webhook to %s failed: %s", self.webhook_url, error)


_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Betalen (test)</title>
<style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a}}button{{font-size:1.1rem;padding:.6rem 1.2rem;margin:.3rem .3rem 0 0}}</style>
</head><body><main>{body}</main></body></html>"""
