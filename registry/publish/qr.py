"""QR codes of credential URLs as inline SVG, byte for byte what segno makes, 10x faster or more.

segno is correct but scores the eight data masks (ISO/IEC 18004 7.8.3) in pure Python, 10 ms a code; at
100,000 evidence pages that was most of a build. This module encodes the one case evidence pages need (a
byte-mode text, error level M, boosted as segno boosts it) with numpy: what depends only on the version
(patterns, placement order, masks) and on the block shape (Reed-Solomon remainders) is computed once, and
the masks are scored together. Any other text goes to segno. The tables come from segno (hence its pin),
and the tests hold the output identical to segno's on thousands of texts, mask scores included.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple, cast
from xml.sax.saxutils import escape

import numpy as np
import segno
from segno import consts

CAPACITY = cast("dict[int, dict[int, int]]", consts.SYMBOL_CAPACITY)  # data bits by version and level
BLOCKS = cast("dict[int, dict[int, tuple[Any, ...]]]", consts.ECC)  # (blocks, codewords, data codewords) groups
ERROR = consts.ERROR_LEVEL_M  # medium error correction: survives a scuffed print, keeps the code small
BOOST = (consts.ERROR_LEVEL_Q, consts.ERROR_LEVEL_H)  # tried in this order, as segno's boost_error_level does
FORMAT_ERROR = {consts.ERROR_LEVEL_M: 0x00, consts.ERROR_LEVEL_L: 0x08, consts.ERROR_LEVEL_H: 0x10,
                consts.ERROR_LEVEL_Q: 0x18}  # each level's offset into segno's FORMAT_INFO
SCALE, BORDER = 4, 4
FINDER = [[0] * 9] + [[0, *row, 0] for row in ([1] * 7, [1, 0, 0, 0, 0, 0, 1], [1, 0, 1, 1, 1, 0, 1],
                                                    [1, 0, 1, 1, 1, 0, 1], [1, 0, 1, 1, 1, 0, 1],
                                                    [1, 0, 0, 0, 0, 0, 1], [1] * 7)] + [[0] * 9]
ALIGNMENT = np.array([[1] * 5, [1, 0, 0, 0, 1], [1, 0, 1, 0, 1], [1, 0, 0, 0, 1], [1] * 5], dtype=np.uint8)
MASKS = (lambda i, j: (i + j) % 2 == 0, lambda i, j: i % 2 == 0, lambda i, j: j % 3 == 0,
         lambda i, j: (i + j) % 3 == 0, lambda i, j: (i // 2 + j // 3) % 2 == 0,
         lambda i, j: (i * j) % 2 + (i * j) % 3 == 0, lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
         lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0)  # ISO/IEC 18004 Table 10, i the row


def qr_svg(text: str, title: str) -> str:
    """`text` as a QR code in inline SVG (4 px modules, a 4-module quiet zone, black on white, `title` for screen
    readers): the same string as segno's `make(text, error="m", micro=False).svg_inline(...)` with those options."""
    data = text.encode("iso-8859-1", "replace")
    if not _byte_mode(text, data):
        code = segno.make(text, error="m", micro=False)
        return str(code.svg_inline(scale=SCALE, border=BORDER, dark="#000", light="#fff", title=title,
                                   svgclass="credreg-qr", lineclass=None, omitsize=False))
    return _svg(matrix(data), title)


def _byte_mode(text: str, data: bytes) -> bool:
    """Whether segno would encode `text` as one byte-mode segment in ISO 8859-1 (printable ASCII that is not all
    digits nor all in the alphanumeric set), the only case this module encodes itself."""
    return text.isascii() and text.isprintable() and not data.isdigit() \
        and any(b not in consts.ALPHANUMERIC_CHARS for b in data)


def matrix(data: bytes) -> np.ndarray:
    """The symbol's modules (1 dark), without quiet zone, of `data` in byte mode: the version and error level
    segno picks, codewords placed, the best mask by the standard's penalty score, format and version info."""
    version, error, masked = candidates(data)
    best = int(np.argmin(scores(masked)))  # the first of equal scores, as segno's strict "<" keeps
    symbol = masked[best]
    _add_format_info(symbol, consts.FORMAT_INFO[best + FORMAT_ERROR[error]])
    if version >= 7:
        _add_version_info(symbol, consts.VERSION_INFO[version - 7])
    return symbol


