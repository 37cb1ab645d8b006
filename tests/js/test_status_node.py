"""The browser core's status checks (verify-status.js) under node, on the same table as the Python verifier
(tests/verify/test_status_lists.py): every case's status steps must have the same names and outcomes, and the
first non-passing one the same reason (quotes aside: Python shows 'x', JavaScript "x")."""
from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "verify"))
from support import TEST_KEY, foreign_credential
from test_status_lists import BASE, CASES, DID, LISTS, Row
from test_verify_core_node import node, run  # noqa: F401

from registry.crypto.dataintegrity import create_proof

JS_OUTCOME = {"pass": "PASS", "fail": "FAIL", "warning": "WARN", "unknown": "UNKNOWN"}
NOW = "2026-06-01T00:00:00Z"


def signed_credential(status: Any) -> dict[str, Any]:
    doc = foreign_credential(DID, copy.deepcopy(status))
    vm = f"{DID}#{DID.removeprefix('did:key:')}"
    return {**doc, "proof": create_proof(doc, TEST_KEY, vm, "eddsa-jcs-2022", "2026-01-01T00:00:00Z")}


def bare(text: str) -> str:
    return text.replace("'", "").replace('"', "")


@pytest.fixture(scope="module")
def results(node: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:  # noqa: F811
    documents = {BASE + name: {"json": doc} for name, doc in LISTS.items()}
    cases = [{"name": c[0], "credential": {"json": signed_credential(c[1])}, "documents": documents, "now": NOW}
             for c in CASES]
    return {r["name"]: r for r in run(node, cases, tmp_path_factory.mktemp("status-cases"))}


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_same_status_steps_as_python(results: dict[str, dict[str, Any]], case: Row) -> None:
    name, _, _, expected, why = case
    steps = [s for s in results[name]["steps"] if s["name"].startswith("status")]
    assert [(s["name"], s["outcome"]) for s in steps] == [(n, JS_OUTCOME[o]) for n, o in expected], steps
    not_passed = [s["detail"] for s in steps if s["outcome"] != "PASS"]
    assert bare(why) in bare(not_passed[0] if not_passed else ""), not_passed
    others = [s for s in results[name]["steps"] if s["name"].startswith("proof")]
    assert [s["outcome"] for s in others] == ["PASS"], others  # the credential itself verified
