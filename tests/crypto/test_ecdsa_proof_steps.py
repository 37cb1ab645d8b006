"""The proof rule at the step level (verify/proofs.py), with ecdsa, eddsa and unknown proofs side by side.

Table: the proofs a credential carries → each step's outcome and the verdict they add up to.
Keys are did:key (nothing to fetch) or a did:web served from a dict; one did:web is not served at all.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from support import REF, read_json

from registry.crypto import dataintegrity, ecdsa
from registry.crypto.multikey import encode_multikey
from registry.verify.fetch import Fetcher
from registry.verify.proofs import proof_steps
from registry.verify.steps import VerificationResult

CREATED = "2026-03-02T10:00:00Z"
P256 = ec.derive_private_key(0xA11CE, ec.SECP256R1())
P384 = ec.derive_private_key(0xA11CE, ec.SECP384R1())
ED = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
OTHER = ec.derive_private_key(0xB0B, ec.SECP256R1())
WEB = "did:web:issuer.example"
OFFLINE = "did:web:offline.example"


def did_key(private: Any) -> str:
    return "did:key:" + encode_multikey(private.public_key())


def vm_of(private: Any) -> str:
    return f"{did_key(private)}#{did_key(private).removeprefix('did:key:')}"


def credential(issuer: str) -> dict[str, Any]:
    doc = {k: v for k, v in read_json(REF / "valid" / "basic.json").items() if k != "proof"}
    doc["issuer"] = {**doc["issuer"], "id": issuer}
    return doc


def ecdsa_proof(doc: dict[str, Any], private: Any, vm: str, suite: str = "ecdsa-rdfc-2019") -> dict[str, Any]:
    return ecdsa.create_proof(doc, private, vm, suite, CREATED)


def eddsa_proof(doc: dict[str, Any], vm: str) -> dict[str, Any]:
    return dataintegrity.create_proof(doc, ED, vm, "eddsa-rdfc-2022", CREATED)


UNKNOWN_TYPE = {"type": "BbsBlsSignature2020", "created": CREATED, "verificationMethod": "did:example:x#k",
                "proofPurpose": "assertionMethod", "proofValue": "zabc"}
UNKNOWN_SUITE = {"type": "DataIntegrityProof", "cryptosuite": "bbs-2023", "verificationMethod": "did:example:x#k",
                 "proofPurpose": "assertionMethod", "proofValue": "zabc"}


def served() -> dict[str, Any]:
    """The did:web DID document this table's fetcher serves (a P-384 Multikey)."""
    method = {"id": f"{WEB}#key-1", "type": "Multikey", "controller": WEB,
              "publicKeyMultibase": encode_multikey(P384.public_key())}
    return {"https://issuer.example/.well-known/did.json":
            {"@context": ["https://www.w3.org/ns/did/v1"], "id": WEB, "verificationMethod": [method],
             "assertionMethod": [method["id"]]}}


