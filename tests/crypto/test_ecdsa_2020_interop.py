"""Credentials signed by Digital Bazaar's libraries (tests/interop/sign.mjs) and checked by both verifiers.

Each case is signed at test time with a key derived from a fixed label (no key is committed), then
credreg verifies it (proof steps over did:key and did:web, or the cryptosuite itself when the
document needs a context credreg does not bundle) and so does Digital Bazaar's verifier
(tests/interop/verify.mjs). Both must accept every signed case and reject every tampered one, and
credreg must name the signature as the reason.
"""
from __future__ import annotations

import base64
import copy
import hashlib
import json
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from support import INTEROP, NODE_TIMEOUT, REF, context_documents, read_json, run_verify

from registry.crypto.dataintegrity import SIGNATURE_MISMATCH, proofs_of
from registry.crypto.jsonld import Loader, bundled_contexts, make_loader
from registry.crypto.multikey import encode_multikey
from registry.crypto.suites import verify_any
from registry.verify.fetch import Fetcher
from registry.verify.proofs import proof_steps
from registry.verify.resolve import resolve_key

ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"
VECTORS_2020 = Path(__file__).resolve().parent.parent / "vectors" / "ed25519-2020"
DID_V1 = "https://www.w3.org/ns/did/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
CREATED = "2026-03-02T10:00:00Z"
WEB_DID = "did:web:issuer.example"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass(frozen=True)
class Key:
    """A test key derived from a label: what sign.mjs needs, and its public key."""

    spec: dict[str, Any]
    public: Any

    @property
    def did(self) -> str:
        return "did:key:" + encode_multikey(self.public)


@cache
def make_key(kind: str, label: str) -> Key:
    """P-256, P-384 or Ed25519 key from SHA-256/384 of `label` (test use only, never committed)."""
    if kind == "Ed25519":
        seed = hashlib.sha256(f"credreg-suites:{label}".encode()).digest()
        public = Ed25519PrivateKey.from_private_bytes(seed).public_key()
        return Key({"type": "Ed25519", "seed": seed.hex()}, public)
    curve, size = (ec.SECP256R1(), 32) if kind == "P-256" else (ec.SECP384R1(), 48)
    scalar = int.from_bytes(hashlib.sha512(f"credreg-suites:{label}".encode()).digest(), "big") % (2 ** (8 * size - 2)) + 1
    private = ec.derive_private_key(scalar, curve)
    numbers = private.public_key().public_numbers()
    jwk = {"kty": "EC", "crv": kind, "x": _b64(numbers.x.to_bytes(size, "big")),
           "y": _b64(numbers.y.to_bytes(size, "big")), "d": _b64(scalar.to_bytes(size, "big"))}
    return Key({"type": kind, "jwk": jwk}, private.public_key())


def ob3_credential(issuer: str) -> dict[str, Any]:
    """An Open Badges 3.0 credential on VC 2.0 (the reference credential, unsigned) issued by `issuer`."""
    document = {k: v for k, v in read_json(REF / "valid" / "basic.json").items() if k != "proof"}
    document["issuer"] = {**document["issuer"], "id": issuer}
    return document


def vc11_credential(issuer: str) -> dict[str, Any]:
    """An Open Badges 3.0 credential on VC 1.1, as VC 1.1 issuers sign it with Ed25519Signature2020."""
    return {
        "@context": ["https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
                     ED25519_2020_CONTEXT],
        "id": "urn:uuid:0b5bd3ae-8d7e-4b43-9a0e-1e0b0f7d2c11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": "Profile", "name": "Example University"},
        "issuanceDate": "2026-03-01T00:00:00Z",
        "name": "Intro to Python",
        "credentialSubject": {"type": "AchievementSubject", "id": "did:example:learner",
                              "achievement": {"id": "urn:uuid:5f2a8c1e-57f1-4c43-8f53-2d2b7f0a3e90",
                                              "type": "Achievement", "name": "Intro to Python",
                                              "description": "Wrote and tested a small program.",
                                              "criteria": {"narrative": "Pass the final assessment."}}},
    }