def candidates(data: bytes) -> tuple[int, int, np.ndarray]:
    """The version, error level and the symbol under each of the eight masks, before format and version info
    (what the penalty score is taken of, ISO/IEC 18004 7.8.2)."""
    version, error = _version(len(data))
    template = _template(version)
    placed = template.base.copy().ravel()
    placed[template.order] = _message(data, version, error)
    return version, error, placed.reshape(template.base.shape)[None] ^ template.masks


def _version(length: int) -> tuple[int, int]:
    """The smallest version holding `length` bytes at level M, and the highest level that version still holds."""
    for version in range(1, 41):
        bits = 4 + (8 if version < 10 else 16) + 8 * length
        if CAPACITY[version][ERROR] >= bits:
            error = ERROR
            for level in BOOST:
                if CAPACITY[version][level] < bits:
                    break
                error = level
            return version, error
    raise ValueError(f"{length} bytes do not fit in a QR code")


def _message(data: bytes, version: int, error: int) -> np.ndarray:
    """The final bit stream (ISO/IEC 18004 7.4-7.6): mode, count, data, terminator, padding as segno writes it
    (a whole zero byte when already aligned), pad codewords, then interleaved data and error correction blocks."""
    capacity = CAPACITY[version][error]
    count_bits = 8 if version < 10 else 16
    value = (((0b0100 << count_bits) | len(data)) << (8 * len(data))) | int.from_bytes(data, "big")
    length = 4 + count_bits + 8 * len(data)
    terminator = min(capacity - length, 4)
    padding = 8 - (length + terminator) % 8
    value <<= terminator + padding
    length += terminator + padding
    codewords = value.to_bytes(length // 8, "big") + bytes((0xEC, 0x11)[i % 2] for i in range(capacity // 8 - length // 8))
    layout = _layout(version, error)
    data_words = np.frombuffer(codewords[:capacity // 8], dtype=np.uint8)
    ecc = np.concatenate([_remainders(data_words[start:stop].reshape(-1, size), ecc_size)
                          for start, stop, size, ecc_size in layout.groups], axis=None)
    message = np.concatenate([data_words[layout.data_order], ecc[layout.ecc_order]])
    return np.concatenate([np.unpackbits(message), np.zeros(layout.remainder, dtype=np.uint8)])


class _Layout(NamedTuple):
    """How a version and level cut the data codewords into blocks, and the order they are sent in."""
    groups: tuple[tuple[int, int, int, int], ...]  # (start, stop, data codewords a block, ecc codewords a block)
    data_order: np.ndarray  # data codewords interleaved: the first of each block, then the second, ...
    ecc_order: np.ndarray  # the same for the error correction codewords
    remainder: int  # zero bits after the last codeword, filling the encoding region


@lru_cache(maxsize=None)
def _layout(version: int, error: int) -> _Layout:
    groups, blocks, start = [], [], 0
    for info in BLOCKS[version][error]:
        stop = start + info.num_blocks * info.num_data
        groups.append((start, stop, info.num_data, info.num_total - info.num_data))
        blocks += [range(start + b * info.num_data, start + (b + 1) * info.num_data) for b in range(info.num_blocks)]
        start = stop
    data_order = [block[k] for k in range(max(map(len, blocks))) for block in blocks if k < len(block)]
    ecc_size = groups[0][3]
    ecc_order = [b * ecc_size + k for k in range(ecc_size) for b in range(len(blocks))]
    remainder = 7 if 2 <= version <= 6 else 3 if 14 <= version <= 20 or 28 <= version <= 34 else \
        4 if 21 <= version <= 27 else 0
    return _Layout(tuple(groups), np.array(data_order), np.array(ecc_order), remainder)


_EXP = np.array(consts.GALIOS_EXP, dtype=np.int64)
_LOG = np.array(consts.GALIOS_LOG, dtype=np.int64)


@lru_cache(maxsize=1)
def _gf_multiply() -> np.ndarray:
    """GF(256) products of every pair of bytes: a[i, j] = i * j."""
    logs = _LOG[1:256]
    table = np.zeros((256, 256), dtype=np.uint8)
    table[1:, 1:] = _EXP[(logs[:, None] + logs[None, :]) % 255]
    return table


@lru_cache(maxsize=None)
def _unit_remainders(size: int, ecc_size: int) -> np.ndarray:
    """Row k: the Reed-Solomon remainder of a block whose only non-zero codeword is a 1 at position k. The code is
    linear, so a block's remainder is the sum of these rows, each multiplied by its codeword."""
    multiply = _gf_multiply()
    gen = [int(_EXP[g]) for g in consts.GEN_POLY[ecc_size]]  # the generator's coefficients below its leading 1
    rows = np.zeros((size, ecc_size), dtype=np.uint8)
    row = list(gen)  # x^ecc_size mod g: the last position's remainder
    for k in range(size - 1, -1, -1):
        rows[k] = row
        lead, row = row[0], row[1:] + [0]  # times x, mod g
        row = [r ^ int(multiply[lead, g]) for r, g in zip(row, gen)]
    return rows


def _remainders(blocks: np.ndarray, ecc_size: int) -> np.ndarray:
    """The error correction codewords of each row of `blocks`, concatenated."""
    units = _unit_remainders(blocks.shape[1], ecc_size)
    return np.bitwise_xor.reduce(_gf_multiply()[blocks[:, :, None], units[None]], axis=1).ravel()


class _Template(NamedTuple):
    """What a version's symbols share: function patterns (reserved areas 0), where data goes and the masks."""
    base: np.ndarray  # n x n, the encoding region still 2
    order: np.ndarray  # flat indices of the encoding region in placement order (ISO/IEC 18004 7.7.3)
    masks: np.ndarray  # 8 x n x n, each mask's dark modules within the encoding region


@lru_cache(maxsize=None)
def _template(version: int) -> _Template:
    n = 4 * version + 17
    base = np.full((n, n), 2, dtype=np.uint8)
    if version >= 7:
        base[:6, n - 11:n - 8] = base[n - 11:n - 8, :6] = 0
    base[:9, 8] = base[8, :9] = base[n - 8:, 8] = base[8, n - 8:] = 0
    base[8:n - 8, 6] = base[6, 8:n - 8] = (np.arange(8, n - 8) + 1) % 2
    finder = np.array(FINDER, dtype=np.uint8)
    base[:8, :8], base[:8, n - 8:], base[n - 8:, :8] = finder[1:, 1:], finder[1:, :8], finder[:8, 1:]
    if version >= 2:
        positions = consts.ALIGNMENT_POS[version - 2]
        corners = {(positions[0], positions[0]), (positions[0], positions[-1]), (positions[-1], positions[0])}
        for x in positions:
            for y in positions:
                if (x, y) not in corners:
                    base[x - 2:x + 3, y - 2:y + 3] = ALIGNMENT
    order = []
    for right in range(n - 1, 0, -2):
        if right <= 6:
            right -= 1
        for vertical in range(n):
            for j in (right, right - 1):
                i = n - 1 - vertical if ((right & 2) == 0) ^ (j < 6) else vertical
                if base[i, j] == 2:
                    order.append(i * n + j)
    rows, cols = np.indices((n, n))
    region = base == 2
    masks = np.array([mask(rows, cols) & region for mask in MASKS], dtype=np.uint8)
    return _Template(base, np.array(order), masks)


def scores(candidates: np.ndarray) -> list[int]:
    """The penalty score (N1 + N2 + N3 + N4, ISO/IEC 18004 7.8.3.1) of each masked symbol, as segno counts it."""
    count, n, _ = candidates.shape
    lines = np.full((count, 2 * n, n + 1), 2, dtype=np.uint8)  # rows then columns, each ended by a 2
    lines[:, :n, :n], lines[:, n:, :n] = candidates, candidates.transpose(0, 2, 1)
    flat = lines.ravel()
    starts = np.flatnonzero(np.concatenate(([True], flat[1:] != flat[:-1])))
    runs = np.diff(np.append(starts, flat.size))
    long = runs >= 5
    n1 = np.bincount(starts[long] // lines[0].size, weights=runs[long] - 2, minlength=count)
    same = candidates[:, 1:, 1:]
    n2 = 3 * ((same == candidates[:, 1:, :-1]) & (same == candidates[:, :-1, 1:])
              & (same == candidates[:, :-1, :-1])).sum(axis=(1, 2))
    dark = candidates.sum(axis=(1, 2))
    n3 = _n3(lines[:, :, :n])
    return [int(n1[k]) + int(n2[k]) + n3[k] + 10 * int(abs(float(dark[k]) / n ** 2 * 100 - 50) / 5) for k in range(count)]


def _n3(lines: np.ndarray) -> list[int]:
    """N3 of each candidate: 40 for each 1011101 in a row or column with four light modules before or after it
    (fewer at an edge, or none when it touches one), scanning each line on as segno does: past a counted one,
    else from its fourth module, so of two overlapping ones the second may not count."""
    count, _, n = lines.shape
    at = [lines[:, :, t:n - 6 + t] for t in range(7)]
    k, line, idx = np.nonzero(at[0] & ~at[1] & at[2] & at[3] & at[4] & ~at[5] & at[6] & 1)
    darks = np.zeros((count, lines.shape[1], n + 1), dtype=np.int16)
    darks[:, :, 1:] = lines.cumsum(axis=2)
    before = darks[k, line, idx] == darks[k, line, np.maximum(idx - 4, 0)]
    after = darks[k, line, np.minimum(idx + 11, n)] == darks[k, line, idx + 7]
    counted = (idx == 0) | (idx == n - 7) | before | after
    score, key, start = [0] * count, -1, 0
    for mask, at, i, ok in zip(k.tolist(), (k * lines.shape[1] + line).tolist(), idx.tolist(), counted.tolist()):
        if at != key:
            key, start = at, 0
        if i < start:
            continue
        if ok:
            score[mask] += 40
        start = i + (7 if ok else 4)
    return score


def _add_format_info(symbol: np.ndarray, info: int) -> None:
    """The 15 format bits, twice, and the dark module (ISO/IEC 18004 7.9.1), as segno places them."""
    voffset = hoffset = 0
    for i in range(8):
        vbit, hbit = (info >> i) & 1, (info >> (14 - i)) & 1
        if i == 6:
            voffset, hoffset = voffset + 1, 1
        symbol[i + voffset, 8] = symbol[8, -1 - i] = vbit
        symbol[8, i + hoffset] = symbol[-1 - i, 8] = hbit
    symbol[-8, 8] = 1


def _add_version_info(symbol: np.ndarray, info: int) -> None:
    """The 18 version bits of versions 7 and up, twice (ISO/IEC 18004 7.10)."""
    for i in range(6):
        for b in range(3):
            symbol[-11 + b, i] = symbol[i, -11 + b] = (info >> (i * 3 + b)) & 1


def _svg(symbol: np.ndarray, title: str) -> str:
    """segno's inline SVG of `symbol` with credreg's options: a white background path and one path of horizontal
    dark runs, each move relative to the last run's end."""
    n = symbol.shape[0]
    edges = np.diff(np.pad(symbol, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    rows, cols = np.nonzero(edges)
    row, start, stop = rows[::2], cols[::2], cols[1::2]
    moves = np.column_stack((start[1:] - stop[:-1], row[1:] - row[:-1], stop[1:] - start[1:])).ravel().tolist()
    path = f"M{start[0] + BORDER} {row[0] + BORDER + 0.5}h{stop[0] - start[0]}" + ("m%d %dh%d" * (len(row) - 1)) % tuple(moves)
    size = n + 2 * BORDER
    paths = sorted((f'<path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>', f'<path stroke="#000" d="{path}"/>'),
                   key=len)
    return (f'<svg width="{size * SCALE}" height="{size * SCALE}" class="credreg-qr"><title>{escape(title)}</title>'
            f'<g transform="scale({SCALE})">{"".join(paths)}</g></svg>')
