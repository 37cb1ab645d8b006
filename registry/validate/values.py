"""Checks of single values that JSON Schema cannot express: real dates, keys that decode, safe text."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from functools import cache
from typing import Any

from ..errors import Problem
from ..layout import FileKind
from ..load.source import DocPath, SourceDocument
from ..ob3.document import own_text
from .names import describe_char, invisible_chars
from .schema import schema_for

# Fields whose text may span lines (Markdown); every other string is one line.
MULTILINE_FIELDS = frozenset({"description", "narrative", "changes", "note", "reason", "endorsementComment"})


def _parse(doc: SourceDocument, path: DocPath, problems: list[Problem], parse: Callable[[str], Any],
           what: str, hint: str) -> Any:
    value = _get(doc.data, path)
    if value is None:
        return None
    try:
        return parse(value)
    except ValueError:
        problems.append(doc.problem("bad-date", f"{field_name(path)} {value!r} is not a real {what}", hint, path))
        return None


def parse_date(doc: SourceDocument, path: DocPath, problems: list[Problem]) -> date | None:
    """A YYYY-MM-DD string (already schema-checked) as a date, or a problem if no such day exists."""
    return _parse(doc, path, problems, date.fromisoformat, "calendar date", "check the month and day")


def parse_datetime(doc: SourceDocument, path: DocPath, problems: list[Problem]) -> datetime | None:
    """An ISO date-time with zone (already schema-checked) as an aware datetime, or a problem."""
    return _parse(doc, path, problems, datetime.fromisoformat, "date and time",
                  "check the month, day and time")


HIDDEN_WHY = "hidden and direction-changing characters can make text read differently than it is"


def text_problems(doc: SourceDocument) -> list[Problem]:
    """Invisible, bidi and control characters in any text of a source file (keys included)."""
    return [doc.problem("hidden-character", message, f"delete it; {HIDDEN_WHY}", path)
            for path, message in _hidden(doc.data, ())]


def hidden_character(text: str, path: DocPath) -> str | None:
    """What is wrong if `text`, found at `path`, holds a hidden character; None if it is clean.

    The one rule for every text of the registry: YAML files, and the free text signed awards carry.
    Tab and newline pass only in fields whose text may span lines (`MULTILINE_FIELDS`).
    """
    multiline = bool(path) and path[-1] in MULTILINE_FIELDS
    found = invisible_chars(text, multiline=multiline)
    if not found:
        return None
    offset, _ = found[0]
    return f"{field_name(path)} contains the hidden character {describe_char(text[offset])} at position {offset + 1}"


def too_long(text: str, path: DocPath, limit: int) -> str | None:
    """What is wrong if `text` is longer than `limit` characters (worded as the YAML formats' length limits)."""
    return f"{field_name(path)} is longer than the limit of {limit}" if len(text) > limit else None


@cache
def free_text_limits() -> Mapping[str, int]:
    """Length limits for free text outside the YAML formats (e.g. in signed awards), by the field's name.

    They are the YAML formats' own: a name as long as a badge name, a description or narrative as long
    as a badge's; any other text (an id, a URL, a label) as long as a badge's criteria URL.
    """
    badge = schema_for(FileKind.BADGE)["properties"]
    return {"name": badge["name"]["maxLength"], "description": badge["description"]["maxLength"],
            "narrative": badge["criteria"]["properties"]["narrative"]["maxLength"],
            "": badge["criteria"]["properties"]["url"]["maxLength"]}


def text_findings(text: str, path: DocPath, limit: int) -> Iterator[tuple[str, str]]:
    """(code, message) for one text, found at `path`, that breaks the rules for text: `hidden-character`,
    then `too-long`; what the check says of it, so a command can refuse a value before writing it."""
    hidden = hidden_character(text, path)
    if hidden:
        yield "hidden-character", hidden
    long = too_long(text, path, limit)
    if long:
        yield "too-long", long


def free_text_findings(value: Any, path: DocPath) -> Iterator[tuple[str, DocPath, str]]:
    """(code, path, message) for every text in `value` (keys included) that breaks the rules for text:
    `hidden-character`, then `too-long` (limits of `free_text_limits`, by the name of the field)."""
    limits = free_text_limits()
    for where, text in _strings(value, path):
        name = where[-1] if where and isinstance(where[-1], str) else ""
        for code, message in text_findings(text, where, limits.get(name, limits[""])):
            yield code, where, message


def _hidden(value: Any, path: DocPath) -> Iterator[tuple[DocPath, str]]:
    for where, text in _strings(value, path):
        message = hidden_character(text, where)
        if message:
            yield where, message


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


def field_name(path: DocPath) -> str:
    """A path inside a document as messages write it: `skills.0.name`."""
    return ".".join(str(p) for p in path)


def award_text_findings(credential: Mapping[str, Any]) -> Iterator[tuple[str, DocPath, str]]:
    """(code, path, message) for the award's own text that breaks the rules every registry text obeys."""
    for path, value in own_text(credential):
        yield from free_text_findings(value, path)


