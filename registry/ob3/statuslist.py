"""Status lists: Bitstring Status List v1.0 (which credreg publishes), and the StatusList2021 and
RevocationList2020 drafts it grew from (which other issuers still publish): their bitstring and credential.

Index i is bit i counted from the left-most bit of the first byte (every one of the three specs' order);
the list is GZIP-compressed with a zero mtime so the same revocations give the same bytes.
"""
from __future__ import annotations

import base64
import gzip
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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
MAX_ENCODED_CHARS = 4 * 1024 * 1024  # as large as any fetched document may be
MAX_STATUS_SIZE = 8  # bits per entry (the spec's statusSize); revocation and suspension use 1
_BASE64 = re.compile(r"[A-Za-z0-9_+/-]*\Z")


@dataclass(frozen=True)
class ListKind:
    """One status list format: the entry's type and fields, and the list credential it points at."""

    entry_type: str
    credential_type: str
    subject_type: str
    index_field: str
    list_field: str
    multibase: bool  # encodedList starts with multibase 'u' (Bitstring) or is plain base64 (the 2020/2021 drafts)
    fixed_purpose: str | None = None  # RevocationList2020 only revokes; it has no statusPurpose


LIST_KINDS = {k.entry_type: k for k in (
    ListKind("BitstringStatusListEntry", "BitstringStatusListCredential", "BitstringStatusList",
             "statusListIndex", "statusListCredential", True),
    ListKind("StatusList2021Entry", "StatusList2021Credential", "StatusList2021",
             "statusListIndex", "statusListCredential", False),
    ListKind("RevocationList2020Status", "RevocationList2020Credential", "RevocationList2020",
             "revocationListIndex", "revocationListCredential", False, "revocation"),
)}


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


def decode(encoded: str, multibase: bool = True) -> bytes:
    """The raw bitstring of an `encodedList`, GZIP-compressed; raises CredregError if malformed or oversized.

    Bitstring Status List v1.0 prefixes base64url with multibase `u`; StatusList2021 and RevocationList2020
    use plain base64 (url-safe in practice, standard alphabet accepted), so `multibase=False` takes that.
    """
    if multibase and not encoded.startswith("u"):
        raise CredregError("encodedList does not start with 'u' (multibase base64url)",
                           "the status list is malformed; its issuer must re-sign it")
    text = encoded[1:] if multibase else encoded.rstrip("=")
    if len(text) > MAX_ENCODED_CHARS or not _BASE64.fullmatch(text):
        raise CredregError("encodedList is not base64url-encoded GZIP data",
                           "the status list is malformed; its issuer must re-sign it")
    try:
        packed = base64.urlsafe_b64decode(text.replace("+", "-").replace("/", "_") + "=" * (-len(text) % 4))
        decompressor = zlib.decompressobj(wbits=31)
        bits = decompressor.decompress(packed, MAX_LIST_BYTES)
    except (ValueError, zlib.error):
        raise CredregError("encodedList is not base64url-encoded GZIP data",
                           "the status list is malformed; its issuer must re-sign it") from None
    if decompressor.unconsumed_tail:
        raise CredregError("encodedList expands to more than 16 MiB", "refusing an oversized status list")
    if not bits:
        raise CredregError("encodedList expands to an empty list", "the status list is malformed")
    return bits


def is_set(bits: bytes, index: int) -> bool:
    """Whether entry `index` is set (revoked); an index past the end is an error."""
    return status_value(bits, index, 1) != 0


def status_value(bits: bytes, index: int, size: int = 1) -> int:
    """The `size`-bit value of entry `index` (entry i is bits i*size … i*size+size-1, left-most bit first)."""
    entries = len(bits) * 8 // size
    if not 0 <= index < entries:
        raise CredregError(f"status index {index} is outside the list of {entries} entries",
                           "the credential points past its status list")
    value = 0
    for bit in range(index * size, index * size + size):
        value = (value << 1) | bool(bits[bit // 8] & (0x80 >> (bit % 8)))
    return value


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
