"""The first steps: is it a Verifiable Credential (VC 2.0 or VC 1.1), which Open Badges context version and
type, and does it match the official schema of its own era and type."""
from __future__ import annotations

from typing import Any

from ..ob3.fields import cut, printable, shown
from ..ob3.formats import read_format
from ..ob3.schema import choose_schemas, errors_against, named_schemas
from .steps import Outcome, Step


SHOWN_TYPES = 8


def _types(types: tuple[str, ...]) -> str:
    """The types for a message: printable, cut, at most SHOWN_TYPES of them."""
    listed = ", ".join(cut(printable(t)) for t in types[:SHOWN_TYPES])
    return listed + (f" and {len(types) - SHOWN_TYPES} more" if len(types) > SHOWN_TYPES else "")


SHOWN_PROBLEMS = 5


def _listed(problems: tuple[str, ...]) -> str:
    """At most SHOWN_PROBLEMS problems for a message, and how many more there are."""
    more = len(problems) - SHOWN_PROBLEMS
    return "; ".join(problems[:SHOWN_PROBLEMS]) + (f"; and {more} more" if more > 0 else "")


def format_step(credential: dict[str, Any]) -> Step:
    """One `format` step: FAIL with every problem, else WARN with every oddity, else PASS; the detail names
    the data model, the types and the OB context version."""
    found = read_format(credential)
    if found.problems:
        return Step("format", Outcome.FAIL, _listed(found.problems))
    what = f"{found.vc} {_types(found.types)}" + (f" (OB context {found.ob_version})" if found.ob_version else "")
    if found.warnings:
        return Step("format", Outcome.WARN, what + ": " + "; ".join(found.warnings))
    return Step("format", Outcome.PASS, what)


def schema_steps(credential: dict[str, Any]) -> list[Step]:
    """One `schema` step: each applicable official schema of the credential's era, FAIL naming the first
    violations of each one that fails, else PASS naming them; a VC 2.0 single-object proof is accepted and
    said (WARN), as OB 3.0 JSON serialises proof as an array and both sign the same."""
    found = read_format(credential)
    if found.vc is None:
        return [Step("schema", Outcome.WARN, "not a Verifiable Credential; no OB schema applies")]
    choices = choose_schemas(credential, found.types, found.vc)
    _, others = named_schemas(credential)
    unchecked = (f" (credentialSchema {', '.join(shown(u) for u in others[:3])} is not a 1EdTech schema credreg "
                 "ships: not checked)") if others else ""
    if not choices:
        return [Step("schema", Outcome.WARN, "not an Open Badges 3.0 credential type; no OB schema applies" + unchecked)]
    candidate = dict(credential)
    single_proof = found.vc == "VC 2.0" and isinstance(candidate.get("proof"), dict)
    if single_proof:
        candidate["proof"] = [candidate["proof"]]
    failed, passed = [], []
    for choice in choices:
        errors = errors_against(candidate, choice)
        if errors:
            failed.append(f"does not match the official OB 3.0 schema ({choice.label}, {choice.reason}): "
                          + "; ".join(errors))
        else:
            passed.append(f"matches the official OB 3.0 schema ({choice.label}, {choice.reason})")
    note = "; proof is a single object, OB 3.0 JSON wants an array (accepted)" if single_proof else ""
    if failed:
        return [Step("schema", Outcome.FAIL, "; ".join(failed + passed) + note + unchecked)]
    return [Step("schema", Outcome.WARN if single_proof else Outcome.PASS, "; ".join(passed) + note + unchecked)]
