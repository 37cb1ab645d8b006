"""The shared cases of tests/cases/status/ and tests/cases/keys/ (written by tests/cases/status/make_cases.py), run
by the Python verifier here and by the browser core under node in tests/js/test_status_node.py: the verdict and
every named step's outcome must be as each case expects."""
from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from registry.verify.fetch import Fetcher
from registry.verify.verifier import verify_credential

CASES = Path(__file__).resolve().parent.parent / "cases"
FILES = sorted([*CASES.glob("status/*.json"), *CASES.glob("keys/*.json")])


def load(path: Path) -> dict[str, Any]:
    case: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return case


def served(case: dict[str, Any]) -> dict[str, Any]:
    """URL → document for the {"json": …} sources; {"status": n} is simply not served."""
    return {url: source["json"] for url, source in case["documents"].items() if "json" in source}


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_case_in_python(path: Path) -> None:
    case = load(path)
    documents = served(case)
    fetcher = Fetcher(allow_network=False, local=lambda url: copy.deepcopy(documents.get(url)))
    result = verify_credential(case["credential"]["json"], fetcher=fetcher, now=datetime.fromisoformat(case["now"]))
    steps = {s.name: s.outcome.value for s in result.steps}
    expect = case["expect"]
    assert {name: steps.get(name) for name in expect["steps"]} == expect["steps"], result.steps
    assert result.verdict.value == expect["verdict"], result.steps


def test_the_cases_are_as_the_generator_writes_them() -> None:
    assert len(FILES) >= 8 and all(load(p)["name"] == p.stem for p in FILES)
