"""YAML syntax errors in plain words, at the slip rather than where the parser gave up.

PyYAML (libyaml or the pure-Python scanner, whose wording differs) often notices a slip far from it:
a quote never closed is reported at the end of the file, a `[` never closed at the next key. `describe`
turns any `yaml.YAMLError` into a `Slip`: the 1-based line and column a person should look at, what is
wrong and how to fix it. It reads the parser's marks and, where they point past the slip, the tokens
before the error. It never raises: an error it does not know keeps the parser's own words.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import CredregError

_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_FLOW_OPEN = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)
_FLOW_CLOSE = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)
_CLOSER = {"[": "]", "{": "}"}
_SCANNER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
GENERIC_HINT = "check indentation, colons and quotes around this line"


@dataclass(frozen=True)
class Slip:
    """Where a YAML syntax error is (1-based; line 0 = unknown) and what it is, in plain words."""

    line: int
    column: int
    message: str
    hint: str


@dataclass(frozen=True)
class _At:
    """A 0-based position in the text, as PyYAML's marks carry it."""

    line: int
    column: int

    def slip(self, message: str, hint: str) -> Slip:
        """A Slip at this position, made 1-based like every problem's."""
        return Slip(self.line + 1, self.column + 1, message, hint)


def describe(exc: yaml.YAMLError, text: str) -> Slip:
    """Where and what the syntax error `exc`, raised while parsing `text`, is; never raises."""
    try:
        return _describe(exc, text)
    except Exception:  # noqa: BLE001 (a diagnosis must never hide the error it explains)
        return _fallback(exc)


def yaml_error(shown: str, exc: yaml.YAMLError, text: str) -> CredregError:
    """The error to raise for a settings file (`shown` in messages) whose `text` does not parse."""
    slip = describe(exc, text)
    where = f" at line {slip.line}, column {slip.column}" if slip.line else ""
    return CredregError(f"{shown} is not valid YAML{where}: {slip.message}", slip.hint)


def _describe(exc: yaml.YAMLError, text: str) -> Slip:
    """The plain-words Slip for `exc`: the first rule that recognises it, else the parser's own words."""
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader(exc, text)
    if not isinstance(exc, yaml.MarkedYAMLError) or exc.problem_mark is None:
        return _fallback(exc)
    lines = _BREAK.split(text)
    problem = _at(exc.problem_mark)
    context = _at(exc.context_mark) if exc.context_mark is not None else None
    return (_by_marks(exc, lines, problem, context) or _by_tokens(exc, text, lines, problem, context)
            or _fallback(exc))


def _by_marks(exc: yaml.MarkedYAMLError, lines: list[str], problem: _At, context: _At | None) -> Slip | None:
    """Slips the parser's words and marks name well enough: tabs, unclosed quotes, escapes, stray characters."""
    words, where = exc.problem or "", exc.context or ""
    found = _char(lines, problem)
    if found == "\t" or "tab character" in words:
        return _tab(lines, problem)
    if "quoted scalar" in where and "end of stream" in words and context is not None:
        return _unclosed_quote(_char(lines, context), context)
    if "unknown escape" in words:
        return _bad_escape(lines, problem)
    if "cannot start any token" in words and found:
        return problem.slip(f"a value cannot start with '{found}'", f'put the value in quotes: "{found}…"')
    if "simple key" in where and context is not None:
        return _glued(lines, context) or context.slip(
            "this line has no ':' after its key",
            "write 'key: value', or indent the line if it continues the text above it")
    return None


def _by_tokens(exc: yaml.MarkedYAMLError, text: str, lines: list[str], problem: _At,
               context: _At | None) -> Slip | None:
    """Slips found by looking at the tokens before the error: a stray colon, a runaway quote, an open bracket."""
    before, flow = _before(text, problem)
    if "mapping values are not allowed" in (exc.problem or ""):
        return _colon(lines, problem, before)
    if isinstance(exc, yaml.parser.ParserError):
        return _parser(lines, problem, context, exc.context or "", exc.problem or "", before, flow)
    return None


def _at(mark: Any) -> _At:
    """A mark's position (C and Python marks alike)."""
    return _At(mark.line, mark.column)


def _char(lines: list[str], at: _At) -> str:
    """The character at `at`, or "" past the end of its line or the text."""
    line = lines[at.line] if 0 <= at.line < len(lines) else ""
    return line[at.column] if 0 <= at.column < len(line) else ""


