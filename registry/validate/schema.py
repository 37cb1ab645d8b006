"""JSON Schema validation of source files, turned into located problems in the user's words."""
from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator

from ..errors import Problem
from ..layout import FileKind
from ..load.source import SourceDocument

_SCHEMA_FILES = {
    FileKind.ISSUER: "issuer.schema.json",
    FileKind.BADGE: "badge.schema.json",
    FileKind.RUBRIC: "rubric.schema.json",
    FileKind.REVOCATIONS: "revocations.schema.json",
    FileKind.REGISTRY: "registry.schema.json",
}


@cache
def schema_for(kind: FileKind) -> dict[str, Any]:
    """The JSON Schema shipped in the package for a source file kind."""
    text = resources.files("registry.schemas").joinpath(_SCHEMA_FILES[kind]).read_text("utf-8")
    return json.loads(text)


@cache
def _validator(kind: FileKind) -> Draft202012Validator:
    return Draft202012Validator(schema_for(kind))


def _leaf_errors(error: jsonschema.ValidationError) -> Iterator[jsonschema.ValidationError]:
    """The most specific errors: descend into anyOf/oneOf contexts to say what really failed."""
    if error.context:
        best = jsonschema.exceptions.best_match(error.context)
        yield from _leaf_errors(best)
    else:
        yield error


def _field_name(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path) or "the file"


_TYPE_WORDS = {"str": "text", "int": "a number", "float": "a number", "bool": "true/false",
               "list": "a list", "dict": "a mapping of fields", "NoneType": "empty"}


# Fields of earlier versions, with what replaced them.
RETIRED = {
    "accredits": "accreditations are now signed endorsements: the accreditor signs each one with "
                 "`credreg endorse <issuer>/<badge>` (see the README, 'Endorsements'); remove this list",
    "acceptsAccreditationFrom": "it is now acceptsEndorsementFrom (accreditors and partner issuers alike): rename it",
}


def _unknown_fields(error: jsonschema.ValidationError, doc: SourceDocument) -> list[Problem]:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    allowed = sorted(schema.get("properties", {}))
    problems = []
    instance = error.instance if isinstance(error.instance, dict) else {}
    for name in sorted(set(instance) - set(allowed)):
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = RETIRED.get(name) or (f"did you mean '{close[0]}'?" if close
                                     else f"allowed fields here: {', '.join(allowed)}")
        problems.append(doc.problem("unknown-field", f"unknown field '{name}' in {_field_name(path)}",
                                    hint, path + (name,)))
    return problems


def _describe(error: jsonschema.ValidationError, doc: SourceDocument) -> Problem:
    path = tuple(error.absolute_path)
    where = _field_name(path)
    validator = error.validator
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return doc.problem("missing-field", f"required field '{missing}' is missing in {where}",
                           f"add '{missing}:'; see the README's reference for this file", path)
    if validator == "type":
        expected = error.validator_value
        got = _TYPE_WORDS.get(type(error.instance).__name__, type(error.instance).__name__)
        return doc.problem("wrong-type", f"{where} must be {_article(expected)}, not {got}",
                           "quote text values; write numbers and true/false without quotes", path)
    if validator in ("enum", "const"):
        value: Any = error.validator_value
        options = list(value) if validator == "enum" else [value]
        return doc.problem("bad-value", f"{where} is {json.dumps(error.instance)}; allowed: "
                           + ", ".join(str(o) for o in options), "use one of the allowed values", path)
    if validator == "pattern":
        return _pattern_problem(doc, path, where, error)
    if validator in ("minLength", "minItems", "minProperties"):
        return doc.problem("empty-value", f"{where} is empty", "fill it in or remove the field", path)
    if validator in ("maxLength", "maxItems"):
        return doc.problem("too-long", f"{where} is longer than the limit of {error.validator_value}",
                           "shorten it", path)
    if validator == "uniqueItems":
        return doc.problem("duplicate-item", f"{where} lists the same item twice", "remove the repeat", path)
    if validator == "dependentRequired":
        return doc.problem("missing-field", f"{where}: {error.message}", "add the field it depends on", path)
    if validator in ("minimum", "maximum"):
        return doc.problem("out-of-range", f"{where} is {error.instance}; {error.message.split(' is ', 1)[-1]}",
                           "use a value inside the allowed range", path)
    return doc.problem("schema", f"{where}: {error.message}", "see the README's reference for this file", path)


def _article(kind: Any) -> str:
    names = {"string": "text", "integer": "a whole number", "object": "a mapping of fields",
             "array": "a list", "boolean": "true or false", "number": "a number"}
    if isinstance(kind, list):
        return " or ".join(names.get(str(k), str(k)) for k in kind)
    return names.get(kind, str(kind))


def _pattern_problem(doc: SourceDocument, path: tuple[Any, ...], where: str,
                     error: jsonschema.ValidationError) -> Problem:
    pattern = str(error.validator_value)
    value = str(error.instance)
    if pattern.startswith("^https://"):
        return doc.problem("non-https-url", f"{where} must be an https:// URL, not {value[:80]!r}",
                           "use https://; other schemes (http, javascript, data) are refused", path)
    if pattern.startswith("^[a-z0-9](?:[a-z0-9-]"):
        return doc.problem("bad-id", f"{where} {value[:80]!r} is not a valid id",
                           "use lower-case letters, digits and inner hyphens only (a-z, 0-9, -)", path)
    if "\\d{4}-\\d{2}-\\d{2}T" in pattern:
        return doc.problem("bad-date", f"{where} {value[:80]!r} is not a date and time",
                           "write it like 2026-01-15T09:00:00Z", path)
    if "\\d{4}-\\d{2}-\\d{2}" in pattern:
        return doc.problem("bad-date", f"{where} {value[:80]!r} is not a date",
                           "write it like 2026-01-15", path)
    description = ""
    node: Any = error.schema
    if isinstance(node, dict):
        description = node.get("description", "")
    return doc.problem("bad-format", f"{where} {value[:80]!r} is not in the expected form",
                       description or f"it must match {pattern}", path)


def schema_problems(doc: SourceDocument, kind: FileKind) -> list[Problem]:
    """Every schema violation of `doc`, located and explained, in file order."""
    errors = _validator(kind).iter_errors(doc.data)
    problems: list[Problem] = []
    for error in errors:
        for leaf in _leaf_errors(error):
            if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
                problems.extend(_unknown_fields(leaf, doc))
            else:
                problems.append(_describe(leaf, doc))
    return sorted(set(problems))
