"""Ed25519Signature2020: Digital Bazaar's published test vector, and credreg's own proofs round trip."""
from __future__ import annotations

import copy
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from support import EXAMPLES_CONTEXT, VECTORS, W3C, read_json

from registry.crypto import ed25519_2020
from registry.crypto.dataintegrity import SIGNATURE_MISMATCH, proofs_of
from registry.crypto.jsonld import Loader, bundled_contexts, make_loader
from registry.crypto.multikey import key_from_did_key
from registry.crypto.suites import known, suite_of, verify_any

FOLDER = VECTORS / "ed25519-2020"


def loader() -> Loader:
    """Bundled contexts plus the W3C examples context and the 2020 suite context (unless bundled by then)."""
    extra = {EXAMPLES_CONTEXT: read_json(W3C / "contexts" / "credentials-examples-v2.jsonld"),
             ed25519_2020.CONTEXT: read_json(FOLDER / "ed25519-signature-2020-v1.jsonld")}
    return make_loader({url: doc for url, doc in extra.items() if url not in bundled_contexts()})


def vector() -> dict[str, Any]:
    return read_json(FOLDER / "signed-alumni.json")


def test_digital_bazaar_vector_verifies() -> None:
    document = vector()
    proof = proofs_of(document)[0]
    assert known(proof) and suite_of(proof) == "Ed25519Signature2020"
    check = verify_any(document, proof, key_from_did_key(proof["verificationMethod"]), loader())
    assert (check.ok, check.reason, check.cryptosuite) == (True, "", "Ed25519Signature2020")


# (name, change to the signed vector) — each breaks the signature
CHANGES = [
    ("subject changed", lambda d: d["credentialSubject"].__setitem__("alumniOf", "Another School")),
    ("proof created changed", lambda d: d["proof"].__setitem__("created", "2023-02-24T23:36:39Z")),
    ("proof purpose changed", lambda d: d["proof"].__setitem__("proofPurpose", "authentication")),
    ("issuer changed", lambda d: d.__setitem__("issuer", "https://vc.example/issuers/1234")),
]


@pytest.mark.parametrize("change", [c[1] for c in CHANGES], ids=[c[0] for c in CHANGES])
def test_a_changed_vector_fails_on_its_signature(change: Any) -> None:
    document = copy.deepcopy(vector())
    change(document)
    proof = document["proof"]
    check = verify_any(document, proof, key_from_did_key(proof["verificationMethod"]), loader())
    assert (check.ok, check.reason) == (False, SIGNATURE_MISMATCH)


def test_credreg_proofs_round_trip() -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    document = {k: v for k, v in vector().items() if k != "proof"}
    proof = ed25519_2020.create_proof(document, key, "did:example:issuer#key-1", "2026-03-02T10:00:00Z",
                                      loader=loader())
    assert ed25519_2020.verify_proof({**document, "proof": proof}, proof, key.public_key(), loader()).ok


def test_a_document_without_the_suite_context_is_refused() -> None:
    """Without the 2020 context the proof's terms mean something else (here, the examples context's @vocab)."""
    document = vector()
    document["@context"] = document["@context"][:2]
    proof = document["proof"]
    check = verify_any(document, proof, key_from_did_key(proof["verificationMethod"]), loader())
    assert not check.ok and check.reason.startswith("the document's @context does not name "
                                                    "https://w3id.org/security/suites/ed25519-2020/v1")