def _fallback(exc: yaml.YAMLError) -> Slip:
    """The parser's own words at its own mark, for an error no rule here recognises."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    what = getattr(exc, "problem", None) or "the file is not valid YAML"
    if mark is None:
        return Slip(0, 0, f"YAML syntax error: {what}", "check the file is plain YAML")
    return _at(mark).slip(f"YAML syntax error: {what}", GENERIC_HINT)


def _reader(exc: yaml.reader.ReaderError, text: str) -> Slip:
    """A character YAML does not allow (a control character), at its line and column."""
    index = max(0, min(exc.position, len(text)))
    line = len(_BREAK.findall(text, 0, index))
    start = max((m.end() for m in _BREAK.finditer(text, 0, index)), default=0)
    code = f"U+{ord(text[index]):04X}" if index < len(text) else "a control character"
    return _At(line, index - start).slip(f"the character {code} is not allowed in YAML text",
                                         "remove it; write it as an escape (\\u....) inside double quotes if needed")


def _tab(lines: list[str], at: _At) -> Slip:
    """A tab: in the indentation YAML forbids it; after `:` or `-` the Python scanner refuses it too."""
    line = lines[at.line] if 0 <= at.line < len(lines) else ""
    column = at.column if _char(lines, at) == "\t" else max(line.find("\t"), 0)
    where = _At(at.line, column)
    if line[:column].strip(" \t"):
        return where.slip("a tab character is used where YAML needs a space", "replace the tab with a space")
    return where.slip("a tab character is used for indentation; YAML allows only spaces",
                      "replace the tab with spaces")


def _unclosed_quote(quote: str, at: _At) -> Slip:
    """A quoted value whose closing quote never comes: reported where it opens."""
    quote = quote if quote in "\"'" and quote else '"'
    return at.slip("this quoted text is never closed",
                   f"close the quote with {quote} on the same line, or use a block scalar (|) for several lines")


def _bad_escape(lines: list[str], at: _At) -> Slip:
    """A backslash in double quotes followed by a letter YAML does not know, at the backslash."""
    if _char(lines, at) != "\\" and _char(lines, _At(at.line, at.column - 1)) == "\\":
        at = _At(at.line, at.column - 1)
    escape = "\\" + _char(lines, _At(at.line, at.column + 1))
    return at.slip(f"'{escape}' is not an escape YAML knows in double-quoted text",
                   "write \\\\ for a backslash, or put the value in single quotes")


def _tokens(text: str, before: _At) -> Iterator[Any]:
    """The tokens that start before `before` (libyaml's scanner when available); stops where the scanner fails."""
    try:
        for token in yaml.scan(text, Loader=_SCANNER):
            if (token.start_mark.line, token.start_mark.column) >= (before.line, before.column):
                return
            yield token
    except yaml.YAMLError:
        return


def _before(text: str, at: _At) -> tuple[Any, Any]:
    """The last scalar, indicator or bracket token before `at`, and the innermost `[` or `{` still open there."""
    last, opened = None, []
    for token in _tokens(text, at):
        if isinstance(token, _FLOW_OPEN):
            opened.append(token)
        elif isinstance(token, _FLOW_CLOSE) and opened:
            opened.pop()
        if not isinstance(token, (yaml.BlockEndToken, yaml.StreamStartToken)):
            last = token
    return last, opened[-1] if opened else None


def _colon(lines: list[str], at: _At, before: Any) -> Slip:
    """A `:` where no key can start: a second one on a line, or one after a value running on from above."""
    if isinstance(before, yaml.ScalarToken) and before.plain and before.start_mark.line < at.line:
        glued = _glued(lines, _at(before.start_mark))
        if glued:
            return glued
        return at.slip("this line is read as more of the value above it, so its ':' cannot start a key",
                       "indent this key like the keys beside it, or quote the value above it")
    return at.slip("a value cannot hold ': ' unless it is quoted (this reads as a second key on the line)",
                   "put the value in quotes, e.g. name: \"a: b\"")


def _glued(lines: list[str], start: _At) -> Slip | None:
    """A `key:value` with no space after the colon on the line of `start`, or None."""
    line = lines[start.line] if start.line < len(lines) else ""
    glued = re.match(r"[^\s:#'\"][^:\s]*(:)(?=[^\s:/])", line[start.column:])
    if glued is None or line[:start.column].strip() not in ("", "-"):  # only where a key can start
        return None
    key = glued.group(0)[:-1]
    return _At(start.line, start.column + glued.start(1)).slip(
        "a ':' must be followed by a space to start a value", f"write '{key}: …' with a space after the colon")


def _parser(lines: list[str], problem: _At, context: _At | None, where: str, words: str,
            before: Any, flow: Any) -> Slip:
    """A ParserError: text after a closing quote, an unclosed quote or bracket, or a line out of indentation."""
    if isinstance(before, yaml.ScalarToken) and before.style in ("'", '"'):
        opened = _at(before.start_mark)
        if before.end_mark.line > opened.line:
            return _unclosed_quote(before.style, opened)
        if before.end_mark.line == problem.line:
            return problem.slip("there is text after the closing quote",
                                "put the whole value inside the quotes, or remove them")
    if flow is not None:
        opener = _at(flow.start_mark)
        bracket = _char(lines, opener) or "["
        closer = _CLOSER.get(bracket, "]")
        if problem.line > opener.line or "stream end" in words or _at_end(lines, problem):
            kind = "list" if bracket == "[" else "mapping"
            return opener.slip(f"this '{bracket}' is never closed",
                               f"close the {kind} with {closer}, and separate its items with commas")
        return problem.slip(f"unexpected text inside the {bracket} {closer} brackets",
                            "separate items with commas, and quote an item that holds ': ' or other punctuation")
    if "block" in where and context is not None:
        return _indentation(lines, problem, context)
    return problem.slip(f"YAML syntax error: {words or 'the file is not valid YAML'}", GENERIC_HINT)


def _at_end(lines: list[str], at: _At) -> bool:
    """Whether only blank lines follow `at` (the parser reached the end of the text)."""
    rest = [lines[at.line][at.column:]] if at.line < len(lines) else []
    return not "".join(rest + lines[at.line + 1:]).strip()


def _indentation(lines: list[str], problem: _At, context: _At) -> Slip:
    """A line (or a value's tail) that does not fit the block mapping or list it sits in."""
    line = lines[problem.line] if problem.line < len(lines) else ""
    if line[:problem.column].strip():
        return problem.slip("unexpected text after the value on this line",
                            "quote the whole value, or move the rest to a line of its own")
    if line[problem.column:problem.column + 2].rstrip() in ("-", "- "):
        return problem.slip(f"this list item is not indented like the block that starts on line {context.line + 1}",
                            "start each item with '- ' at the same indentation as the others")
    block = f" of the block that starts on line {context.line + 1}" if context.line < problem.line else " around it"
    return problem.slip(f"this line is not indented like the keys{block}",
                        "indent it with the same number of spaces as the key it belongs beside")
