"""`credreg verify` on hostile JSON: random type and value swaps in real credentials are caught, never a traceback."""
from __future__ import annotations

import copy
import json
import random
from datetime import datetime, timezone
from typing import Any, Iterator

import pytest
from support import REPO

from registry.check import load_registry
from registry.config import load_site_urls
from registry.verify.local import RegistryFiles, registry_fetcher
from registry.verify.steps import Outcome
from registry.verify.verifier import verify_credential

VALUES: list[Any] = [None, 5, -1, 1.5, True, "", "x", [], {}, [1, "a"], {"a": None}, "https://evil.example/",
                     "did:web:evil", "did:key:z6Mk", "z", "9" * 50, ["did:web:x#y"], {"id": 5}]
SOURCES = sorted(REPO.glob("credentials/*/*/awards/*.json"))[:6] + sorted(
    (REPO / "tests/vectors/reference-signed/valid").glob("*.json"))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


@pytest.fixture(scope="module")
def fetching():  # type: ignore[no-untyped-def]
    loaded = load_registry(REPO)
    assert loaded.registry is not None
    files = RegistryFiles(loaded.registry, loaded.signed, load_site_urls(REPO))
    return registry_fetcher(files, {}, allow_network=False), files


@pytest.mark.parametrize("seed", range(150))
def test_mutated_credential_gets_a_verdict(fetching, seed: int) -> None:  # type: ignore[no-untyped-def]
    fetcher, files = fetching
    rng = random.Random(seed)
    document = json.loads(rng.choice(SOURCES).read_text())
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(list(_paths(document))[1:])
        node = document
        for part in path[:-1]:
            node = node[part]
        if rng.random() < 0.2 and isinstance(node, dict):
            del node[path[-1]]
        else:
            node[path[-1]] = copy.deepcopy(rng.choice(VALUES))
    result = verify_credential(document, fetcher=fetcher, now=datetime(2026, 3, 1, tzinfo=timezone.utc))
    assert result.steps and all(step.detail for step in result.steps)
    # Every field is signed, so every mutation is caught; but a proof turned into a type credreg does not know
    # is a warning on that proof (the proof rule), and the other, untouched proof still stands.
    unknown_proof = [s for s in result.steps if s.name.startswith("proof ") and s.outcome is Outcome.WARN]
    assert not result.ok or unknown_proof, result.steps
