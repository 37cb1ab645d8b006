"""jsonschema-rs, which answers "valid?" for the OB 3.0 schemas, gives jsonschema's verdict on every credential.

The check trusts jsonschema-rs when it says valid, so a credential it passes that jsonschema would refuse would
slip through. Every JSON credential in the repository and its tests, and thousands of seeded mutations of them
(fields removed, retyped, emptied, wrapped, renamed), must get the same verdict from both, under each schema.
"""
from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from typing import Any

import pytest
from support import REPO

from registry.ob3.schema import SCHEMAS, _valid, _validator

SOURCES = ["credentials", "tests/cases", "tests/vectors"]
MUTATIONS_PER_SCHEMA = 1_500
ODD_VALUES: list[Any] = [None, "", "x", "ext:abc", "2026-13-45T00:00:00Z", "2026-01-01T00:00:00Z", "urn:uuid:x", 0, -1,
                         1.5, 10**20, True, [], {}, ["x"], [{}], {"id": "x"}, {"type": "x"}, "a" * 5000,
                         "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", ["OpenBadgeCredential"]]


def credentials() -> list[dict[str, Any]]:
    """Every JSON object in the sources with a type, proof or @context: credentials and their parts."""
    found = []
    for source in SOURCES:
        for path in sorted((REPO / source).rglob("*.json")):
            try:
                value = json.loads(path.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue
            found.extend(item for item in (value if isinstance(value, list) else [value])
                         if isinstance(item, dict) and ({"@context", "type", "proof"} & set(item)))
    return found


def containers(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every object and array in `value` with its path."""
    if isinstance(value, (dict, list)):
        yield path, value
        for key, item in (value.items() if isinstance(value, dict) else enumerate(value)):
            yield from containers(item, (*path, key))


def mutate(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """One to three random edits of a copy of `document`."""
    out = copy.deepcopy(document)
    for _ in range(rng.randint(1, 3)):
        _, target = rng.choice(list(containers(out)))
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        action = rng.choice(["delete", "replace", "wrap", "unwrap", "rename", "add"])
        if not keys or action == "add":
            if isinstance(target, dict):
                target[rng.choice(["extra", "type", "id", "name", "@context"])] = copy.deepcopy(rng.choice(ODD_VALUES))
            else:
                target.append(copy.deepcopy(rng.choice(ODD_VALUES)))
            continue
        key = rng.choice(keys)
        if action == "delete":
            del target[key]
        elif action == "replace":
            target[key] = copy.deepcopy(rng.choice(ODD_VALUES))
        elif action == "wrap":
            target[key] = [target[key]]
        elif action == "unwrap" and isinstance(target[key], list) and target[key]:
            target[key] = target[key][0]
        elif action == "rename" and isinstance(target, dict):
            target[f"{key}X"] = target.pop(key)
    return out


def python_verdict(document: dict[str, Any], filename: str, definition: str | None) -> bool:
    return next(iter(_validator(filename, definition).iter_errors(document)), None) is None


CORPUS = credentials()


def test_the_corpus_holds_valid_and_invalid_credentials() -> None:
    assert len(CORPUS) > 100
    verdicts = {python_verdict(doc, "achievementcredential.json", None) for doc in CORPUS}
    assert verdicts == {True, False}


@pytest.mark.parametrize("filename,definition", SCHEMAS.values(), ids=[f"{kind} {era}" for kind, era in SCHEMAS])
def test_same_verdict_on_every_credential_and_its_mutations(filename: str, definition: str | None) -> None:
    rng = random.Random(f"{filename}#{definition}")
    valid = [doc for doc in CORPUS if python_verdict(doc, filename, definition)]
    cases = CORPUS + [mutate(rng.choice(valid or CORPUS), rng) for _ in range(MUTATIONS_PER_SCHEMA)]
    disagreements = [doc for doc in cases if _valid(doc, filename, definition) != python_verdict(doc, filename, definition)]
    assert not disagreements, json.dumps(disagreements[0])[:2000]
    assert {_valid(doc, filename, definition) for doc in cases} == {True, False}, "one verdict only: nothing tested"


def test_a_value_no_json_parser_makes_is_left_to_jsonschema() -> None:
    """jsonschema-rs refuses bytes; the credential then gets jsonschema's verdict, not a traceback."""
    award = next(doc for doc in CORPUS if python_verdict(doc, "achievementcredential.json", None))
    odd = {**award, "name": b"bytes"}
    assert _valid(odd, "achievementcredential.json") is False
    assert python_verdict(odd, "achievementcredential.json", None) is False
