"""Keys a verification method may publish: Multikey (Ed25519, P-256, P-384), did:key, publicKeyBase58, JWK.

Each crafted key must be refused with the reason named; each good one decodes to its kind.
"""
from __future__ import annotations

import base64
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from registry.crypto.base58 import b58encode
from registry.crypto.multikey import P256_PUB, P384_PUB, decode_multikey, encode_multikey, key_from_did_key
from registry.crypto.publickeys import describe_key, from_base58_2018, from_jwk
from registry.errors import CredregError, ResolveError
from registry.verify.resolve import method_key

P256 = ec.derive_private_key(0xC0FFEE, ec.SECP256R1()).public_key()
P384 = ec.derive_private_key(0xC0FFEE, ec.SECP384R1()).public_key()
ED = Ed25519PrivateKey.from_private_bytes(bytes(range(32))).public_key()
ED_RAW = ED.public_bytes(Encoding.Raw, PublicFormat.Raw)
RSA_2048 = rsa.generate_private_key(65537, 2048).public_key()
RSA_1024 = rsa.generate_private_key(65537, 1024).public_key()
W3C_P256 = "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP"
W3C_P384 = "z82LkuBieyGShVBhvtE2zoiD6Kma4tJGFtkAhxR5pfkp5QPw4LutoYWhvQCnGjdVn14kujQ"
# A small-order Ed25519 point (order 4): every message "verifies" under it.
ED_SMALL_ORDER = bytes(32)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def ec_jwk(key: ec.EllipticCurvePublicKey, **extra: Any) -> dict[str, Any]:
    numbers, size = key.public_numbers(), key.curve.key_size // 8
    crv = "P-256" if size == 32 else "P-384"
    return {"kty": "EC", "crv": crv, "x": b64(numbers.x.to_bytes(size, "big")),
            "y": b64(numbers.y.to_bytes(size, "big")), **extra}


