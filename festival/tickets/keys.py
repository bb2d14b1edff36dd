"""Ed25519 keys for ticket payloads: generate, sign, verify; raw bytes <-> base64url."""

from __future__ import annotations

import base64
import binascii
import functools
import hmac

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode unpadded base64url; raises ValueError on anything else."""
    if not text or not _ALPHABET.issuperset(text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64url") from error


_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def generate() -> tuple[bytes, bytes]:
    """A new key pair as (private seed, public key), 32 raw bytes each."""
    from cryptography.hazmat.primitives import serialization

    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return seed, public


def sign(private_seed: bytes, data: bytes) -> bytes:
    return _private_key(bytes(private_seed)).sign(data)


@functools.lru_cache(maxsize=256)
def _private_key(seed: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(seed)


def signed_by(private_seed: bytes, signature: bytes, data: bytes) -> bool:
    """Whether `signature` is the one this key makes for `data`. Ed25519 signing is
    deterministic (RFC 8032), so this accepts exactly the signatures we issued, like verify()
    does for anyone without the private key; signing costs a quarter of verifying here."""
    return hmac.compare_digest(_private_key(bytes(private_seed)).sign(data), signature)


@functools.lru_cache(maxsize=256)
def _public_key(raw: bytes) -> Ed25519PublicKey:
    # Keyed by the key's own bytes, so the cache can never answer for a different key.
    return Ed25519PublicKey.from_public_bytes(raw)


def verify(public_key: bytes, signature: bytes, data: bytes) -> bool:
    try:
        _public_key(bytes(public_key)).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
