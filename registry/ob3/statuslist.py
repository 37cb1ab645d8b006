"""Bitstring Status List v1.0: the compressed revocation bitstring and its credential.

Index i is bit i counted from the left-most bit of the first byte (the spec's order);
the list is GZIP-compressed with a zero mtime so the same revocations give the same bytes.
"""
from __future__ import annotations

import base64
import gzip
import zlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ..dates import iso
from ..errors import CredregError
from ..model import Issuer
from ..urls import SiteUrls
from .document import VC_V2
from .fields import ascii_int

LIST_SIZE = 131_072  # the spec's minimum: 16 KiB, which hides which entries are in use
MAX_LIST_BYTES = 16 * 1024 * 1024
MAX_INDEX = MAX_LIST_BYTES * 8 - 1  # the last bit of the largest list decode() accepts


def encode(indexes: Iterable[int], size: int = LIST_SIZE) -> str:
    """`u` + base64url(gzip(bitstring)) with the given indexes set."""
    bits = bytearray(size // 8)
    for index in indexes:
        if not 0 <= index < size:
            raise CredregError(f"status index {index} is outside the list (0..{size - 1})",
                               "the credential's statusListIndex is wrong")
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def decode(encoded: str) -> bytes:
    """The raw bitstring of an `encodedList` (multibase base64url, GZIP); raises CredregError if malformed."""
    if not encoded.startswith("u"):
        raise CredregError("encodedList does not start with 'u' (multibase base64url)",
                           "the status list is malformed; its issuer must re-sign it")
    try:
        packed = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
        decompressor = zlib.decompressobj(wbits=31)
        bits = decompressor.decompress(packed, MAX_LIST_BYTES)
    except (ValueError, zlib.error):
        raise CredregError("encodedList is not base64url-encoded GZIP data",
                           "the status list is malformed; its issuer must re-sign it") from None
    if decompressor.unconsumed_tail:
        raise CredregError("encodedList expands to more than 16 MiB", "refusing an oversized status list")
    return bits


def is_set(bits: bytes, index: int) -> bool:
    """Whether entry `index` is set (revoked); an index past the end is an error."""
    if not 0 <= index < len(bits) * 8:
        raise CredregError(f"status index {index} is outside the list of {len(bits) * 8} entries",
                           "the credential points past its status list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def set_indexes(bits: bytes) -> list[int]:
    """Every set index, in order."""
    return [i * 8 + b for i, byte in enumerate(bits) if byte for b in range(8) if byte & (0x80 >> b)]


def status_index(credential: Mapping[str, Any]) -> int | None:
    """The index of a credential's (first) status list entry, or None if it has no usable one."""
    status = credential.get("credentialStatus")
    for entry in status if isinstance(status, list) else [status]:
        index = status_entry_index(entry) if isinstance(entry, dict) else None
        if index is not None:
            return index
    return None


def status_entry_index(entry: Mapping[str, Any]) -> int | None:
    """A status entry's `statusListIndex` if it is ASCII digits within any list's range, else None."""
    return ascii_int(entry.get("statusListIndex"), MAX_INDEX)


def status_list_credential(issuer: Issuer, urls: SiteUrls, number: int, revoked: Iterable[int],
                           valid_from: datetime) -> dict[str, Any]:
    """The unsigned BitstringStatusListCredential for an issuer's list `number`."""
    url = urls.status_list(issuer.id, number)
    return {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": urls.issuer_did(issuer.id),
        "validFrom": iso(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode(revoked),
        },
    }
