"""The browser core (verify-container.js, verify-jwt.js) under node on the same tables as `credreg verify`:
the jose-signed VC-JWTs with their expected verdict and JWT proof outcome, and the baked PNG/SVG inputs with
the container step each must give. One node run per table, through tests/js/verify-cases.mjs."""
from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from container_tables import GOOD, HOSTILE
from jwt_cases import CASES
from jwt_support import documents, jose, make_keys

pytestmark = pytest.mark.node
RUNNER = Path(__file__).resolve().parent / "verify-cases.mjs"
NOW = "2026-11-28T00:00:00Z"


def run(node: str, cases: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    proc = subprocess.run([node, str(RUNNER), "-"], input=json.dumps(cases), capture_output=True, text=True,
                          check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return {r["name"]: r for r in json.loads(proc.stdout)}


@pytest.fixture(scope="module")
def jwt_results(node: str) -> dict[str, dict[str, Any]]:
    """Every case of the VC-JWT table (tests/jwt_cases.py), signed afresh by jose, verified by the browser core."""
    keys = make_keys(node)
    jobs = []
    for case in CASES:
        header = case.header(keys) if callable(case.header) else case.header
        payload = case.payload(keys) if callable(case.payload) else case.payload
        jwk = dict(keys.private[case.key], alg="PS256") if header["alg"] == "PS256" else keys.private[case.key]
        jobs.append({"name": case.name, "jwk": jwk, "header": header,
                     "payload": payload if isinstance(payload, str) else json.dumps(payload)})
    tokens = jose(node, {"sign": jobs})
    docs = {url: {"json": doc} for url, doc in documents(keys).items()}
    cases = [{"name": c.name, "credential": {"text": tokens[c.name]}, "documents": docs, "now": NOW} for c in CASES]
    return run(node, cases)


OUTCOME = {"pass": "PASS", "fail": "FAIL", "warning": "WARN", "unknown": "UNKNOWN"}


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_browser_core_jwt(name: str, jwt_results: dict[str, dict[str, Any]]) -> None:
    case = next(c for c in CASES if c.name == name)
    result = jwt_results[name]
    proof = next(s for s in result["steps"] if s["name"].startswith("proof 1 (JWT"))
    assert (result["verdict"], proof["outcome"]) == (case.verdict.upper(), OUTCOME[case.proof]), proof["detail"]
    assert case.detail in proof["detail"] or name in BROWSER_WORDS, proof["detail"]


# Where the browser's detail differs, though outcome and verdict match: JSON.parse keeps the last of two equal
# keys (the CLI refuses them), so the payload reads as a credential without an issuer.
BROWSER_WORDS = {"payload-duplicate-key"}


@pytest.fixture(scope="module")
def container_results(node: str) -> dict[str, dict[str, Any]]:
    cases = [{"name": name, "credential": {"base64": base64.b64encode(raw).decode()}, "now": NOW}
             for name, raw, *_ in GOOD + HOSTILE]
    return run(node, cases)


@pytest.mark.parametrize("name, container", [(c[0], c[2]) for c in GOOD], ids=[c[0] for c in GOOD])
def test_browser_core_extracts(name: str, container: str | None, container_results: dict[str, dict[str, Any]]) -> None:
    steps = {s["name"]: s for s in container_results[name]["steps"]}
    assert (steps["container"]["outcome"], steps["container"]["detail"]) == ("PASS", container) if container \
        else "container" not in steps


@pytest.mark.parametrize("name, message", [(c[0], c[2]) for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_browser_core_refuses(name: str, message: str, container_results: dict[str, dict[str, Any]]) -> None:
    result = container_results[name]
    assert result["verdict"] == "INVALID"
    assert [(s["name"], s["outcome"]) for s in result["steps"]] in ([("container", "FAIL")], [("format", "FAIL")])
    assert result["steps"][0]["detail"] == BROWSER_MESSAGES.get(name, message)


# The few refusals whose browser wording differs (DecompressionStream and the DOM-free scan report less detail).
BROWSER_MESSAGES = {
    "png-corrupt-compression": "the iTXt chunk's compressed text is corrupt",
    "png-compressed-bomb": "the iTXt chunk's compressed text inflates beyond 1,048,576 bytes (refusing a compressed bomb)",
    "png-ten-thousand-chunks": "the PNG has more than 2,048 chunks (refusing a PNG built to exhaust a reader)",
    "svg-malformed": "the SVG image carries no Open Badges credential (no <openbadges:credential> or "
                     "<openbadges:assertion> element)",
    "five-mib": "the file is larger than 4 MiB",
    "binary": "the file is neither text (UTF-8) nor a PNG image",
    "png-not-ihdr-first": "the PNG does not start with an IHDR chunk (the file is not a well-formed baked PNG)",
}


def test_browser_core_reads_a_jwt_by_url(node: str) -> None:
    """verifyUrl fetches bytes, so a URL serving a VC-JWT as text/plain (OB 3.0 §"Web Resource") verifies."""
    case = json.loads((Path(__file__).resolve().parents[1] / "cases" / "jwt" / "eddsa-kid-registry-issuer.json").read_text())
    did = Path(__file__).resolve().parents[1] / "cases" / "jwt" / case["documents"][next(iter(case["documents"]))]["file"]
    result = run(node, [{"name": "by-url", "credential": {"url": "https://badges.example/c.jwt"}, "now": NOW,
                         "siteUrl": case["siteUrl"], "documents": {"https://badges.example/c.jwt": case["credential"],
                                                                   next(iter(case["documents"])): {"file": str(did)}}}])
    steps = {s["name"]: s["outcome"] for s in result["by-url"]["steps"]}
    assert (result["by-url"]["verdict"], steps["container"], steps["proof 1 (JWT EdDSA)"]) == ("VALID", "PASS", "PASS")
