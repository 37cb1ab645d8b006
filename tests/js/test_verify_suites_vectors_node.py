"""The browser verifier's core under node on published vectors: the W3C vc-di-eddsa and vc-di-ecdsa test vectors
(eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-jcs-2019 with P-256 and P-384, an ecdsa-sd-2023 derived credential;
see that folder's README for why its ecdsa-rdfc-2019 ones are not used) and the reference-signed credentials (signed by Digital Bazaar's eddsa-rdfc-2022 suite,
with their site's DID document and status list).

For the W3C vectors the bytes the core would verify (hash of the canonical proof config ‖ hash of the
canonical document) must be exactly the vectors' published combined hash, and the signature must verify
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
ECDSA = REPO / "tests" / "vectors" / "w3c-vc-di-ecdsa"
EDDSA_KEY = read_json(W3C / "keyPair.json")["publicKeyMultibase"]
ECDSA_KEYS = read_json(ECDSA / "publicKeys.json")
# name → (signed credential, published combined hash or None, public key)
VECTORS = {
    "eddsa-rdfc-2022": (W3C / "eddsa-rdfc-2022/signedDataInt.json", W3C / "eddsa-rdfc-2022/combinedHashDataInt.txt",
                        EDDSA_KEY),
    "eddsa-jcs-2022": (W3C / "eddsa-jcs-2022/signedJCS.json", W3C / "eddsa-jcs-2022/combinedHashJCS.txt", EDDSA_KEY),
    "ecdsa-jcs-2019 P-256": (ECDSA / "ecdsa-jcs-2019-p256/signedJCSECDSAP256.json",
                             ECDSA / "ecdsa-jcs-2019-p256/combinedHashJCSECDSAP256.txt", ECDSA_KEYS["P-256"]),
    "ecdsa-jcs-2019 P-384": (ECDSA / "ecdsa-jcs-2019-p384/signedJCSECDSAP384.json",
                             ECDSA / "ecdsa-jcs-2019-p384/combinedHashJCSECDSAP384.txt", ECDSA_KEYS["P-384"]),
    "ecdsa-sd-2023 derived": (ECDSA / "ecdsa-sd-2023/derivedRevealDocument.json", None, ECDSA_KEYS["P-256"]),
}
CONTEXTS = {EXAMPLES_CONTEXT: read_json(W3C / "contexts" / "credentials-examples-v2.jsonld")}


def run_core(node: str, job: dict[str, Any]) -> dict[str, Any]:
    proc = subprocess.run([node, str(RUNNER)], input=json.dumps(job), capture_output=True, text=True,
                          check=False, timeout=NODE_TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def tamper(document: dict[str, Any]) -> dict[str, Any]:
    subject = document["credentialSubject"]
    if "alumniOf" in subject:
        subject["alumniOf"] = "The School of Forgery"
    else:
        subject["sailNumber"] = "Mars404"
    return document


@pytest.fixture(scope="module")
def w3c(node: str) -> dict[str, dict[str, Any]]:
    job = {"vectors": [{"name": name + (" tampered" if tampered else ""), "contexts": CONTEXTS, "publicKeyMultibase": key,
                        "document": tamper(read_json(signed)) if tampered else read_json(signed)}
                       for name, (signed, _, key) in VECTORS.items() for tampered in (False, True)]}
    return {v["name"]: v for v in run_core(node, job)["vectors"]}


@pytest.mark.parametrize("name", list(VECTORS))
def test_w3c_vector_verifies(w3c: dict[str, dict[str, Any]], name: str) -> None:
    combined = VECTORS[name][1]
    expected = combined.read_text(encoding="utf-8").strip() if combined else None
    assert (w3c[name]["hashData"], w3c[name]["problem"]) == (expected, "")


@pytest.mark.parametrize("name", list(VECTORS))
def test_w3c_vector_tampered(w3c: dict[str, dict[str, Any]], name: str) -> None:
    result = w3c[f"{name} tampered"]
    combined = VECTORS[name][1]
    if combined:
        expected = combined.read_text(encoding="utf-8").strip()
        half = len(expected) // 2
        assert result["hashData"][:half] == expected[:half], "the proof config did not change"
        assert result["hashData"][half:] != expected[half:]
    assert "does not verify" in result["problem"], result


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
