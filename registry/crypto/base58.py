"""base58btc (the Bitcoin alphabet), as multibase 'z' uses it."""
from __future__ import annotations

from ..errors import CryptoError

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(ALPHABET)}


def b58encode(data: bytes) -> str:
    """Encode bytes; leading zero bytes become leading '1's."""
    number = int.from_bytes(data, "big")
    out = []
    while number:
        number, rem = divmod(number, 58)
        out.append(ALPHABET[rem])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(out))


def b58decode(text: str) -> bytes:
    """Decode base58btc; a character outside the alphabet is a CryptoError."""
    number = 0
    for position, char in enumerate(text):
        if char not in _INDEX:
            raise CryptoError(f"invalid base58 character {char!r} at position {position + 1}",
                              "base58btc excludes 0, O, I and l")
        number = number * 58 + _INDEX[char]
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body
