"""Read the Open Badges text baked into a PNG: iTXt (or tEXt/zTXt) chunks keyed `openbadgecredential` (3.0)
or `openbadges` (2.0), with every chunk's length and CRC checked and the chunk count and inflation bounded."""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from ..errors import InputError

SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORDS = ("openbadgecredential", "openbadges")  # OB 3.0, OB 2.0
MAX_CHUNKS = 2048  # a 4 MiB image in 8 KiB IDAT chunks has 512; 10,000 chunks is an attack, not a badge
MAX_TEXT_BYTES = 1024 * 1024  # the JSON limit: a baked credential is at most a credential
_HINT = "the file is not a well-formed baked PNG; ask the issuer for the credential again"


@dataclass(frozen=True)
class BakedText:
    """One credential chunk: its keyword, the chunk type it was found in, and its text."""

    keyword: str
    chunk: str
    text: str


def _inflate(data: bytes, what: str) -> bytes:
    """zlib data inflated to at most MAX_TEXT_BYTES: a compressed bomb is refused, not expanded."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_TEXT_BYTES + 1)
    except zlib.error as exc:
        raise InputError(f"the {what} chunk's compressed text is corrupt ({exc})", _HINT) from None
    if len(out) > MAX_TEXT_BYTES or inflater.unconsumed_tail:
        raise InputError(f"the {what} chunk's compressed text inflates beyond {MAX_TEXT_BYTES:,} bytes",
                         "refusing a compressed bomb")
    return out


def _text_chunk(kind: str, data: bytes) -> tuple[str, str] | None:
    """(keyword, text) of a tEXt, zTXt or iTXt chunk whose keyword is an Open Badges one, else None."""
    keyword_raw, sep, rest = data.partition(b"\0")
    keyword = keyword_raw.decode("latin-1")
    if not sep or keyword not in KEYWORDS:
        return None
    if kind == "tEXt":
        return keyword, rest.decode("latin-1")
    if kind == "zTXt":
        if rest[:1] != b"\0":
            raise InputError("a zTXt chunk uses an unknown compression method", _HINT)
        return keyword, _inflate(rest[1:], "zTXt").decode("latin-1")
    if len(rest) < 2:
        raise InputError(f"the iTXt chunk {keyword!r} is truncated", _HINT)
    compressed, method, rest = rest[0], rest[1], rest[2:]
    _language, sep1, rest = rest.partition(b"\0")
    _translated, sep2, text = rest.partition(b"\0")
    if not (sep1 and sep2) or compressed not in (0, 1) or (compressed and method != 0):
        raise InputError(f"the iTXt chunk {keyword!r} is malformed", _HINT)
    raw = _inflate(text, "iTXt") if compressed else text
    try:
        return keyword, raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"the iTXt chunk {keyword!r} is not UTF-8 text", _HINT) from None


def baked_png(raw: bytes) -> BakedText:
    """The one Open Badges chunk of a PNG; InputError for a damaged PNG, none, or more than one."""
    if not raw.startswith(SIGNATURE):
        raise InputError("not a PNG image (no PNG signature)", _HINT)
    found: list[BakedText] = []
    offset, count, seen_end = len(SIGNATURE), 0, False
    while offset < len(raw) and not seen_end:
        count += 1
        if count > MAX_CHUNKS:
            raise InputError(f"the PNG has more than {MAX_CHUNKS:,} chunks", "refusing a PNG built to exhaust a reader")
        if offset + 12 > len(raw):
            raise InputError(f"the PNG is truncated at byte {offset:,} (chunk {count} has no complete header)", _HINT)
        length, kind_raw = struct.unpack(">I4s", raw[offset:offset + 8])
        end = offset + 8 + length
        if end + 4 > len(raw):
            raise InputError(f"the PNG is truncated: chunk {count} declares {length:,} bytes, more than the file has",
                             _HINT)
        if not kind_raw.isalpha():
            raise InputError(f"chunk {count} of the PNG has an invalid type", _HINT)
        kind = kind_raw.decode("ascii")
        if count == 1 and kind != "IHDR":
            raise InputError("the PNG does not start with an IHDR chunk", _HINT)
        (crc,) = struct.unpack(">I", raw[end:end + 4])
        if zlib.crc32(raw[offset + 4:end]) != crc:
            raise InputError(f"the CRC of PNG chunk {count} ({kind}) is wrong: the file is damaged or was altered",
                             _HINT)
        if kind in ("tEXt", "zTXt", "iTXt"):
            hit = _text_chunk(kind, raw[offset + 8:end])
            if hit is not None:
                found.append(BakedText(hit[0], kind, hit[1]))
        seen_end = kind == "IEND"
        offset = end + 4
    if not seen_end:
        raise InputError("the PNG is truncated: it has no IEND chunk", _HINT)
    if not found:
        raise InputError("the PNG image carries no Open Badges credential (no iTXt chunk `openbadgecredential` "
                         "or `openbadges`)", "this is a plain image; ask for the baked badge or the credential file")
    if len(found) > 1:
        listed = ", ".join(f"{f.chunk} {f.keyword}" for f in found)
        raise InputError(f"the PNG carries {len(found)} credential chunks ({listed}); a baked badge holds exactly one",
                         "which one is meant cannot be told; ask the issuer for the credential again")
    return found[0]
