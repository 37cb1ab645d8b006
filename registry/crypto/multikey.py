"""Keys as Multikey strings: 'z' + base58btc(multicodec prefix ‖ key), and did:key built on them.

Ed25519 public keys carry the ed25519-pub prefix 0xed 0x01 (so they read "z6Mk…"), secret keys the
ed25519-priv prefix 0x80 0x26 (the W3C test vectors and Digital Bazaar's secretKeyMultibase).
ECDSA public keys are compressed SEC1 points: p256-pub 0x1200 (varint 0x80 0x24, "zDn…") and
p384-pub 0x1201 (varint 0x81 0x24, "z82…"), as the Multikey and ecdsa cryptosuite specifications say.
"""
from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ..errors import CryptoError
from .base58 import b58decode, b58encode
from .publickeys import PublicKey
from .weakkeys import weakness

ED25519_PUB = b"\xed\x01"
ED25519_PRIV = b"\x80\x26"
P256_PUB = b"\x80\x24"
P384_PUB = b"\x81\x24"
# multicodec prefix → (curve, name, compressed point length)
EC_PREFIXES: dict[bytes, tuple[ec.EllipticCurve, str, int]] = {
    P256_PUB: (ec.SECP256R1(), "P-256", 33), P384_PUB: (ec.SECP384R1(), "P-384", 49)}
DID_KEY = "did:key:"


def _multibase(value: object, what: str) -> bytes:
    """The bytes of a multibase base58btc ("z…") string, or a CryptoError naming `what` and the check that failed."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise CryptoError(f"{what} must be multibase base58btc (start with 'z')", "copy the key exactly")
    try:
        return b58decode(value[1:])
    except CryptoError as exc:
        raise CryptoError(f"{what} is not valid base58btc: {exc.message}", exc.hint) from None


def _decode(value: object, prefix: bytes, what: str, lengths: tuple[int, ...]) -> bytes:
    """The key bytes after `prefix`, or a CryptoError saying which check failed."""
    raw = _multibase(value, what)
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


def decode_multikey(value: object, what: str = "publicKeyMultibase") -> PublicKey:
    """The key of any supported public Multikey: Ed25519 ("z6Mk…"), P-256 ("zDn…") or P-384 ("z82…").

    CryptoError for another multicodec, a wrong length, an uncompressed or off-curve point, or an
    Ed25519 key of small order.
    """
    raw = _multibase(value, what)
    if raw.startswith(ED25519_PUB):
        return Ed25519PublicKey.from_public_bytes(decode_public_key(str(value)))  # a "z…" string: _multibase read it
    entry = EC_PREFIXES.get(raw[:2])
    if entry is None:
        raise CryptoError(f"{what} has multicodec prefix 0x{raw[:2].hex()}, which is no supported public key",
                          "supported: Ed25519 (0xed01), P-256 (0x1200) and P-384 (0x1201) Multikeys")
    curve, name, length = entry
    point = raw[2:]
    if len(point) != length or point[:1] not in (b"\x02", b"\x03"):
        raise CryptoError(f"{what} is not a compressed {name} point ({len(point)} bytes; a compressed point has "
                          f"{length}, starting 0x02 or 0x03)", "the key is truncated, damaged or not compressed")
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(curve, point)
    except ValueError:
        raise CryptoError(f"{what} is not a point on the {name} curve", "the key is damaged or crafted") from None


def encode_multikey(key: PublicKey) -> str:
    """`publicKeyMultibase` of an Ed25519, P-256 or P-384 public key (compressed point for ECDSA)."""
    if isinstance(key, Ed25519PublicKey):
        return encode_public_key(key.public_bytes(Encoding.Raw, PublicFormat.Raw))
    if isinstance(key, ec.EllipticCurvePublicKey):
        for prefix, (curve, _, _) in EC_PREFIXES.items():
            if key.curve.name == curve.name:
                return "z" + b58encode(prefix + key.public_bytes(Encoding.X962, PublicFormat.CompressedPoint))
    raise CryptoError(f"no Multikey encoding for a {type(key).__name__}")


def key_from_did_key(verification_method: str) -> PublicKey:
    """The public key (Ed25519, P-256 or P-384) named by a did:key verification method URL."""
    return decode_multikey(_did_key_multibase(verification_method), "the did:key")


def _did_key_multibase(verification_method: str) -> str:
    """The multibase key of a did:key DID or DID URL, whose fragment (when given) must repeat it."""
    if not isinstance(verification_method, str) or not verification_method.startswith(DID_KEY):
        raise CryptoError(f"{verification_method!r} is not a did:key verification method",
                          "expected did:key:z6Mk…#z6Mk…")
    did, _, fragment = verification_method.partition("#")
    multibase = did[len(DID_KEY):]
    if fragment and fragment != multibase:
        raise CryptoError(f"did:key verification method {verification_method} must end in #{multibase}",
                          "a did:key has exactly one key, whose fragment repeats the key")
    return multibase


def public_key_from_did_key(verification_method: str) -> bytes:
    """The raw public key named by a did:key verification method URL ("did:key:z6Mk…#z6Mk…").

    did:key needs no lookup: the key is the identifier. A fragment, when given, must repeat it, as the
    did:key method's DID document names its only verification method that way (the browser's rule too).
    """
    return decode_public_key(_did_key_multibase(verification_method))