def rsa_jwk(key: rsa.RSAPublicKey) -> dict[str, Any]:
    numbers = key.public_numbers()
    return {"kty": "RSA", "n": b64(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
            "e": b64(numbers.e.to_bytes(3, "big"))}


def uncompressed(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def compressed(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(Encoding.X962, PublicFormat.CompressedPoint)


def _off_curve_x() -> bytes:
    """A compressed P-256 encoding whose x has no point on the curve."""
    p = 2 ** 256 - 2 ** 224 + 2 ** 192 + 2 ** 96 - 1
    b = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
    for x in range(1, 100):
        rhs = (x ** 3 - 3 * x + b) % p
        if pow(rhs, (p - 1) // 2, p) != 1:
            return b"\x02" + x.to_bytes(32, "big")
    raise AssertionError("no x found")


GOOD_MULTIKEYS = [
    ("W3C P-256 vector key", W3C_P256, "P-256"),
    ("W3C P-384 vector key", W3C_P384, "P-384"),
    ("P-256 round trip", encode_multikey(P256), "P-256"),
    ("P-384 round trip", encode_multikey(P384), "P-384"),
    ("Ed25519 round trip", encode_multikey(ED), "Ed25519"),
]


@pytest.mark.parametrize("value, kind", [c[1:] for c in GOOD_MULTIKEYS], ids=[c[0] for c in GOOD_MULTIKEYS])
def test_good_multikey(value: str, kind: str) -> None:
    key = decode_multikey(value)
    assert describe_key(key) == kind and encode_multikey(key) == value
    assert describe_key(key_from_did_key(f"did:key:{value}#{value}")) == kind


BAD_MULTIKEYS = [
    ("not multibase base58btc", "u" + W3C_P256[1:], "publicKeyMultibase must be multibase base58btc (start with 'z')"),
    ("non-base58 character", W3C_P256[:4] + "l" + W3C_P256[5:], "publicKeyMultibase is not valid base58btc: …"),
    ("secp256k1 (unsupported multicodec)", "z" + b58encode(b"\xe7\x01" + compressed(P256)),
     "publicKeyMultibase has multicodec prefix 0xe701, which is no supported public key"),
    ("uncompressed P-256 point", "z" + b58encode(P256_PUB + uncompressed(P256)),
     "publicKeyMultibase is not a compressed P-256 point (65 bytes; a compressed point has 33, starting 0x02 or 0x03)"),
    ("P-256 point under the P-384 prefix", "z" + b58encode(P384_PUB + compressed(P256)),
     "publicKeyMultibase is not a compressed P-384 point (33 bytes; a compressed point has 49, starting 0x02 or 0x03)"),
    ("truncated P-384 point", "z" + b58encode(P384_PUB + compressed(P384)[:-1]),
     "publicKeyMultibase is not a compressed P-384 point (48 bytes; a compressed point has 49, starting 0x02 or 0x03)"),
    ("x with no point on P-256", "z" + b58encode(P256_PUB + _off_curve_x()),
     "publicKeyMultibase is not a point on the P-256 curve"),
    ("small-order Ed25519 point", "z" + b58encode(b"\xed\x01" + ED_SMALL_ORDER), "publicKeyMultibase is not a usable …"),
]


@pytest.mark.parametrize("value, reason", [c[1:] for c in BAD_MULTIKEYS], ids=[c[0] for c in BAD_MULTIKEYS])
def test_bad_multikey(value: str, reason: str) -> None:
    with pytest.raises(CredregError) as raised:
        decode_multikey(value)
    assert _matches(raised.value.message, reason)


def test_did_key_fragment_must_repeat_the_key() -> None:
    with pytest.raises(CredregError) as raised:
        key_from_did_key(f"did:key:{W3C_P256}#{W3C_P384}")
    assert raised.value.message == f"did:key verification method did:key:{W3C_P256}#{W3C_P384} must end in #{W3C_P256}"


GOOD_JWKS = [
    ("EC P-256", ec_jwk(P256), "P-256"),
    ("EC P-384", ec_jwk(P384), "P-384"),
    ("OKP Ed25519", {"kty": "OKP", "crv": "Ed25519", "x": b64(ED_RAW)}, "Ed25519"),
    ("RSA 2048", rsa_jwk(RSA_2048), "RSA-2048"),
    ("EC P-256 with kid and alg", ec_jwk(P256, kid="key-1", alg="ES256"), "P-256"),
]


@pytest.mark.parametrize("jwk, kind", [c[1:] for c in GOOD_JWKS], ids=[c[0] for c in GOOD_JWKS])
def test_good_jwk(jwk: dict[str, Any], kind: str) -> None:
    assert describe_key(from_jwk(jwk)) == kind


BAD_JWKS: list[tuple[str, Any, str]] = [
    ("EC with its private d", ec_jwk(P256, d=b64(b"\1" * 32)),
     "the JWK carries private key material (d), so it is refused"),
    ("OKP with its private d", {"kty": "OKP", "crv": "Ed25519", "x": b64(ED_RAW), "d": b64(bytes(32))},
     "the JWK carries private key material (d), so it is refused"),
    ("RSA with its primes", {**rsa_jwk(RSA_2048), "p": "AQ", "q": "AQ"},
     "the JWK carries private key material (p, q), so it is refused"),
    ("symmetric key (HS256 confusion)", {"kty": "oct", "alg": "HS256"},
     "a symmetric (oct) JWK cannot verify a credential anyone may check"),
    ("symmetric key with its secret", {"kty": "oct", "k": "c2VjcmV0"},
     "the JWK carries private key material (k), so it is refused"),
    ("P-384 coordinates labelled P-256", {**ec_jwk(P384), "crv": "P-256"},
     "the P-256 JWK's coordinates have 48 and 48 bytes, not 32"),
    ("point not on the curve", {**ec_jwk(P256), "y": b64((1).to_bytes(32, "big"))}, "the P-256 JWK's point is not on the curve"),
    ("secp256k1", {**ec_jwk(P256), "crv": "secp256k1"}, "unsupported JWK (kty 'EC', crv 'secp256k1')"),
    ("padded base64url", {**ec_jwk(P256), "x": ec_jwk(P256)["x"] + "="}, "JWK member 'x' is not unpadded base64url"),
    ("standard base64 alphabet", {**ec_jwk(P256), "x": "+/" + ec_jwk(P256)["x"][2:]},
     "JWK member 'x' is not unpadded base64url"),
    ("Ed25519 of 31 bytes", {"kty": "OKP", "crv": "Ed25519", "x": b64(ED_RAW[:31])},
     "the JWK's x has 31 bytes; an Ed25519 public key has 32"),
    ("small-order Ed25519", {"kty": "OKP", "crv": "Ed25519", "x": b64(ED_SMALL_ORDER)}, "the JWK's x is not a usable …"),
    ("RSA of 1024 bits", rsa_jwk(RSA_1024), "the RSA key has 1024 bits; 2048 to 8192 are accepted"),
    ("RSA with an even exponent", {**rsa_jwk(RSA_2048), "e": "Ag"},
     "the RSA key's public exponent 2 is not an odd number of at least 3"),
    ("X25519 (a key agreement key)", {"kty": "OKP", "crv": "X25519", "x": b64(ED_RAW)},
     "unsupported JWK (kty 'OKP', crv 'X25519')"),
    ("not an object", ["kty", "EC"], "publicKeyJwk is not a JSON object"),
]


@pytest.mark.parametrize("jwk, reason", [c[1:] for c in BAD_JWKS], ids=[c[0] for c in BAD_JWKS])
def test_bad_jwk(jwk: Any, reason: str) -> None:
    with pytest.raises(CredregError) as raised:
        from_jwk(jwk)
    assert _matches(raised.value.message, reason)


def test_ed25519_2018_base58_key() -> None:
    assert describe_key(from_base58_2018(b58encode(ED_RAW))) == "Ed25519"
    with pytest.raises(CredregError) as raised:
        from_base58_2018(b58encode(ED_RAW + b"\0"))
    assert raised.value.message == "publicKeyBase58 has 33 bytes; an Ed25519 public key has 32"


METHODS: list[tuple[str, dict[str, Any], str]] = [
    ("Multikey P-384", {"type": "Multikey", "publicKeyMultibase": encode_multikey(P384)}, "P-384"),
    ("Ed25519VerificationKey2020", {"type": "Ed25519VerificationKey2020", "publicKeyMultibase": encode_multikey(ED)},
     "Ed25519"),
    ("Ed25519VerificationKey2018", {"type": "Ed25519VerificationKey2018", "publicKeyBase58": b58encode(ED_RAW)},
     "Ed25519"),
    ("JsonWebKey2020 P-256", {"type": "JsonWebKey2020", "publicKeyJwk": ec_jwk(P256)}, "P-256"),
    ("JsonWebKey RSA", {"type": "JsonWebKey", "publicKeyJwk": rsa_jwk(RSA_2048)}, "RSA-2048"),
]


@pytest.mark.parametrize("method, kind", [c[1:] for c in METHODS], ids=[c[0] for c in METHODS])
def test_verification_method_forms(method: dict[str, Any], kind: str) -> None:
    assert describe_key(method_key({"id": "did:example:a#k", **method}, "did:example:a#k")) == kind


BAD_METHODS: list[tuple[str, dict[str, Any], str]] = [
    ("no key", {"type": "Multikey"}, "verification method did:example:a#k holds no public key"),
    ("two forms that could disagree", {"publicKeyMultibase": encode_multikey(P256), "publicKeyJwk": ec_jwk(P384)},
     "verification method did:example:a#k publishes its key in 2 forms (publicKeyMultibase, publicKeyJwk)"),
    ("JWK with d", {"publicKeyJwk": ec_jwk(P256, d="AQ")},
     "verification method did:example:a#k has an unusable key: the JWK carries private key material (d), so it is refused"),
]


@pytest.mark.parametrize("method, reason", [c[1:] for c in BAD_METHODS], ids=[c[0] for c in BAD_METHODS])
def test_bad_verification_method(method: dict[str, Any], reason: str) -> None:
    with pytest.raises(ResolveError) as raised:
        method_key({"id": "did:example:a#k", **method}, "did:example:a#k")
    assert raised.value.message == reason


def _matches(message: str, expected: str) -> bool:
    """Exact text, or a prefix when `expected` ends in "…"."""
    return message.startswith(expected[:-1]) if expected.endswith("…") else message == expected
