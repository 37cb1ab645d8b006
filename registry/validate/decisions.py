"""`registry.yaml`: the registry maintainers' decisions. For now only the accepted name exceptions.

The file is optional: without it no name exception is accepted. It is checked like every source file
(safe YAML, JSON Schema, hidden characters); an exception naming an issuer that does not exist is a
`dangling-ref`, and one pairing an issuer with itself a `bad-ref`.
"""
from __future__ import annotations

from collections.abc import Set

from ..errors import Problem, Severity
from ..layout import REGISTRY_FILE, FileKind
from ..load.source import SourceError
from ..load.yaml_source import load_yaml
from ..model import NameException
from .schema import schema_problems
from .values import text_problems


def name_exceptions(raw: bytes | None, issuer_ids: Set[str]) -> tuple[tuple[NameException, ...], list[Problem]]:
    """The name exceptions `registry.yaml` accepts (`raw` is its content, None when absent), and its problems.

    `issuer_ids` are the issuers that have a profile. A file with errors accepts nothing.
    """
    if raw is None:
        return (), []
    try:
        doc = load_yaml(raw, REGISTRY_FILE)
    except SourceError as exc:
        return (), [exc.problem]
    if doc.data is None:  # only comments: no decisions yet
        return (), []
    problems = schema_problems(doc, FileKind.REGISTRY) + text_problems(doc)
    if any(p.severity is Severity.ERROR for p in problems):
        return (), problems
    found = []
    for index, entry in enumerate(doc.data.get("nameExceptions", [])):
        ok = True
        for field in ("issuer", "resembles"):
            if entry[field] not in issuer_ids:
                ok = False
                problems.append(doc.problem(
                    "dangling-ref", f"nameExceptions.{index}.{field}: no issuer {entry[field]!r} exists",
                    "name issuers by their folder name under issuers/, or remove the exception",
                    ("nameExceptions", index, field)))
        if ok and entry["issuer"] == entry["resembles"]:
            ok = False
            problems.append(doc.problem(
                "bad-ref", f"nameExceptions.{index} pairs issuer {entry['issuer']!r} with itself",
                "an exception names two different issuers whose names may resemble each other",
                ("nameExceptions", index, "resembles")))
        if ok:
            found.append(NameException(entry["issuer"], entry["resembles"], entry["reason"]))
    return tuple(found), problems
