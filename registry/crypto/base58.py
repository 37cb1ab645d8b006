"""base58btc (the Bitcoin alphabet), the encoding behind multibase 'z' keys and proof values."""
from __future__ import annotations

from ..errors import CryptoError

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {char: value for value, char in enumerate(ALPHABET)}
# Decoding is quadratic in the length (one big-integer multiply per character: a 1 MB proofValue would
# take minutes), and nothing credreg decodes comes near it: keys are at most 68 bytes, signatures 96.
MAX_DECODE_CHARS = 1_000


def b58encode(data: bytes) -> str:
    """Encode bytes; each leading zero byte becomes a leading '1', as Bitcoin does."""
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, rem = divmod(number, 58)
        digits.append(ALPHABET[rem])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(digits))


def b58decode(text: str) -> bytes:
    """Decode base58btc; a character outside the alphabet is a CryptoError naming it and its 1-based position,
    and so is text longer than MAX_DECODE_CHARS."""
    if len(text) > MAX_DECODE_CHARS:
        raise CryptoError(f"base58 value of {len(text):,} characters; no key or signature is longer than "
                          f"{MAX_DECODE_CHARS:,}", "the value is damaged or crafted")
    number = 0
    for position, char in enumerate(text, start=1):
        value = _INDEX.get(char)
        if value is None:
            raise CryptoError(f"invalid base58 character {char!r} at position {position}",
                              "base58btc has no 0, O, I or l, and no punctuation or spaces: copy the value exactly")
        number = number * 58 + value
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + (number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b"")
