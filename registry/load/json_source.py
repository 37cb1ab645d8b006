"""Safe JSON: strict UTF-8, no duplicate keys, no NaN, depth-limited; positions computed lazily.

Signed files are JSON and numerous, so parsing uses the fast standard
library parser; the position table is built by a small scanner only when a
problem in the file needs a line number.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import CredregError, DuplicateJsonKey, InputError, Problem, SourceError
from .source import MAX_JSON_BYTES, DocPath, Position, SourceDocument, check_depth, decode_utf8

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SCALAR = re.compile(r"-?[0-9][0-9eE+.\-]*|true|false|null")
_SPACE = re.compile(r"[ \t\r\n]*")


# One copy of each string met across documents: a registry's awards repeat their contexts, issuer, achievement
# and rubric word for word, and holding 100,000 of them parsed at once is what a check's memory is made of (an
# award's parsed form goes from 16 KB to 6.5). Cleared whenever it passes its size, so it never grows unbounded.
_STRINGS: dict[str, str] = {}
STRINGS_LIMIT = 200_000


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's members as a dict, refusing a repeated key; its keys and strings (also in lists) shared."""
    if len(_STRINGS) > STRINGS_LIMIT:
        _STRINGS.clear()
    shared = _STRINGS.setdefault
    out = {shared(k, k): shared(v, v) if type(v) is str else
           [shared(x, x) if type(x) is str else x for x in v] if type(v) is list else v for k, v in pairs}
    if len(out) == len(pairs):
        return out
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise DuplicateJsonKey(key)
        seen.add(key)
    raise AssertionError("unreachable")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


MAX_INT_DIGITS = 64  # far beyond any index, count or date a registry or credential holds


def _bounded_int(text: str) -> int:
    """A JSON integer, refused past MAX_INT_DIGITS (Python's int() would fail past 4,300 with its own jargon)."""
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"a number has {len(text.lstrip('-')):,} digits; the limit is {MAX_INT_DIGITS}")
    return int(text)


def scan_positions(text: str) -> tuple[dict[DocPath, Position], list[tuple[str, Position]]]:
    """Positions of every value (keys for object members) and the duplicate keys met."""
    positions: dict[DocPath, Position] = {}
    duplicates: list[tuple[str, Position]] = []
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(offset: int) -> Position:
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return Position(lo + 1, offset - line_starts[lo] + 1)

    def skip(i: int) -> int:
        return _SPACE.match(text, i).end()  # type: ignore[union-attr]

    def value(i: int, where: DocPath) -> int:
        i = skip(i)
        positions.setdefault(where, at(i))
        ch = text[i : i + 1]
        if ch == "{":
            i, seen = skip(i + 1), set()
            if text[i : i + 1] == "}":
                return i + 1
            while True:
                m = _STRING.match(text, i)
                if not m:
                    raise ValueError("bad key")
                key = json.loads(m.group())
                if key in seen:
                    duplicates.append((key, at(i)))
                seen.add(key)
                positions[where + (key,)] = at(i)
                i = skip(m.end())
                i = value(i + 1, where + (key,))  # past ':'
                i = skip(i)
                if text[i : i + 1] == "}":
                    return i + 1
                i = skip(i + 1)
        if ch == "[":
            i, index = skip(i + 1), 0
            if text[i : i + 1] == "]":
                return i + 1
            while True:
                i = skip(value(i, where + (index,)))
                index += 1
                if text[i : i + 1] == "]":
                    return i + 1
                i += 1
        m = _STRING.match(text, i) or _SCALAR.match(text, i)
        if not m:
            raise ValueError("bad value")
        return m.end()

    try:
        value(0, ())
    except (ValueError, IndexError, RecursionError):
        pass  # the strict parser reports syntax errors; positions found so far still help
    return positions, duplicates


def load_json(raw: bytes, path: str, depth_checked: bool = False,
              reread: Callable[[], bytes] | None = None) -> SourceDocument:
    """Parse `raw` (the bytes of `path`) into a located document, or raise SourceError; `depth_checked` skips the
    nesting limit, for bytes the caller knows passed it (the check's cache). With `reread`, the document does not
    hold `raw`: a problem's position is found in the bytes `reread` gives back (CredregError: none is found)."""
    text = decode_utf8(raw, path, MAX_JSON_BYTES)
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant,
                          parse_int=_bounded_int)
    except DuplicateJsonKey as dup:
        _, duplicates = scan_positions(text)
        pos = duplicates[0][1] if duplicates else Position(0, 0)
        raise SourceError(Problem(path, pos.line, pos.column, "json-duplicate-key",
                                  f"key '{dup.key}' appears twice in one object",
                                  "keep one of them; JSON readers disagree on which one wins")) from None
    except json.JSONDecodeError as exc:
        raise SourceError(Problem(path, exc.lineno, exc.colno, "json-syntax", f"JSON syntax error: {exc.msg}",
                                  "check commas, quotes and brackets around this position")) from None
    except RecursionError:
        raise SourceError(Problem(path, 1, 1, "too-deep", "values are nested far too deep",
                                  "flatten the structure; no registry format needs this depth")) from None
    except ValueError as exc:
        raise SourceError(Problem(path, 0, 0, "json-syntax", f"JSON error: {exc}",
                                  "write plain JSON numbers, strings and nesting")) from None

    positions = _positions(reread or (lambda: raw), path)
    if not depth_checked:
        check_depth(data, path, lambda where: positions().get(where, Position(1, 1)))
    return SourceDocument(path, data, positions)


def _positions(read: Callable[[], bytes], path: str) -> Callable[[], dict[DocPath, Position]]:
    """The document's position table, scanned from its bytes when first asked for (a closure over `read` only, so
    that a document loaded with `reread` holds no bytes)."""
    @cache
    def positions() -> dict[DocPath, Position]:
        try:
            return scan_positions(decode_utf8(read(), path, MAX_JSON_BYTES))[0]
        except CredregError:  # the file changed or went: the problem is reported without a line
            return {}
    return positions


def read_json(raw: bytes, source: str) -> Any:
    """The data of untrusted JSON bytes (a file handed to verify, a fetched URL, a key file), under the
    same size, depth, duplicate-key and UTF-8 limits as registry files; InputError naming the spot if not."""
    try:
        return load_json(raw, source).data
    except SourceError as exc:
        problem = exc.problem
        raise InputError(f"{problem.where()}: {problem.message}", problem.hint) from None


def read_bounded(path: Path) -> bytes:
    """A file's bytes, reading at most one byte past the JSON limit, so a huge file is refused without reading it all."""
    with path.open("rb") as handle:
        return handle.read(MAX_JSON_BYTES + 1)
