"""Ed25519 keys as Multikey multibase strings (z + base58btc of a multicodec prefix and the key)."""
from __future__ import annotations

from ..errors import CryptoError
from .base58 import b58decode, b58encode

ED25519_PUB = b"\xed\x01"
ED25519_PRIV = b"\x80\x26"


def _decode(value: str, prefix: bytes, what: str, lengths: tuple[int, ...]) -> bytes:
    if not isinstance(value, str) or not value.startswith("z"):
        raise CryptoError(f"{what} must be multibase base58btc (start with 'z')", "copy the key exactly")
    raw = b58decode(value[1:])
    if not raw.startswith(prefix):
        raise CryptoError(f"{what} is not an Ed25519 key (multicodec prefix 0x{raw[:2].hex()}, "
                          f"expected 0x{prefix.hex()})", "only Ed25519 Multikeys are supported")
    key = raw[len(prefix):]
    if len(key) not in lengths:
        raise CryptoError(f"{what} has {len(key)} key bytes, expected {' or '.join(map(str, lengths))}",
                          "the key is truncated or damaged")
    return key


def encode_public_key(raw: bytes) -> str:
    """`publicKeyMultibase` of a 32-byte Ed25519 public key (z6Mk…)."""
    return "z" + b58encode(ED25519_PUB + raw)


def decode_public_key(value: str) -> bytes:
    """The 32 raw bytes of a `publicKeyMultibase`."""
    return _decode(value, ED25519_PUB, "publicKeyMultibase", (32,))


def encode_secret_key(seed: bytes) -> str:
    """`secretKeyMultibase` of a 32-byte Ed25519 seed."""
    return "z" + b58encode(ED25519_PRIV + seed)


def decode_secret_key(value: str) -> bytes:
    """The bytes of a `secretKeyMultibase`: the 32-byte seed, or seed ‖ public key (64 bytes)."""
    return _decode(value, ED25519_PRIV, "secretKeyMultibase", (32, 64))


def did_key_from_public(raw: bytes) -> str:
    """The did:key of an Ed25519 public key."""
    return "did:key:" + encode_public_key(raw)
