"""Event signing keys and QR payloads: sign, parse and verify `F1<kid>.<tid>.<sig>`, public keys
for scanners, the QR image."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import qrcode
import qrcode.constants
import qrcode.image.svg
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from festival import cache, clock
from festival.errors import DomainError
from festival.i18n import _
from festival.tickets import keys
from festival.tickets.models import EventKey, Ticket

PAYLOAD_PREFIX = "F1"
PAYLOAD_LENGTH = 99  # 2 + 1 + 1 + 8 + 1 + 86
KID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_PAYLOAD_RE = re.compile(r"F1([A-Za-z0-9])\.([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{86})")


class TicketError(DomainError):
    """A QR payload that cannot be accepted. Codes: invalid_payload (malformed), bad_signature
    (not signed by the ticket's event key), unknown (no such ticket)."""

    status_code = 422

    def __init__(self, code: str, message: str | None = None) -> None:
        messages = {
            "invalid_payload": _("Dit is geen geldige QR-code van een ticket."),
            "bad_signature": _("De handtekening van dit ticket klopt niet."),
            "unknown": _("Dit ticket is onbekend."),
        }
        super().__init__(code, message or messages.get(code, messages["invalid_payload"]))
        if code == "unknown":
            self.status_code = 404


@dataclass(frozen=True)
class ParsedPayload:
    kid: str
    tid: str
    signed_bytes: bytes
    signature: bytes


async def _current_key(event_id: int) -> EventKey | None:
    return await EventKey.filter(event_id=event_id, retired_at__isnull=True).order_by("-id").first()


async def active_key(event_id: int) -> EventKey:
    """The event's signing key, created on first use (a savepoint keeps a concurrent
    creator from breaking the caller's transaction)."""
    key = await _current_key(event_id)
    if key is not None:
        return key
    used = set(await EventKey.filter(event_id=event_id).values_list("kid", flat=True))
    kid = next(c for c in KID_ALPHABET if c not in used)
    seed, public = keys.generate()
    try:
        async with in_transaction():
            return await EventKey.create(
                event_id=event_id,
                kid=kid,
                private_key=seed,
                public_key=public,
                created_at=clock.now(),
            )
    except IntegrityError:
        return await EventKey.get(event_id=event_id, kid=kid)


def signed_bytes(kid: str, tid: str) -> bytes:
    return f"{PAYLOAD_PREFIX}{kid}.{tid}".encode("ascii")


def qr_payload(ticket: Ticket, key: EventKey) -> str:
    signature = keys.sign(bytes(key.private_key), signed_bytes(key.kid, ticket.tid))
    return f"{PAYLOAD_PREFIX}{key.kid}.{ticket.tid}.{keys.b64url(signature)}"


def parse_payload(payload: str) -> ParsedPayload:
    """Split a payload into its parts; TicketError(invalid_payload) for anything malformed."""
    if not isinstance(payload, str) or len(payload) != PAYLOAD_LENGTH:
        raise TicketError("invalid_payload")
    match = _PAYLOAD_RE.fullmatch(payload)
    if match is None:
        raise TicketError("invalid_payload")
    kid, tid, sig = match.groups()
    try:
        signature = keys.b64url_decode(sig)
    except ValueError as error:
        raise TicketError("invalid_payload") from error
    # Only the canonical encoding counts: otherwise a changed last character could still verify.
    if len(signature) != 64 or keys.b64url(signature) != sig:
        raise TicketError("invalid_payload")
    return ParsedPayload(kid=kid, tid=tid, signed_bytes=signed_bytes(kid, tid), signature=signature)


def signature_valid(parsed: ParsedPayload, private_seed: bytes | None) -> bool:
    """Whether the event key with the payload's kid (its private seed; None: no such key) made
    the payload's signature."""
    return private_seed is not None and keys.signed_by(
        private_seed, parsed.signature, parsed.signed_bytes
    )


async def verify_payload(payload: str) -> Ticket:
    """The ticket a payload names, whatever its status, once its signature checks out.
    Raises TicketError: invalid_payload, unknown, bad_signature."""
    parsed = parse_payload(payload)
    ticket = await Ticket.get_or_none(tid=parsed.tid)
    if ticket is None:
        raise TicketError("unknown")
    public = await EventKey.filter(event_id=ticket.event_id, kid=parsed.kid).values_list(
        "public_key", flat=True
    )
    if not public or not keys.verify(bytes(public[0]), parsed.signature, parsed.signed_bytes):
        raise TicketError("bad_signature")
    return ticket


async def public_keys(event_id: int) -> list[dict[str, Any]]:
    """The event's public keys for offline scanners (creates the first key if none exists)."""
    await active_key(event_id)
    rows = await EventKey.filter(event_id=event_id).order_by("id")
    return [
        {
            "kid": k.kid,
            "public_key": keys.b64url(bytes(k.public_key)),
            "alg": "Ed25519",
            "retired": k.retired_at is not None,
        }
        for k in rows
    ]


def qr_svg(payload: str) -> str:
    """The QR code of `payload` as an inline <svg> element (no XML declaration, sized by CSS)."""
    image = qrcode.make(
        payload,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
    )
    svg: str = image.to_string(encoding="unicode")
    svg = re.sub(r'^<svg width="[^"]*" height="[^"]*"', '<svg class="qr" role="img"', svg, count=1)
    return svg.replace(">", "><title>QR</title>", 1)


cache.clear_on_change(EventKey)
_signing_keys: cache.TTLCache[EventKey | None] = cache.TTLCache(seconds=2.0)


async def signing_key(event_id: int) -> EventKey:
    """active_key for the register hot path: a stored key comes from the per-process cache
    (festival/cache.py). A key made now is not cached: the transaction making it may roll back."""

    return await _signing_keys.get(event_id, lambda: _current_key(event_id)) or await active_key(
        event_id
    )
