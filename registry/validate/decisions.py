"""`registry.yaml`: the registry maintainers' decisions: who they are, the admission policy, name exceptions.

The file is optional: without it the registry has no maintainers (so `credreg review` admits nothing
that needs one) and accepts no name exception. It is checked like every source file (safe YAML, JSON
Schema, hidden characters); an exception naming an issuer that does not exist is a `dangling-ref`,
one pairing an issuer with itself a `bad-ref`, and a GitHub id listed twice a `duplicate-id`.
"""
from __future__ import annotations

from collections.abc import Set

from ..errors import Problem, Severity
from ..layout import REGISTRY_FILE, FileKind
from ..load.source import SourceDocument, SourceError
from ..load.yaml_source import load_yaml
from ..model import Admission, Decisions, Maintainer, NameException
from .placeholders import maintainer_placeholders
from .schema import schema_problems
from .values import text_problems


def read_decisions(raw: bytes | None, issuer_ids: Set[str]) -> tuple[Decisions, list[Problem]]:
    """What `registry.yaml` decides (`raw` is its content, None when absent), and its problems.

    `issuer_ids` are the issuers that have a profile. A file with errors decides nothing.
    """
    if raw is None:
        return Decisions(), []
    try:
        doc = load_yaml(raw, REGISTRY_FILE)
    except SourceError as exc:
        return Decisions(), [exc.problem]
    if doc.data is None:  # only comments: no decisions yet
        return Decisions(), []
    problems = schema_problems(doc, FileKind.REGISTRY) + text_problems(doc) + maintainer_placeholders(doc)
    if any(p.severity is Severity.ERROR for p in problems):
        return Decisions(), problems
    maintainers, seen = [], set()
    for index, entry in enumerate(doc.data.get("maintainers", [])):
        if entry["id"] in seen:
            problems.append(doc.problem("duplicate-id", f"maintainers.{index}: GitHub id {entry['id']} is listed twice",
                                        "list each maintainer once", ("maintainers", index, "id")))
        seen.add(entry["id"])
        maintainers.append(Maintainer(entry["login"], entry["id"]))
    admission = doc.data.get("admission", {})
    exceptions, problems = _name_exceptions(doc, issuer_ids, problems)
    return Decisions(tuple(maintainers), Admission(**{k: admission[k] for k in ("issuers", "accreditors")
                                                       if k in admission}), exceptions), problems


def _name_exceptions(doc: SourceDocument, issuer_ids: Set[str],
                     problems: list[Problem]) -> tuple[tuple[NameException, ...], list[Problem]]:
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