# (name, issuer, proofs builder (unsigned document → proof list), {step: outcome}, verdict, detail check)
Row = tuple[str, str, Callable[[dict[str, Any]], list[dict[str, Any]]], dict[str, str], str, str]
ROWS: list[Row] = [
    ("ecdsa P-256 did:key", did_key(P256), lambda d: [ecdsa_proof(d, P256, vm_of(P256))],
     {"proof 1 (ecdsa-rdfc-2019)": "pass"}, "valid", "; P-256 key"),
    ("ecdsa-jcs P-384 did:web", WEB, lambda d: [ecdsa_proof(d, P384, f"{WEB}#key-1", "ecdsa-jcs-2019")],
     {"proof 1 (ecdsa-jcs-2019)": "pass"}, "valid", "; P-384 key"),
    ("unknown proof type alone", did_key(P256), lambda d: [UNKNOWN_TYPE],
     {"proof 1 (BbsBlsSignature2020)": "warning", "proofs": "unknown"}, "cannot verify", ""),
    ("unknown cryptosuite alone", did_key(P256), lambda d: [UNKNOWN_SUITE],
     {"proof 1 (bbs-2023)": "warning", "proofs": "unknown"}, "cannot verify", ""),
    ("unknown proof beside a valid eddsa one", did_key(ED), lambda d: [UNKNOWN_TYPE, eddsa_proof(d, vm_of(ED))],
     {"proof 1 (BbsBlsSignature2020)": "warning", "proof 2 (eddsa-rdfc-2022)": "pass"}, "valid", ""),
    ("ecdsa and eddsa proofs by one issuer's two keys", WEB,
     lambda d: [ecdsa_proof(d, P384, f"{WEB}#key-1"), ecdsa_proof(d, P384, f"{WEB}#key-1", "ecdsa-jcs-2019")],
     {"proof 1 (ecdsa-rdfc-2019)": "pass", "proof 2 (ecdsa-jcs-2019)": "pass"}, "valid", ""),
    ("a valid proof and a failing one", did_key(P256),
     lambda d: [ecdsa_proof(d, P256, vm_of(P256)), {**ecdsa_proof(d, P256, vm_of(P256)), "created": "2020-01-01T00:00:00Z"}],
     {"proof 1 (ecdsa-rdfc-2019)": "pass", "proof 2 (ecdsa-rdfc-2019)": "fail"}, "invalid",
     "ecdsa-rdfc-2019 signature does not verify: signature mismatch"),
    ("key of another controller", did_key(P256), lambda d: [ecdsa_proof(d, OTHER, vm_of(OTHER))],
     {"proof 1 (ecdsa-rdfc-2019)": "fail"}, "invalid", f"signed by {did_key(OTHER)}, but the issuer is {did_key(P256)}"),
    ("proofPurpose authentication", did_key(P256),
     lambda d: [ecdsa.create_proof(d, P256, vm_of(P256), "ecdsa-rdfc-2019", CREATED, "authentication")],
     {"proof 1 (ecdsa-rdfc-2019)": "fail"}, "invalid", "proof purpose 'authentication' does not assert a credential"),
    ("ecdsa proof naming an Ed25519 did:key", did_key(ED),
     lambda d: [{**ecdsa_proof(d, P256, vm_of(P256)), "verificationMethod": vm_of(ED)}],
     {"proof 1 (ecdsa-rdfc-2019)": "fail"}, "invalid",
     "ecdsa-rdfc-2019 signature does not verify: ecdsa-rdfc-2019 needs a P-256 or P-384 key, but the verification "
     "method holds an Ed25519 key"),
    ("key document unreachable", OFFLINE, lambda d: [ecdsa_proof(d, P256, f"{OFFLINE}#key-1")],
     {"proof 1 (ecdsa-rdfc-2019)": "unknown", "proofs": "unknown"}, "cannot verify", "key not checked: "),
    ("unreachable key beside a failing proof", did_key(P256),
     lambda d: [ecdsa_proof(d, P256, f"{OFFLINE}#key-1"), {**ecdsa_proof(d, P256, vm_of(P256)), "proofValue": "z1"}],
     {"proof 1 (ecdsa-rdfc-2019)": "unknown", "proof 2 (ecdsa-rdfc-2019)": "fail"}, "invalid",
     "proofValue decodes to 1 bytes; a P-256 signature (r ‖ s) has 64"),
    ("did:web key not listed under assertionMethod", WEB, lambda d: [ecdsa_proof(d, P384, f"{WEB}#key-2")],
     {"proof 1 (ecdsa-rdfc-2019)": "fail"}, "invalid", "key not resolved: did:web:issuer.example#key-2 is not in its"),
    ("no proof at all", did_key(P256), lambda d: [], {"proofs": "fail"}, "invalid", "the credential carries no proof"),
]


@cache
def _fetcher() -> Fetcher:
    documents = served()
    return Fetcher(local=lambda url: copy.deepcopy(documents.get(url)))


@pytest.mark.parametrize("issuer, proofs, outcomes, verdict, detail", [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_proof_rule(issuer: str, proofs: Callable[[dict[str, Any]], list[dict[str, Any]]], outcomes: dict[str, str],
                    verdict: str, detail: str) -> None:
    doc = credential(issuer)
    made = proofs(doc)
    if made:
        doc["proof"] = made
    steps = proof_steps(doc, _fetcher())
    assert {s.name: s.outcome.value for s in steps} == outcomes, [s.to_dict() for s in steps]
    assert VerificationResult("", None, tuple(steps)).verdict.value == verdict
    if detail:
        assert any(detail in s.detail for s in steps), [s.detail for s in steps]


def test_an_unknown_proof_names_what_credreg_checks() -> None:
    doc = {**credential(did_key(P256)), "proof": [UNKNOWN_TYPE]}
    warn = proof_steps(doc, _fetcher())[0]
    assert warn.detail.startswith("BbsBlsSignature2020 is not a proof type or cryptosuite credreg checks, so this "
                                  "proof was not verified and does not count (credreg checks eddsa-rdfc-2022, ")
    assert warn.verdict is None  # a WARN implies no verdict of its own
