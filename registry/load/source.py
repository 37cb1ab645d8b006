"""Located documents: parsed data plus the file:line:column of every value."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import DocPath, Problem, Severity, SourceError

MAX_YAML_BYTES = 256 * 1024
MAX_JSON_BYTES = 1024 * 1024
MAX_DEPTH = 24


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int
    column: int


@dataclass(frozen=True)
class SourceDocument:
    """A parsed file: `data` is plain JSON-like Python, `locate` maps a path to its position.

    Positions of mapping members point at the key, so an error about a value
    whose block starts on the next line still names the line a person reads.
    """

    path: str
    data: Any
    _locator: Callable[[], Mapping[DocPath, Position]] = field(repr=False, compare=False)

    def locate(self, doc_path: Sequence[str | int] = ()) -> Position:
        """The position of `doc_path`, or of its nearest located ancestor."""
        positions = self._locator()
        key = tuple(doc_path)
        while key:
            if key in positions:
                return positions[key]
            key = key[:-1]
        return positions.get((), Position(1, 1))

    def problem(
        self,
        code: str,
        message: str,
        hint: str = "",
        doc_path: Sequence[str | int] = (),
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        """A problem located at `doc_path` in this document."""
        pos = self.locate(doc_path)
        return Problem(self.path, pos.line, pos.column, code, message, hint, severity)


def decode_utf8(raw: bytes, path: str, limit: int) -> str:
    """Bytes to text: size-limited, strict UTF-8, no BOM games, no NUL characters."""
    if len(raw) > limit:
        raise SourceError(Problem(path, 0, 0, "file-too-large",
                                  f"file is {len(raw):,} bytes; the limit for this kind of file is {limit:,}",
                                  "split the content or shorten it; registry files are small by design"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(Problem(path, line, column, "not-utf8",
                                  f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                                  "save the file as UTF-8")) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise SourceError(Problem(path, line, nul - text.rfind("\n", 0, nul), "control-character",
                                  "file contains a NUL character", "remove it; registry files are text"))
    return text


def _too_deep(data: Any) -> bool:
    """Whether any value sits more than MAX_DEPTH levels deep: a non-empty container at MAX_DEPTH or below."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        if depth >= MAX_DEPTH and children:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def check_depth(data: Any, path: str, locate: Callable[[DocPath], Position]) -> None:
    """Refuse documents nested deeper than MAX_DEPTH (cheap guard against resource abuse)."""
    if not isinstance(data, (dict, list)) or not _too_deep(data):
        return  # the common case, without building a path for every value; else find the first one as before
    stack: list[tuple[Any, DocPath]] = [(data, ())]
    while stack:
        value, where = stack.pop()
        if len(where) > MAX_DEPTH:
            pos = locate(where)
            raise SourceError(Problem(path, pos.line, pos.column, "too-deep",
                                      f"values are nested more than {MAX_DEPTH} levels deep",
                                      "flatten the structure; no registry format needs this depth"))
        if isinstance(value, dict):
            stack.extend((v, where + (k,)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, where + (i,)) for i, v in enumerate(value))
