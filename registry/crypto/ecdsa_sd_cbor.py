"""The proofValue of an ecdsa-sd-2023 derived proof, parsed with bounds (W3C vc-di-ecdsa, parseDerivedProofValue).

proofValue = "u" + base64url-no-pad(0xd9 0x5d 0x01 ‖ CBOR [baseSignature, publicKey, signatures,
compressedLabelMap, mandatoryIndexes]); a base proof (0xd9 0x5d 0x00) is the issuer's gift to the holder and
is refused with its own message. Before cbor2 decodes anything, a header walk checks that the payload is one
definite-length item no deeper than the spec's shape, with counts the bytes can hold, no text, floats or
simple values, and no tag but 64 (a byte string written as a typed array, which Digital Bazaar accepts), whose
headers are then dropped: cbor2 never sees a tag.
"""
from __future__ import annotations

import base64
import itertools
import re
from dataclasses import dataclass
from typing import Any

import cbor2

from ..errors import CryptoError

DERIVED_HEADER = b"\xd9\x5d\x01"
BASE_HEADER = b"\xd9\x5d\x00"
# Bounds: a credential's RDFC canonicalization is limited to 1,000 objects (canonical.RDFC_MAX_NODES), so a
# real derived proof carries at most a few thousand statements; each signature costs 66 bytes.
MAX_PROOF_VALUE_CHARS = 512 * 1024
MAX_ITEMS = 10_000  # per array or map
_MAX_DEPTH = 2  # the top array, then the signatures array, the label map or the mandatory indexes
_TYPED_ARRAY_TAG = 64
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
BASE_PROOF = ("this is an ecdsa-sd-2023 base proof, which only the holder should have: it must be turned into a "
              "derived proof (selective disclosure) before it is presented to a verifier")
BASE_PROOF_HINT = "ask the holder for a derived credential; a wallet derives one when it shares the credential"


@dataclass(frozen=True)
class DerivedProofValue:
    """The five parts of a derived proof, with the label map decompressed (c14nN → "u" + base64url id)."""

    base_signature: bytes
    public_key: bytes  # multikey bytes of the proof-scoped (ephemeral) key: 0x80 0x24 ‖ compressed P-256 point
    signatures: tuple[bytes, ...]
    label_map: dict[str, str]
    mandatory_indexes: tuple[int, ...]


def decode_multibase_base64url(value: object) -> bytes:
    """The bytes of a 'u' multibase (base64url without padding) string; CryptoError if it is not one."""
    if not isinstance(value, str) or not value.startswith("u"):
        raise CryptoError("proofValue is not multibase base64url (it must start with 'u')")
    if len(value) > MAX_PROOF_VALUE_CHARS:
        raise CryptoError(f"proofValue has {len(value):,} characters; the limit is {MAX_PROOF_VALUE_CHARS:,}",
                          "no real derived proof is that large")
    body = value[1:]
    if not _BASE64URL.fullmatch(body) or len(body) % 4 == 1:
        raise CryptoError("proofValue is not valid base64url without padding")
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except ValueError:
        raise CryptoError("proofValue is not valid base64url without padding") from None


def parse_derived_proof_value(value: object) -> DerivedProofValue:
    """The parts of a derived proofValue; CryptoError saying which check failed (a base proof has its own)."""
    raw = decode_multibase_base64url(value)
    if raw.startswith(BASE_HEADER):
        raise CryptoError(BASE_PROOF, BASE_PROOF_HINT)
    if not raw.startswith(DERIVED_HEADER):
        raise CryptoError(f"proofValue does not start with the ecdsa-sd-2023 derived proof header d95d01 "
                          f"(it starts with {raw[:3].hex() or 'nothing'})")
    payload = raw[len(DERIVED_HEADER):]
    for start, end in reversed(_walk(payload)):  # tag 64 around a byte string means that byte string
        payload = payload[:start] + payload[end:]
    try:
        decoded = cbor2.loads(payload, max_depth=_MAX_DEPTH + 1, allow_indefinite=False, allow_duplicate_keys=False)
    except (cbor2.CBORError, ValueError, TypeError) as exc:
        raise CryptoError(f"proofValue is not valid CBOR: {exc}") from None
    return _shape(decoded)


def _header(data: bytes, pos: int) -> tuple[int, int, int]:
    """(major type, argument, position after the header) of the CBOR item at `pos`."""
    if pos >= len(data):
        raise CryptoError("proofValue's CBOR ends in the middle of an item")
    initial = data[pos]
    major, info = initial >> 5, initial & 0x1F
    if info < 24:
        return major, info, pos + 1
    if info == 31:
        raise CryptoError("proofValue's CBOR uses an indefinite-length item, which ecdsa-sd-2023 does not")
    if info > 27:
        raise CryptoError(f"proofValue's CBOR holds a malformed item header (0x{initial:02x})")
    size = 1 << (info - 24)
    if pos + 1 + size > len(data):
        raise CryptoError("proofValue's CBOR ends in the middle of an item")
    return major, int.from_bytes(data[pos + 1:pos + 1 + size], "big"), pos + 1 + size


