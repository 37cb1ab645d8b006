"""Edit the `keys:` list of an issuer.yaml as text, so the issuer's comments and layout survive.

Every edit is re-parsed and schema-checked before it is written; a result that
would not load is refused and the file stays as it was.
"""
from __future__ import annotations

import json
from collections.abc import Mapping

from ..errors import CredregError
from ..layout import FileKind
from ..load.source import SourceDocument, SourceError
from ..load.yaml_source import load_yaml
from ..validate.schema import schema_problems


def _scalar(value: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def parse_checked(text: str, path: str) -> SourceDocument:
    """Parse an issuer.yaml text and schema-check it; raise CredregError naming the first problem."""
    try:
        doc = load_yaml(text.encode("utf-8"), path)
    except SourceError as exc:
        p = exc.problem
        raise CredregError(f"{p.where()}: {p.message}", p.hint) from None
    problems = schema_problems(doc, FileKind.ISSUER)
    if problems:
        p = problems[0]
        raise CredregError(f"{p.where()}: {p.message}", p.hint or "fix the file, then run the command again")
    return doc


def _block_end(lines: list[str], start: int) -> int:
    """Index after the last line of the block that starts at `start` (a top-level key)."""
    end = start + 1
    last = start + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and not line.startswith((" ", "-", "#")):
            break
        if line.strip() and not line.lstrip().startswith("#"):
            last = end + 1
        end += 1
    return last


def add_key(text: str, path: str, entry: Mapping[str, str]) -> str:
    """`text` with `entry` appended to its top-level `keys:` list."""
    doc = parse_checked(text, path)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    item = ["  - " + f"{k}: {_scalar(v)}\n" if i == 0 else f"    {k}: {_scalar(v)}\n"
            for i, (k, v) in enumerate(entry.items())]
    if "keys" not in doc.data:
        new = lines + ["keys:\n"] + item
    else:
        at = doc.locate(("keys",)).line - 1
        if doc.data["keys"]:
            end = _block_end(lines, at)
            new = lines[:end] + item + lines[end:]
        else:
            new = lines[:at] + ["keys:\n"] + item + lines[at + 1:]
    result = "".join(new)
    parse_checked(result, path)
    return result


def set_key_fields(text: str, path: str, key_id: str, fields: Mapping[str, str]) -> str:
    """`text` with `fields` added to the key `key_id` (fields it already has are refused)."""
    doc = parse_checked(text, path)
    keys = doc.data.get("keys", [])
    index = next((i for i, k in enumerate(keys) if k.get("id") == key_id), None)
    if index is None:
        known = ", ".join(k["id"] for k in keys) or "none"
        raise CredregError(f"{path}: no key {key_id!r}", f"known keys: {known}")
    for name in fields:
        if name in keys[index]:
            raise CredregError(f"{path}: key {key_id!r} already has {name} {keys[index][name]!r}",
                               "a key's history is never rewritten; rotate to a new key instead")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    last_line = max(doc.locate(("keys", index, name)).line for name in keys[index])
    indent = doc.locate(("keys", index, "validFrom")).column - 1
    new_lines = [" " * indent + f"{k}: {_scalar(v)}\n" for k, v in fields.items()]
    result = "".join(lines[:last_line] + new_lines + lines[last_line:])
    parse_checked(result, path)
    return result
