"""Ed25519 keys and base64url, without a database."""

from __future__ import annotations

import pytest

from festival.tickets import keys


def test_sign_verify_round_trip() -> None:
    seed, public = keys.generate()
    assert (len(seed), len(public)) == (32, 32)
    signature = keys.sign(seed, b"F1A.abcdefgh")
    assert len(signature) == 64
    assert keys.verify(public, signature, b"F1A.abcdefgh") is True


def test_verify_refuses_other_data_and_other_key() -> None:
    seed, public = keys.generate()
    _other_seed, other_public = keys.generate()
    signature = keys.sign(seed, b"F1A.abcdefgh")
    assert keys.verify(public, signature, b"F1A.abcdefgH") is False
    assert keys.verify(other_public, signature, b"F1A.abcdefgh") is False
    assert (
        keys.verify(public, signature[:-1] + bytes([signature[-1] ^ 1]), b"F1A.abcdefgh") is False
    )


def test_b64url_round_trip_without_padding() -> None:
    for data in (b"", b"\x00", b"\xff\xfe", bytes(range(64))):
        text = keys.b64url(data)
        assert "=" not in text
        if data:
            assert keys.b64url_decode(text) == data


@pytest.mark.parametrize("text", ["", "abc=", "ab+c", "ab/c", "a", "äbcd", "ab cd"])
def test_b64url_decode_refuses_malformed(text: str) -> None:
    with pytest.raises(ValueError):
        keys.b64url_decode(text)
