"""The shared cases of tests/cases/jwt/ and tests/cases/containers/ on both verifiers: `credreg verify`'s
(containers.extract, then verify_document) and the browser core under node (tests/js/verify-cases.mjs).
Each case names its verdict and the outcome of the steps it lists; a `browser` block says where the page
legitimately differs."""
from __future__ import annotations

import base64
import json
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from registry.errors import InputError
from registry.model.verification import Outcome
from registry.verify.containers import extract
from registry.verify.fetch import Fetcher
from registry.verify.steps import Step, VerificationResult
from registry.verify.verifier import verify_document

CASES = Path(__file__).resolve().parents[1] / "cases"
FILES = sorted([*(CASES / "jwt").glob("*.json"), *(CASES / "containers").glob("*.json")])
RUNNER = Path(__file__).resolve().parents[1] / "js" / "verify-cases.mjs"
JS = {"pass": "PASS", "fail": "FAIL", "warning": "WARN", "unknown": "UNKNOWN"}


def _bytes(source: dict[str, Any], base: Path) -> bytes | None:
    if "file" in source:
        return (base / source["file"]).read_bytes()
    if "json" in source:
        return json.dumps(source["json"]).encode()
    if "text" in source:
        return str(source["text"]).encode()
    if "base64" in source:
        return base64.b64decode(source["base64"])
    return None  # {"status": n}: not served


def python_result(case: dict[str, Any], base: Path) -> VerificationResult:
    served = {url: _bytes(src, base) for url, src in case.get("documents", {}).items()}
    fetcher = Fetcher(local=lambda url: json.loads(served[url]) if served.get(url) is not None else None)
    raw = _bytes(case["credential"], base)
    assert raw is not None
    try:
        found = extract(raw, case["name"])
    except InputError as exc:  # a refusal is the container step, as report.verify_sources makes it
        return VerificationResult(case["name"], None, (Step("container", Outcome.FAIL, exc.message),))
    return verify_document(found, fetcher=fetcher, now=datetime.fromisoformat(case["now"].replace("Z", "+00:00")),
                           source=case["name"], recipient=case.get("recipient"))


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_case_in_python(path: Path) -> None:
    case = json.loads(path.read_text())
    result = python_result(case, path.parent)
    got = {s.name: s.outcome.value for s in result.steps}
    assert result.verdict.value == case["expect"]["verdict"], [s.to_dict() for s in result.steps]
    assert {name: got.get(name) for name in case["expect"]["steps"]} == case["expect"]["steps"]


@pytest.fixture(scope="module")
def browser_results(node: str) -> dict[str, dict[str, Any]]:
    cases = []
    for path in FILES:
        case = json.loads(path.read_text())
        rebased = {url: ({"file": str(path.parent / s["file"])} if "file" in s else s) for url, s in case["documents"].items()}
        cases.append({**case, "documents": rebased})
    proc = subprocess.run([node, str(RUNNER), "-"], input=json.dumps(cases), capture_output=True, text=True,
                          check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return {r["name"]: r for r in json.loads(proc.stdout)}


@pytest.mark.node
@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_case_in_browser_core(path: Path, browser_results: dict[str, dict[str, Any]]) -> None:
    case = json.loads(path.read_text())
    expect = case.get("browser", {}).get("expect", case["expect"])
    result = browser_results[case["name"]]
    got = {s["name"]: s["outcome"] for s in result["steps"]}
    assert result["verdict"] == expect["verdict"].upper(), result["steps"]
    assert {name: got.get(name) for name in expect["steps"]} == {n: JS[o] for n, o in expect["steps"].items()}
