"""Safe YAML: one document, no tags, anchors or aliases, no duplicate keys, strings stay strings.

Built straight from the parser's events (libyaml when available), so no
constructor ever runs and every value keeps its position. Plain scalars
resolve by a small YAML 1.2 core subset: `true`/`false`, `null`/`~`/empty and
decimal integers; everything else (`no`, `1.10`, `2026-01-01`) stays a string.
"""
from __future__ import annotations

import re
from typing import Any

import yaml

from ..errors import Problem, SourceError
from .source import MAX_DEPTH, MAX_YAML_BYTES, DocPath, Position, SourceDocument, decode_utf8
from .yaml_errors import describe

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_NULLS = {"", "~", "null"}
_BOOLS = {"true": True, "false": False}


def _pos(event: Any) -> Position:
    return Position(event.start_mark.line + 1, event.start_mark.column + 1)


def _plain(value: str) -> Any:
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.match(value):
        return int(value)
    return value


class _Builder:
    """Turns a stream of parser events into data plus a position table."""

    def __init__(self, path: str, events: Any) -> None:
        self.path = path
        self.events = events
        self.positions: dict[DocPath, Position] = {}

    def fail(self, event: Any, code: str, message: str, hint: str) -> SourceError:
        pos = _pos(event)
        return SourceError(Problem(self.path, pos.line, pos.column, code, message, hint))

    def refuse_extras(self, event: Any) -> None:
        if isinstance(event, yaml.AliasEvent):
            raise self.fail(event, "yaml-alias", f"alias '*{event.anchor}' is not allowed",
                            "write the value out in full; anchors and aliases are refused")
        if getattr(event, "anchor", None):
            raise self.fail(event, "yaml-anchor", f"anchor '&{event.anchor}' is not allowed",
                            "remove the anchor and write each value out in full")
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            raise self.fail(event, "yaml-tag", f"tag '{tag}' is not allowed",
                            "remove the tag; quote the value if it must be a string")

    def value(self, event: Any, where: DocPath) -> Any:
        self.refuse_extras(event)
        if len(where) > MAX_DEPTH:
            raise self.fail(event, "too-deep", f"values are nested more than {MAX_DEPTH} levels deep",
                            "flatten the structure; no registry format needs this depth")
        if isinstance(event, yaml.ScalarEvent):
            if where not in self.positions:
                self.positions[where] = _pos(event)
            return _plain(event.value) if event.style in (None, "") else event.value
        if where not in self.positions:
            self.positions[where] = _pos(event)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            for ev in self.events:
                if isinstance(ev, yaml.SequenceEndEvent):
                    return items
                items.append(self.value(ev, where + (len(items),)))
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            for ev in self.events:
                if isinstance(ev, yaml.MappingEndEvent):
                    return mapping
                self.refuse_extras(ev)
                if not isinstance(ev, yaml.ScalarEvent):
                    raise self.fail(ev, "yaml-complex-key", "a mapping key must be a plain string",
                                    "use a simple `name:` key")
                key = ev.value
                if key in mapping:
                    first = self.positions[where + (key,)]
                    raise self.fail(ev, "yaml-duplicate-key",
                                    f"key '{key}' appears twice (first on line {first.line})",
                                    "keep one of them; YAML would silently keep only the last")
                self.positions[where + (key,)] = _pos(ev)
                mapping[key] = self.value(next(self.events), where + (key,))
        raise self.fail(event, "yaml-syntax", "unexpected YAML structure", "check the indentation")


def load_yaml(raw: bytes, path: str) -> SourceDocument:
    """Parse `raw` (the bytes of `path`) into a located document, or raise SourceError."""
    text = decode_utf8(raw, path, MAX_YAML_BYTES)
    try:
        events = iter(list(yaml.parse(text, Loader=_Loader)))
    except yaml.YAMLError as exc:
        slip = describe(exc, text)
        raise SourceError(Problem(path, slip.line, slip.column, "yaml-syntax", slip.message, slip.hint)) from None
    builder = _Builder(path, events)
    next(events)  # StreamStart
    first = next(events)
    if isinstance(first, yaml.StreamEndEvent):
        data: Any = None
        builder.positions[()] = Position(1, 1)
    else:
        data = builder.value(next(events), ())
        next(events)  # DocumentEnd
        extra = next(events)
        if not isinstance(extra, yaml.StreamEndEvent):
            raise builder.fail(extra, "yaml-multiple-documents", "the file holds more than one YAML document",
                               "remove the `---` separator and everything after it")
    positions = builder.positions
    return SourceDocument(path, data, lambda: positions)
