"""Public key objects a verification method may hold, and the JWK and base58 forms they arrive in.

One type for every stage: Ed25519, ECDSA on P-256 or P-384, and RSA (VC-JWT RS256) keys from
`cryptography`. A JWK is parsed strictly, since it comes from documents anyone can publish: no
private members, no symmetric keys, exact coordinate lengths, points on their curve, RSA of at
least 2048 bits, and no Ed25519 key of small order.
"""
from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from ..errors import CryptoError
from .base58 import b58decode
from .weakkeys import weakness

PublicKey = Ed25519PublicKey | EllipticCurvePublicKey | RSAPublicKey
"""The kinds of key a verification method may hold: Ed25519, ECDSA (P-256, P-384) or RSA (VC-JWT RS256)."""

# JWK curve name → (cryptography curve, coordinate length in bytes)
EC_CURVES: dict[str, tuple[ec.EllipticCurve, int]] = {"P-256": (ec.SECP256R1(), 32), "P-384": (ec.SECP384R1(), 48)}
MIN_RSA_BITS = 2048
MAX_RSA_BITS = 8192  # a bigger modulus only makes each verification slower: nobody signs with one
# Members that only a private (or symmetric) JWK has: a published key holding one has leaked its secret.
PRIVATE_JWK_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth", "k")
_B64URL = re.compile(r"[A-Za-z0-9_-]*")


def describe_key(key: object) -> str:
    """A short name of a key's kind for step details: "Ed25519", "P-256", "P-384", "RSA-2048"."""
    if isinstance(key, Ed25519PublicKey):
        return "Ed25519"
    if isinstance(key, EllipticCurvePublicKey):
        return {"secp256r1": "P-256", "secp384r1": "P-384"}.get(key.curve.name, key.curve.name)
    if isinstance(key, RSAPublicKey):
        return f"RSA-{key.key_size}"
    return type(key).__name__


def ed25519_from_raw(raw: bytes, what: str = "the key") -> Ed25519PublicKey:
    """An Ed25519 key from its 32 bytes; CryptoError for a wrong length or a point that signs nothing."""
    if len(raw) != 32:
        raise CryptoError(f"{what} has {len(raw)} bytes; an Ed25519 public key has 32", "the key is truncated or damaged")
    problem = weakness(raw)
    if problem:
        raise CryptoError(f"{what} is not a usable Ed25519 key: {problem}", "the issuer must publish a real key")
    return Ed25519PublicKey.from_public_bytes(raw)


def from_base58_2018(value: object) -> Ed25519PublicKey:
    """The key of an Ed25519VerificationKey2018 `publicKeyBase58` (raw base58btc, no multibase prefix)."""
    if not isinstance(value, str) or not value:
        raise CryptoError("publicKeyBase58 is not a string", "expected 32 bytes in base58btc")
    return ed25519_from_raw(b58decode(value), "publicKeyBase58")


def _b64url(jwk: dict[str, Any], member: str) -> bytes:
    """One base64url member of a JWK (RFC 7518: no padding), strictly decoded."""
    value = jwk.get(member)
    if not isinstance(value, str) or not value or not _B64URL.fullmatch(value) or len(value) % 4 == 1:
        raise CryptoError(f"JWK member {member!r} is not unpadded base64url", "see RFC 7517 and RFC 7518 section 6")
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise CryptoError(f"JWK member {member!r} is not unpadded base64url") from None


def from_jwk(jwk: object) -> PublicKey:
    """The public key of a JWK: OKP Ed25519, EC P-256/P-384 or RSA; CryptoError for anything else."""
    if not isinstance(jwk, dict):
        raise CryptoError("publicKeyJwk is not a JSON object")
    leaked = [m for m in PRIVATE_JWK_MEMBERS if m in jwk]
    if leaked:
        raise CryptoError(f"the JWK carries private key material ({', '.join(leaked)}), so it is refused",
                          "a verification method publishes the public key only; the private key has leaked: replace it")
    kty, crv = jwk.get("kty"), jwk.get("crv")
    if kty == "OKP" and crv == "Ed25519":
        return ed25519_from_raw(_b64url(jwk, "x"), "the JWK's x")
    if kty == "EC" and isinstance(crv, str) and crv in EC_CURVES:
        curve, size = EC_CURVES[crv]
        x, y = _b64url(jwk, "x"), _b64url(jwk, "y")
        if len(x) != size or len(y) != size:
            raise CryptoError(f"the {crv} JWK's coordinates have {len(x)} and {len(y)} bytes, not {size}",
                              "the key is truncated or damaged")
        try:
            return ec.EllipticCurvePublicNumbers(int.from_bytes(x, "big"), int.from_bytes(y, "big"), curve).public_key()
        except ValueError:
            raise CryptoError(f"the {crv} JWK's point is not on the curve", "the key is damaged or crafted") from None
    if kty == "RSA":
        n, e = int.from_bytes(_b64url(jwk, "n"), "big"), int.from_bytes(_b64url(jwk, "e"), "big")
        if not MIN_RSA_BITS <= n.bit_length() <= MAX_RSA_BITS:
            raise CryptoError(f"the RSA key has {n.bit_length()} bits; {MIN_RSA_BITS} to {MAX_RSA_BITS} are accepted",
                              "keys under 2048 bits can be factored")
        if e < 3 or e % 2 == 0:
            raise CryptoError(f"the RSA key's public exponent {e} is not an odd number of at least 3")
        try:
            return rsa.RSAPublicNumbers(e, n).public_key()
        except ValueError as exc:
            raise CryptoError(f"the RSA key is unusable: {exc}") from None
    if kty == "oct":
        raise CryptoError("a symmetric (oct) JWK cannot verify a credential anyone may check",
                          "public credentials are signed with a public key pair")
    raise CryptoError(f"unsupported JWK (kty {kty!r}, crv {crv!r})",
                      "supported: OKP Ed25519, EC P-256 and P-384, RSA of 2048 bits or more")
