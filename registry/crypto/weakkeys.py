"""Refuse Ed25519 public keys that sign nothing: points of small order, or not on the curve at all.

For a small-order point A (8·A = identity), the signature R = identity, S = 0 verifies for every
message under the cofactored equation, and OpenSSL and Chromium accept it. A registry must never
publish such a key.
"""
from __future__ import annotations

_P = 2**255 - 19
_D = (-121665 * pow(121666, _P - 2, _P)) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _decode(raw: bytes) -> tuple[int, int] | None:
    """The affine point of a 32-byte encoding (RFC 8032 5.1.3), or None if it is not on the curve."""
    y = int.from_bytes(raw, "little") & ((1 << 255) - 1)
    sign = raw[31] >> 7
    if y >= _P:
        return None
    u, v = (y * y - 1) % _P, (_D * y * y + 1) % _P
    x = (u * pow(v, 3, _P) * pow(u * pow(v, 7, _P), (_P - 5) // 8, _P)) % _P
    if (v * x * x - u) % _P != 0:
        x = (x * _SQRT_M1) % _P
        if (v * x * x - u) % _P != 0:
            return None
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = _P - x
    return x, y


def _double(point: tuple[int, int]) -> tuple[int, int]:
    x, y = point
    denominator_x = pow((1 + _D * x * x * y * y) % _P, _P - 2, _P)
    denominator_y = pow((1 - _D * x * x * y * y) % _P, _P - 2, _P)
    return (2 * x * y * denominator_x) % _P, ((y * y + x * x) * denominator_y) % _P


def weakness(raw: bytes) -> str | None:
    """Why a 32-byte Ed25519 public key is unusable, or None if it is a proper key."""
    point = _decode(raw)
    if point is None:
        return "it is not a point on the Ed25519 curve"
    for _ in range(3):
        point = _double(point)
    if point == (0, 1):
        return "it is a point of small order, for which a forged signature verifies any message"
    return None
