"""Small-order and off-curve Ed25519 public keys are refused everywhere keys are decoded."""
from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from registry.crypto.base58 import b58encode
from registry.crypto.multikey import decode_public_key
from registry.errors import CryptoError

P = 2**255 - 19
SMALL_ORDER = {  # the 8-torsion points that libsodium blocks, and non-canonical forms
    "identity": (1).to_bytes(32, "little"),
    "order-2": (P - 1).to_bytes(32, "little"),
    "order-4": bytes(32),
    "order-8": bytes.fromhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
    "order-8-neg": bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
}


def multikey(raw: bytes) -> str:
    return "z" + b58encode(b"\xed\x01" + raw)


def test_the_identity_key_really_accepts_a_forgery_in_openssl() -> None:
    """Why the check exists: the zero signature verifies any message under the identity point."""
    forged = (1).to_bytes(32, "little") + bytes(32)  # R = identity, S = 0
    try:
        Ed25519PublicKey.from_public_bytes(SMALL_ORDER["identity"]).verify(forged, b"any message at all")
    except Exception:  # noqa: BLE001 - a stricter OpenSSL is welcome; the refusal below still stands
        pytest.skip("this OpenSSL already rejects small-order keys")


@pytest.mark.parametrize("raw", SMALL_ORDER.values(), ids=SMALL_ORDER.keys())
def test_small_order_keys_are_refused(raw: bytes) -> None:
    with pytest.raises(CryptoError) as info:
        decode_public_key(multikey(raw))
    assert info.value.message == ("publicKeyMultibase is not a usable Ed25519 key: it is a point of small order, "
                                  "for which a forged signature verifies any message")


def test_off_curve_key_is_refused() -> None:
    with pytest.raises(CryptoError, match="not a point on the Ed25519 curve"):
        decode_public_key(multikey(b"\x02" + bytes(31)))


def test_real_keys_pass() -> None:
    for _ in range(100):
        raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        assert decode_public_key(multikey(raw)) == raw


def test_check_refuses_a_small_order_key_in_issuer_yaml(make_registry) -> None:  # type: ignore[no-untyped-def]
    from support import base_files, fixture_key

    from registry.check import check_registry
    text = base_files()["issuers/acme/issuer.yaml"].replace(fixture_key("acme"), multikey(SMALL_ORDER["identity"]))
    result = check_registry(make_registry({"issuers/acme/issuer.yaml": text}))
    assert sorted((p.code, p.line) for p in result.problems) == [("bad-key", 15), ("no-current-key", 12)]
