"""Every published Open Badges 3.0 context and the suite/status contexts that published credentials name are
bundled, hash-pinned with their source, and expand a sample credential offline (JSON-LD safe mode as always)."""
from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Any

import pytest

from registry.crypto.canonical import rdfc
from registry.crypto.jsonld import bundled_contexts
from registry.errors import ContextNotBundled
from registry.ob3.formats import OB_CONTEXTS

CONTEXTS = resources.files("registry.contexts")
MANIFEST: list[dict[str, str]] = json.loads(CONTEXTS.joinpath("manifest.json").read_text("utf-8"))
BY_URL = {entry["url"]: entry for entry in MANIFEST}

# url → (file, sha256 prefix): the exact bytes this change pins; a changed file must be a deliberate change here.
PINNED = {
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json": ("ob-v3p0-context-3.0.0.json", "9f1c8f9f361ba299"),
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": ("ob-v3p0-context-3.0.1.json", "af095468326d3449"),
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": ("ob-v3p0-context-3.0.2.json", "00666ad080ba4076"),
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": ("ob-v3p0-context-3.0.3.json", "ef2fa9c7846dce23"),
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": ("ob-v3p0-extensions.json", "2d013f981d1f4516"),
    "https://www.w3.org/2018/credentials/v1": ("vc-v1.jsonld", "00d7dd6d3ad8b920"),
    "https://w3id.org/security/suites/ed25519-2020/v1": ("ed25519-signature-2020-v1.jsonld", "b9e1ab971fd8bf2c"),
    "https://w3id.org/vc/status-list/2021/v1": ("vc-status-list-2021-v1.jsonld", "634d71c159289f06"),
    "https://w3id.org/vc-revocation-list-2020/v1": ("vc-revocation-list-2020-v1.jsonld", "9fe1e5bd6d2f709e"),
    "https://w3id.org/security/data-integrity/v1": ("data-integrity-v1.jsonld", "bff3ce2348e14a33"),
    "https://w3id.org/security/v1": ("security-v1.jsonld", "abaf97e107d19255"),
    "https://w3id.org/security/v2": ("security-v2.jsonld", "611bd81151d5efe5"),
    "https://w3id.org/security/suites/jws-2020/v1": ("jws-2020-v1.jsonld", "d648e05ddc657782"),
}


@pytest.mark.parametrize("url", PINNED, ids=[file for file, _ in PINNED.values()])
def test_context_is_bundled_pinned_and_sourced(url: str) -> None:
    entry = BY_URL[url]
    file, prefix = PINNED[url]
    raw = CONTEXTS.joinpath(entry["file"]).read_bytes()
    assert (entry["file"], hashlib.sha256(raw).hexdigest()) == (file, entry["sha256"])
    assert entry["sha256"].startswith(prefix)
    assert entry["source"].startswith("npm ") and "@" in entry["source"]
    assert url in bundled_contexts()


def test_every_published_ob_version_is_bundled() -> None:
    assert set(OB_CONTEXTS) <= set(bundled_contexts())
    assert sorted(OB_CONTEXTS.values()) == ["3.0.0", "3.0.1", "3.0.2", "3.0.3"]


def _sample(vc: str, ob: str, *more: str) -> dict[str, Any]:
    """A small OB 3.0 credential in the form of its era, naming `ob` and `more` contexts."""
    doc: dict[str, Any] = {
        "@context": [vc, ob, *more], "id": "urn:uuid:6a9c0c1e-3c0c-4a53-8a7b-0c6b2a1f0001",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:example:issuer", "type": ["Profile"], "name": "Sample Issuer"},
        "name": "Sample",
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
            "id": "urn:uuid:6a9c0c1e-3c0c-4a53-8a7b-0c6b2a1f0002", "type": ["Achievement"], "name": "Sample",
            "description": "A sample.", "criteria": {"narrative": "Do it."}}},
    }
    doc["validFrom" if vc.endswith("/v2") else "issuanceDate"] = "2025-01-01T00:00:00Z"
    return doc


VC1 = "https://www.w3.org/2018/credentials/v1"
VC2 = "https://www.w3.org/ns/credentials/v2"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/"
EXPANDS = [
    ("ob-3.0.0-vc1", _sample(VC1, OB + "context.json")),
    ("ob-3.0.1-vc1", _sample(VC1, OB + "context-3.0.1.json")),
    ("ob-3.0.2-vc1", _sample(VC1, OB + "context-3.0.2.json")),
    ("ob-3.0.3-vc1", _sample(VC1, OB + "context-3.0.3.json")),
    ("ob-3.0.3-vc2", _sample(VC2, OB + "context-3.0.3.json", OB + "extensions.json")),
    ("ed25519-2020", _sample(VC1, OB + "context-3.0.1.json", "https://w3id.org/security/suites/ed25519-2020/v1")),
    ("data-integrity-v1", _sample(VC1, OB + "context-3.0.2.json", "https://w3id.org/security/data-integrity/v1")),
    ("status-list-2021", {**_sample(VC1, OB + "context-3.0.2.json", "https://w3id.org/vc/status-list/2021/v1"),
                          "credentialStatus": {"id": "https://example.org/status/1#3", "type": "StatusList2021Entry",
                                               "statusPurpose": "revocation", "statusListIndex": "3",
                                               "statusListCredential": "https://example.org/status/1"}}),
    ("revocation-list-2020", {**_sample(VC1, OB + "context.json", "https://w3id.org/vc-revocation-list-2020/v1"),
                              "credentialStatus": {"id": "https://example.org/rl/1#3",
                                                   "type": "RevocationList2020Status",
                                                   "revocationListIndex": "3",
                                                   "revocationListCredential": "https://example.org/rl/1"}}),
    ("jws-2020", _sample(VC1, OB + "context-3.0.1.json", "https://w3id.org/security/suites/jws-2020/v1")),
]


@pytest.mark.parametrize("doc", [c[1] for c in EXPANDS], ids=[c[0] for c in EXPANDS])
def test_context_expands_a_sample_offline(doc: dict[str, Any]) -> None:
    nquads = rdfc(doc)
    assert "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential>" in nquads
    assert "urn:uuid:6a9c0c1e-3c0c-4a53-8a7b-0c6b2a1f0002" in nquads


def test_security_v2_expands_a_2018_proof() -> None:
    """Security v2 (with v1 inside) defines older proofs (Ed25519Signature2018, RsaSignature2018), which carry
    it as their own @context; with the VC contexts it would redefine their protected terms, as JSON-LD says."""
    proof = {"@context": "https://w3id.org/security/v2", "type": "Ed25519Signature2018",
             "created": "2022-05-26T20:31:11Z", "proofPurpose": "assertionMethod",
             "verificationMethod": "did:example:issuer#key-1", "jws": "eyJhbGciOiJFZERTQSJ9..c2ln"}
    nquads = rdfc(proof)
    assert "<https://w3id.org/security#Ed25519Signature2018>" in nquads
    assert "<https://w3id.org/security#jws>" in nquads


def test_an_unpublished_ob_version_is_refused() -> None:
    with pytest.raises(ContextNotBundled, match="context-3.0.9.json is not bundled with credreg"):
        rdfc(_sample(VC2, OB + "context-3.0.9.json"))
