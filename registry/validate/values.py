"""Checks of single values that JSON Schema cannot express: real dates, keys that decode, safe text."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from ..errors import Problem
from ..load.source import DocPath, SourceDocument
from .names import describe_char, invisible_chars

# Fields whose text may span lines (Markdown); every other string is one line.
MULTILINE_FIELDS = frozenset({"description", "narrative", "changes", "note", "reason"})


def _parse(doc: SourceDocument, path: DocPath, problems: list[Problem], parse: Callable[[str], Any],
           what: str, hint: str) -> Any:
    value = _get(doc.data, path)
    if value is None:
        return None
    try:
        return parse(value)
    except ValueError:
        problems.append(doc.problem("bad-date", f"{_name(path)} {value!r} is not a real {what}", hint, path))
        return None


def parse_date(doc: SourceDocument, path: DocPath, problems: list[Problem]) -> date | None:
    """A YYYY-MM-DD string (already schema-checked) as a date, or a problem if no such day exists."""
    return _parse(doc, path, problems, date.fromisoformat, "calendar date", "check the month and day")


def parse_datetime(doc: SourceDocument, path: DocPath, problems: list[Problem]) -> datetime | None:
    """An ISO date-time with zone (already schema-checked) as an aware datetime, or a problem."""
    return _parse(doc, path, problems, datetime.fromisoformat, "date and time",
                  "check the month, day and time")


def text_problems(doc: SourceDocument) -> list[Problem]:
    """Invisible, bidi and control characters in any text of a source file (keys included)."""
    problems = []
    for path, text in _strings(doc.data, ()):
        multiline = bool(path) and path[-1] in MULTILINE_FIELDS
        found = invisible_chars(text, multiline=multiline)
        if found:
            offset, _ = found[0]
            problems.append(doc.problem(
                "hidden-character",
                f"{_name(path)} contains the hidden character {describe_char(text[offset])} at position {offset + 1}",
                "delete it; hidden and direction-changing characters can make text read differently than it is",
                path))
    return problems


def _strings(value: Any, path: DocPath) -> Iterator[tuple[DocPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield path + (key,), key
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


def _get(data: Any, path: DocPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _name(path: DocPath) -> str:
    return ".".join(str(p) for p in path)