def context_2020() -> dict[str, Any]:
    """The Ed25519Signature2020 context, as npm ed25519-signature-2020-context 1.1.0 ships it."""
    return read_json(VECTORS_2020 / "ed25519-signature-2020-v1.jsonld")


def loader_2020() -> Loader:
    """credreg's bundled contexts plus the 2020 one, unless a later credreg bundles it itself."""
    extra = {ED25519_2020_CONTEXT: context_2020()}
    return make_loader({url: doc for url, doc in extra.items() if url not in bundled_contexts()})


def did_document(did: str, method: dict[str, Any], suite: str) -> dict[str, Any]:
    """A DID document listing `method` under assertionMethod, with the contexts its key type needs."""
    contexts = [DID_V1, ED25519_2020_CONTEXT if suite == "Ed25519Signature2020" else MULTIKEY_V1]
    return {"@context": contexts, "id": did, "verificationMethod": [method], "assertionMethod": [method["id"]]}


@dataclass(frozen=True)
class Case:
    name: str
    suite: str
    key: str             # P-256, P-384, Ed25519
    vc11: bool = False   # a VC 1.1 credential (Ed25519Signature2020)
    web_jwk: bool = False  # issuer is a did:web whose DID document publishes the key as a JsonWebKey2020


CASES = [
    Case("ecdsa-rdfc-2019 P-256 did:key", "ecdsa-rdfc-2019", "P-256"),
    Case("ecdsa-rdfc-2019 P-384 did:key", "ecdsa-rdfc-2019", "P-384"),
    Case("ecdsa-jcs-2019 P-256 did:key", "ecdsa-jcs-2019", "P-256"),
    Case("ecdsa-jcs-2019 P-384 did:key", "ecdsa-jcs-2019", "P-384"),
    Case("ecdsa-rdfc-2019 P-256 did:web JsonWebKey2020", "ecdsa-rdfc-2019", "P-256", web_jwk=True),
    Case("ecdsa-jcs-2019 P-384 did:web JsonWebKey2020", "ecdsa-jcs-2019", "P-384", web_jwk=True),
    Case("eddsa-rdfc-2022 did:key", "eddsa-rdfc-2022", "Ed25519"),
    Case("eddsa-jcs-2022 did:key", "eddsa-jcs-2022", "Ed25519"),
    Case("Ed25519Signature2020 VC 1.1 did:key", "Ed25519Signature2020", "Ed25519", vc11=True),
]

# (name, change made to the signed credential) — each must fail both verifiers on its signature
TAMPERS: list[tuple[str, Any]] = [
    ("name changed", lambda c: c.__setitem__("name", c["name"] + " (edited)")),
    ("achievement description changed",
     lambda c: c["credentialSubject"]["achievement"].__setitem__("description", "Did something else.")),
    ("proof created changed", lambda c: proofs_of(c)[0].__setitem__("created", "2026-03-02T10:00:01Z")),
    ("issuer name changed", lambda c: c["issuer"].__setitem__("name", "Someone Else")),
]


@dataclass(frozen=True)
class Signed:
    credential: dict[str, Any]
    issuer: str
    documents: dict[str, Any]   # URL / DID → JSON: contexts and the issuer's DID document


def _jwk_method(did: str, key: Key) -> dict[str, Any]:
    jwk = {k: v for k, v in key.spec["jwk"].items() if k != "d"}
    return {"id": f"{did}#key-1", "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": jwk}