def _walk(data: bytes) -> list[tuple[int, int]]:
    """Check the CBOR item headers (nothing is decoded): one item, the spec's kinds only, bounded and complete.
    Returns where the tag 64 headers are (start, end), in order, so that they can be dropped before decoding."""
    pos, pending = 0, [1]  # items still to read at each open level; the bottom one is the whole payload
    tags: list[tuple[int, int]] = []
    while pending:
        if pending[-1] == 0:
            pending.pop()
            continue
        pending[-1] -= 1
        start = pos
        major, arg, pos = _header(data, pos)
        if major == 6:
            if arg != _TYPED_ARRAY_TAG:
                raise CryptoError(f"proofValue uses CBOR tag {arg}, which ecdsa-sd-2023 does not")
            inner, _, _ = _header(data, pos)
            if inner != 2:
                raise CryptoError("proofValue's CBOR tag 64 does not hold a byte string")
            tags.append((start, pos))
            pending[-1] += 1  # the tagged byte string is read next, in the tag's place
        elif major in (0, 1):
            continue
        elif major == 2:
            if arg > len(data) - pos:
                raise CryptoError(f"proofValue's CBOR declares a {arg:,}-byte string where {len(data) - pos:,} "
                                  "bytes are left")
            pos += arg
        elif major in (4, 5):
            count = arg * (2 if major == 5 else 1)
            if arg > MAX_ITEMS or count > len(data) - pos:
                raise CryptoError(f"proofValue's CBOR declares {'a map' if major == 5 else 'an array'} of {arg:,} "
                                  f"entries, more than {min(MAX_ITEMS, len(data) - pos):,}")
            if len(pending) > _MAX_DEPTH:
                raise CryptoError("proofValue's CBOR is nested deeper than ecdsa-sd-2023's proof value")
            pending.append(count)
        else:
            kind = "a text string" if major == 3 else "a float or simple value"
            raise CryptoError(f"proofValue's CBOR holds {kind}, which ecdsa-sd-2023's proof value does not")
    if pos != len(data):
        raise CryptoError(f"proofValue has {len(data) - pos:,} bytes after its CBOR value")
    return tags


def _shape(decoded: Any) -> DerivedProofValue:
    """The parts, each checked against the spec's types and sizes (the curve-dependent ones are checked later)."""
    if not isinstance(decoded, list) or len(decoded) != 5:
        raise CryptoError("proofValue's CBOR is not an array of the five parts of a derived proof "
                          "(baseSignature, publicKey, signatures, labelMap, mandatoryIndexes)")
    base_signature, public_key, signatures, compressed, indexes = decoded
    if not isinstance(base_signature, bytes):
        raise CryptoError("baseSignature is not a byte string")
    if not isinstance(public_key, bytes) or len(public_key) != 35:
        raise CryptoError("publicKey is not 35 bytes of a P-256 Multikey (0x8024 and a compressed point)")
    if not isinstance(signatures, list) or not all(isinstance(s, bytes) and len(s) == 64 for s in signatures):
        raise CryptoError("signatures is not an array of 64-byte P-256 signatures")
    if not isinstance(indexes, list) or not all(isinstance(i, int) and i >= 0 for i in indexes):
        raise CryptoError("mandatoryIndexes is not an array of non-negative integers")
    if any(b <= a for a, b in itertools.pairwise(indexes)):
        raise CryptoError("mandatoryIndexes is not in strictly increasing order (an index is repeated or out "
                          "of order)")
    return DerivedProofValue(base_signature, public_key, tuple(signatures), _label_map(compressed), tuple(indexes))


def _label_map(compressed: Any) -> dict[str, str]:
    """c14nN → "u" + base64url(HMAC id), refusing a map that gives two blank nodes one id."""
    if not isinstance(compressed, dict):
        raise CryptoError("labelMap is not a CBOR map")
    labels: dict[str, str] = {}
    for key, value in compressed.items():
        if not isinstance(key, int) or isinstance(key, bool) or key < 0:
            raise CryptoError("labelMap has a key that is not a non-negative integer")
        if not isinstance(value, bytes) or len(value) not in (32, 48):
            raise CryptoError(f"labelMap's entry for c14n{key} is not a 32- or 48-byte HMAC value")
        labels[f"c14n{key}"] = "u" + base64.urlsafe_b64encode(value).rstrip(b"=").decode("ascii")
    if len(set(labels.values())) != len(labels):
        raise CryptoError("labelMap gives two blank nodes the same id, which would merge them")
    return labels
