"""Ed25519 keys as Multikey strings: 'z' + base58btc(multicodec prefix ‖ key), and did:key built on them.

Public keys carry the ed25519-pub prefix 0xed 0x01 (so they read "z6Mk…"), secret keys the
ed25519-priv prefix 0x80 0x26 (the W3C test vectors and Digital Bazaar's secretKeyMultibase).
"""
from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ..errors import CryptoError
from .base58 import b58decode, b58encode
from .weakkeys import weakness

ED25519_PUB = b"\xed\x01"
ED25519_PRIV = b"\x80\x26"
DID_KEY = "did:key:"


def _decode(value: object, prefix: bytes, what: str, lengths: tuple[int, ...]) -> bytes:
    """The key bytes after `prefix`, or a CryptoError saying which check failed."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise CryptoError(f"{what} must be multibase base58btc (start with 'z')", "copy the key exactly")
    try:
        raw = b58decode(value[1:])
    except CryptoError as exc:
        raise CryptoError(f"{what} is not valid base58btc: {exc.message}", exc.hint) from None
    if not raw.startswith(prefix):
        raise CryptoError(f"{what} is not an Ed25519 key (multicodec prefix 0x{raw[:2].hex()}, "
                          f"expected 0x{prefix.hex()})", "only Ed25519 Multikeys are supported")
    key = raw[len(prefix):]
    if len(key) not in lengths:
        raise CryptoError(f"{what} has {len(key)} key bytes, expected {' or '.join(map(str, lengths))}",
                          "the key is truncated or damaged")
    return key


def encode_public_key(raw: bytes) -> str:
    """`publicKeyMultibase` of a 32-byte Ed25519 public key ("z6Mk…")."""
    if len(raw) != 32:
        raise CryptoError(f"an Ed25519 public key has 32 bytes, not {len(raw)}")
    return "z" + b58encode(ED25519_PUB + raw)


def decode_public_key(value: str) -> bytes:
    """The 32 raw bytes of a `publicKeyMultibase`; CryptoError unless it is a usable Ed25519 Multikey."""
    raw = _decode(value, ED25519_PUB, "publicKeyMultibase", (32,))
    problem = weakness(raw)
    if problem:
        raise CryptoError(f"publicKeyMultibase is not a usable Ed25519 key: {problem}",
                          "generate a real key pair with `credreg keygen`")
    return raw


def encode_secret_key(seed: bytes) -> str:
    """`secretKeyMultibase` of a 32-byte Ed25519 seed (the private key)."""
    if len(seed) != 32:
        raise CryptoError(f"an Ed25519 secret key (seed) has 32 bytes, not {len(seed)}")
    return "z" + b58encode(ED25519_PRIV + seed)


def decode_secret_key(value: str) -> bytes:
    """The 32-byte seed of a `secretKeyMultibase`.

    Digital Bazaar writes seed ‖ public key (64 bytes): that form is accepted when its
    public half really belongs to the seed, so a damaged key file cannot sign silently.
    """
    key = _decode(value, ED25519_PRIV, "secretKeyMultibase", (32, 64))
    seed, public = key[:32], key[32:]
    if public and public != Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(
            Encoding.Raw, PublicFormat.Raw):
        raise CryptoError("secretKeyMultibase holds a public key that does not belong to its seed",
                          "the key is damaged; restore it from a backup")
    return seed


def public_key_from_did_key(verification_method: str) -> bytes:
    """The raw public key named by a did:key verification method URL ("did:key:z6Mk…#z6Mk…").

    did:key needs no lookup: the key is the identifier. A fragment, when given, must repeat it, as the
    did:key method's DID document names its only verification method that way (the browser's rule too).
    """
    if not isinstance(verification_method, str) or not verification_method.startswith(DID_KEY):
        raise CryptoError(f"{verification_method!r} is not a did:key verification method",
                          "expected did:key:z6Mk…#z6Mk…")
    did, _, fragment = verification_method.partition("#")
    multibase = did[len(DID_KEY):]
    if fragment and fragment != multibase:
        raise CryptoError(f"did:key verification method {verification_method} must end in #{multibase}",
                          "a did:key has exactly one key, whose fragment repeats the key")
    return decode_public_key(multibase)