def sign(node_bin: str, job: dict[str, Any]) -> dict[str, Any]:
    """tests/interop/sign.mjs on one job; fails the test with its output unless it signed."""
    proc = subprocess.run([node_bin, str(INTEROP / "sign.mjs")], input=json.dumps(job), cwd=INTEROP,
                          capture_output=True, text=True, check=False, timeout=NODE_TIMEOUT)
    try:
        output = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"sign.mjs printed no JSON (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    if proc.returncode != 0 or output.get("signed") is None:
        pytest.fail(f"sign.mjs did not sign (exit {proc.returncode}): {output.get('error')}\n{proc.stderr}",
                    pytrace=False)
    return output


def contexts_for_node() -> dict[str, Any]:
    """Every context either side may load: credreg's bundled ones and the 2020 one."""
    return {**context_documents(), ED25519_2020_CONTEXT: context_2020()}


@pytest.fixture(scope="module")
def signed(node: str) -> dict[str, Signed]:
    out: dict[str, Signed] = {}
    for case in CASES:
        key = make_key(case.key, case.name)
        if case.web_jwk:
            issuer, vm = WEB_DID, f"{WEB_DID}#key-1"
            method = _jwk_method(WEB_DID, key)
        else:
            issuer = key.did
            vm = f"{issuer}#{issuer.removeprefix('did:key:')}"
            method = None
        document = vc11_credential(issuer) if case.vc11 else ob3_credential(issuer)
        job = {"suite": case.suite, "document": document, "key": key.spec, "controller": issuer,
               "verificationMethod": vm, "created": CREATED, "documents": contexts_for_node()}
        result = sign(node, job)
        method = method or result["verificationMethod"]
        documents = {**contexts_for_node(), issuer: did_document(issuer, method, case.suite)}
        out[case.name] = Signed(result["signed"], issuer, documents)
    return out


def _fetcher(item: Signed) -> Fetcher:
    """A fetcher that serves only the issuer's did:web DID document (did:key needs none)."""
    served = {"https://issuer.example/.well-known/did.json": item.documents.get(WEB_DID)}
    return Fetcher(local=lambda url: served.get(url))


def credreg_steps(case: Case, item: Signed, credential: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(step, outcome, detail) of credreg's proof steps; for VC 1.1 + 2020 the suite itself, with the 2020
    context credreg does not bundle yet, after resolving the key as the proof step does."""
    if not case.vc11:
        return [(s.name, s.outcome.value, s.detail) for s in proof_steps(credential, _fetcher(item))]
    proof = proofs_of(credential)[0]
    key = resolve_key(proof["verificationMethod"], _fetcher(item))
    check = verify_any(credential, proof, key.key, loader_2020())
    return [(f"proof 1 ({case.suite})", "pass" if check.ok else "fail", check.reason)]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_both_verifiers_accept_what_digital_bazaar_signed(signed: dict[str, Signed], node: str, case: Case) -> None:
    item = signed[case.name]
    steps = credreg_steps(case, item, item.credential)
    assert [(name, outcome) for name, outcome, _ in steps] == [(f"proof 1 ({case.suite})", "pass")], steps
    if not case.vc11:
        assert steps[0][2].endswith(f"; {case.key} key")
    result = run_verify(node, item.credential, item.documents)
    assert result.output["verified"] is True, result.describe()


@pytest.mark.parametrize("case, tamper", [(c, t) for c in CASES for t in TAMPERS],
                         ids=[f"{c.name} / {t[0]}" for c in CASES for t in TAMPERS])
def test_both_verifiers_reject_a_tampered_credential(signed: dict[str, Signed], node: str, case: Case,
                                                     tamper: tuple[str, Any]) -> None:
    item = signed[case.name]
    credential = copy.deepcopy(item.credential)
    tamper[1](credential)
    steps = credreg_steps(case, item, credential)
    assert [(name, outcome) for name, outcome, _ in steps] == [(f"proof 1 ({case.suite})", "fail")], steps
    assert SIGNATURE_MISMATCH in steps[0][2]
    result = run_verify(node, credential, item.documents)
    assert result.output["verified"] is False and result.output["dbVerified"] is False, result.describe()
