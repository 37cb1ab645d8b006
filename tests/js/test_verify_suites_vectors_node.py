"""The browser verifier's core under node on published vectors: the W3C vc-di-eddsa test vectors and the
reference-signed credentials (signed by Digital Bazaar's eddsa-rdfc-2022 suite, with their site's DID
document and status list).

For the W3C vectors the bytes the core would verify (hash of the canonical proof config ‖ hash of the
canonical document) must be exactly the vectors' published combinedHash, and the signature must verify
with the vectors' public key; a changed document must give other bytes and a failed signature. Every valid
reference credential must pass every proof and come out VALID; every tampered one must fail its proof.
"""
from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLES_CONTEXT, NODE_TIMEOUT, REF, REPO, W3C, read_json

pytestmark = pytest.mark.node

RUNNER = REPO / "tests" / "js" / "verify-suites.mjs"
SITE = "https://registry.test/"
NOW = "2026-06-01T00:00:00Z"
SUITES = {  # folder → (signed file, combined hash file, canonicalization)
    "eddsa-rdfc-2022": ("signedDataInt.json", "combinedHashDataInt.txt", "rdfc"),
    "eddsa-jcs-2022": ("signedJCS.json", "combinedHashJCS.txt", "jcs"),
}


def run_core(node: str, job: dict[str, Any]) -> dict[str, Any]:
    proc = subprocess.run([node, str(RUNNER)], input=json.dumps(job), capture_output=True, text=True,
                          check=False, timeout=NODE_TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def w3c_vector(suite: str, tampered: bool) -> dict[str, Any]:
    signed_file, _, canon = SUITES[suite]
    document = read_json(W3C / suite / signed_file)
    if tampered:
        document["credentialSubject"]["alumniOf"] = "The School of Forgery"
    return {"name": f"{suite}{' tampered' if tampered else ''}", "document": document, "canon": canon,
            "hash": "SHA-256", "publicKeyMultibase": read_json(W3C / "keyPair.json")["publicKeyMultibase"],
            "contexts": {EXAMPLES_CONTEXT: read_json(W3C / "contexts" / "credentials-examples-v2.jsonld")}}


@pytest.fixture(scope="module")
def w3c(node: str) -> dict[str, dict[str, Any]]:
    job = {"vectors": [w3c_vector(suite, tampered) for suite in SUITES for tampered in (False, True)]}
    return {v["name"]: v for v in run_core(node, job)["vectors"]}


@pytest.mark.parametrize("suite", list(SUITES))
def test_w3c_vector_hash_data_and_signature(w3c: dict[str, dict[str, Any]], suite: str) -> None:
    expected = (W3C / suite / SUITES[suite][1]).read_text(encoding="utf-8").strip()
    assert (w3c[suite]["hashData"], w3c[suite]["verified"]) == (expected, True)


@pytest.mark.parametrize("suite", list(SUITES))
def test_w3c_vector_tampered(w3c: dict[str, dict[str, Any]], suite: str) -> None:
    expected = (W3C / suite / SUITES[suite][1]).read_text(encoding="utf-8").strip()
    result = w3c[f"{suite} tampered"]
    assert result["hashData"][:64] == expected[:64], "the proof config did not change"
    assert (result["hashData"][64:] != expected[64:], result["verified"]) == (True, False)


# --- the reference-signed credentials, through the whole core -----------------------------------------------

# rich.json points at a set entry of the status list (tests/vectors' README): genuine, but revoked.
REFERENCE_VERDICTS = {"active": "VALID", "basic": "VALID", "endorsement": "VALID", "rich": "REVOKED"}


def site_documents() -> dict[str, Any]:
    site = REF / "site"
    return {SITE + path.relative_to(site).as_posix(): read_json(path) for path in sorted(site.rglob("*.json"))}


def reference_files(kind: str) -> list[Path]:
    return sorted((REF / kind).glob("*.json"))


@pytest.fixture(scope="module")
def reference(node: str) -> dict[str, dict[str, Any]]:
    documents = site_documents()
    cases = [{"name": f"{path.parent.name}/{path.stem}", "credential": read_json(path), "now": NOW,
              "siteUrl": SITE, "documents": copy.deepcopy(documents)}
             for kind in ("valid", "tampered") for path in reference_files(kind)]
    return {c["name"]: c for c in run_core(node, {"cases": cases})["cases"]}


def proof_outcomes(result: dict[str, Any]) -> list[tuple[str, str]]:
    return [(s["name"], s["outcome"]) for s in result["steps"] if s["name"].startswith("proof")]


@pytest.mark.parametrize("path", reference_files("valid"), ids=lambda p: p.stem)
def test_reference_valid_passes_every_proof(reference: dict[str, dict[str, Any]], path: Path) -> None:
    result = reference[f"valid/{path.stem}"]
    proofs = proof_outcomes(result)
    assert proofs and all(outcome == "PASS" for _, outcome in proofs), result["steps"]
    assert result["verdict"] == REFERENCE_VERDICTS[path.stem], result["steps"]


@pytest.mark.parametrize("path", reference_files("tampered"), ids=lambda p: p.stem)
def test_reference_tampered_fails(reference: dict[str, dict[str, Any]], path: Path) -> None:
    result = reference[f"tampered/{path.stem}"]
    assert result["verdict"] == "INVALID", result["steps"]
    assert [o for _, o in proof_outcomes(result)] == ["FAIL"] * len(proof_outcomes(result)) != [], result["steps"]
    assert all("signature does not verify" in s["detail"] for s in result["steps"] if s["name"].startswith("proof"))


def test_reference_vectors_are_all_there() -> None:
    assert [p.stem for p in reference_files("valid")] == [p.stem for p in reference_files("tampered")] != []
