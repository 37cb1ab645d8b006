"""Each way a proof can be bad gives its own exact reason; verify_proof never raises for one."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from support import EXAMPLES_CONTEXT, W3C, read_json, w3c_loader, w3c_private_key, w3c_public_key

from registry.crypto.base58 import b58decode, b58encode
from registry.crypto.canonical import CanonicalizationError
from registry.crypto.dataintegrity import SIGNATURE_MISMATCH, create_proof, verify_proof
from registry.crypto.jsonld import document_loader
from registry.errors import ContextNotBundled, CryptoError

V2 = "https://www.w3.org/ns/credentials/v2"
Change = Callable[[dict[str, Any], dict[str, Any]], None]


def other_public_key() -> bytes:
    return Ed25519PrivateKey.from_private_bytes(bytes(32)).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def set_proof(key: str, value: Any) -> Change:
    return lambda doc, proof: proof.__setitem__(key, value)


def drop_proof(key: str) -> Change:
    return lambda doc, proof: proof.pop(key)


def set_doc(key: str, value: Any) -> Change:
    return lambda doc, proof: doc.__setitem__(key, value)


def signature_of(proof: dict[str, Any]) -> bytes:
    return b58decode(proof["proofValue"][1:])


@dataclass(frozen=True)
class Case:
    id: str
    suite: str
    change: Change
    reason: str
    product_loader: bool = False
    key: Callable[[], bytes] = w3c_public_key


CASES = [
    Case("unknown-cryptosuite", "eddsa-rdfc-2022", set_proof("cryptosuite", "eddsa-2099"),
         "unsupported cryptosuite 'eddsa-2099'"),
    Case("missing-cryptosuite", "eddsa-rdfc-2022", drop_proof("cryptosuite"), "unsupported cryptosuite None"),
    Case("unknown-proof-type", "eddsa-rdfc-2022", set_proof("type", "Ed25519Signature2020"),
         "unsupported proof type 'Ed25519Signature2020'"),
    Case("proofvalue-not-starting-with-z", "eddsa-rdfc-2022", set_proof("proofValue", "u" + "A" * 86),
         "proofValue is not multibase base58btc (it must start with 'z')"),
    Case("proofvalue-missing", "eddsa-jcs-2022", drop_proof("proofValue"),
         "proofValue is not multibase base58btc (it must start with 'z')"),
    Case("proofvalue-bad-base58-char", "eddsa-rdfc-2022",
         lambda doc, proof: proof.__setitem__("proofValue", proof["proofValue"][:11] + "0" + proof["proofValue"][12:]),
         "proofValue is not valid base58btc: invalid base58 character '0' at position 11"),
    Case("truncated-signature", "eddsa-rdfc-2022",
         lambda doc, proof: proof.__setitem__("proofValue", "z" + b58encode(signature_of(proof)[:63])),
         "proofValue decodes to 63 bytes; an Ed25519 signature has 64"),
    Case("created-not-a-datetime", "eddsa-jcs-2022", set_proof("created", "yesterday"),
         "created 'yesterday' is not an XML Schema dateTime"),
    Case("no-proof-purpose", "eddsa-rdfc-2022", drop_proof("proofPurpose"), "proof has no proofPurpose"),
    Case("no-verification-method", "eddsa-jcs-2022", drop_proof("verificationMethod"),
         "proof has no verificationMethod"),
    Case("changed-created", "eddsa-rdfc-2022", set_proof("created", "2023-02-25T00:00:00Z"), SIGNATURE_MISMATCH),
    Case("changed-proof-purpose", "eddsa-jcs-2022", set_proof("proofPurpose", "authentication"), SIGNATURE_MISMATCH),
    Case("changed-document-rdfc", "eddsa-rdfc-2022", set_doc("name", "Another Credential"), SIGNATURE_MISMATCH),
    Case("changed-document-jcs", "eddsa-jcs-2022", set_doc("name", "Another Credential"), SIGNATURE_MISMATCH),
    Case("other-key", "eddsa-rdfc-2022", lambda doc, proof: None, SIGNATURE_MISMATCH, key=other_public_key),
    Case("public-key-not-32-bytes", "eddsa-jcs-2022", lambda doc, proof: None,
         "the public key is not 32 raw bytes of an Ed25519 key", key=lambda: w3c_public_key()[:31]),
    Case("context-not-bundled", "eddsa-rdfc-2022", lambda doc, proof: None,
         f"JSON-LD context {EXAMPLES_CONTEXT} is not bundled with credreg", product_loader=True),
    Case("undefined-term", "eddsa-rdfc-2022", set_doc("@context", [V2]),
         "JSON-LD canonicalization failed: term 'alumniOf' is not defined by the document's @context, "
         "so it would be left unsigned", product_loader=True),
    Case("relative-iri", "eddsa-rdfc-2022", set_doc("issuer", "issuers/5678"),
         "JSON-LD canonicalization failed: @id 'issuers/5678' is not an absolute IRI, so it would be left unsigned"),
    Case("control-character", "eddsa-rdfc-2022", set_doc("name", "Alumni\bCredential"),
         "JSON-LD canonicalization failed: a string holds control character U+0008, "
         "which pyld cannot escape as RDFC-1.0 requires"),
    Case("jcs-proof-context-not-a-prefix", "eddsa-jcs-2022", set_proof("@context", [EXAMPLES_CONTEXT, V2]),
         "the proof's @context is not the start of the document's @context"),
    Case("jcs-proof-context-longer-than-document-context", "eddsa-jcs-2022", set_doc("@context", [V2]),
         "the proof's @context is not the start of the document's @context"),
    Case("jcs-number-out-of-range", "eddsa-jcs-2022", set_doc("credits", 2 ** 60),
         "cannot canonicalize as JSON (RFC 8785): 1152921504606846976 exceeds safe integer domain for JSON "
         "floats"),
]


def signed(suite: str) -> tuple[dict[str, Any], dict[str, Any]]:
    doc = read_json(W3C / suite / ("signedDataInt.json" if suite == "eddsa-rdfc-2022" else "signedJCS.json"))
    return doc, doc["proof"]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_proof_gives_exact_reason(case: Case) -> None:
    doc, proof = signed(case.suite)
    case.change(doc, proof)
    check = verify_proof(doc, proof, case.key(), document_loader if case.product_loader else w3c_loader())
    assert (check.ok, check.reason) == (False, case.reason)


@pytest.mark.parametrize("proof, reason", [
    ("z2YwC8z3ap7yx1nZYCg4L3j3ApHsF8kgPdSb5xoS1VR7vPG3F561B52hYnQF9iseabecm3ijx4K1FBTQsCZahKZme",
     "proof is not a JSON object"),
    (None, "proof is not a JSON object"),
], ids=["proof-is-a-string", "proof-is-null"])
def test_malformed_proof_values(proof: Any, reason: str) -> None:
    doc, _ = signed("eddsa-rdfc-2022")
    assert verify_proof(doc, proof, w3c_public_key(), w3c_loader()).reason == reason


def test_jcs_document_context_may_grow_after_signing_as_the_spec_says() -> None:
    """eddsa-jcs-2022 verification hashes the document with the proof's @context when the
    document's merely starts with it; so appending a context does not break the signature."""
    doc, proof = signed("eddsa-jcs-2022")
    doc["@context"] = [*doc["@context"], {"extra": "https://extra.example/#extra"}]
    assert verify_proof(doc, proof, w3c_public_key(), w3c_loader()).ok


def test_a_changed_document_is_a_result_not_an_exception() -> None:
    doc, proof = signed("eddsa-rdfc-2022")
    doc["name"] = "Another Credential"
    check = verify_proof(doc, proof, w3c_public_key(), w3c_loader())
    assert (check.ok, check.reason) == (False, SIGNATURE_MISMATCH)


CREATE_FAILURES = [
    ("unknown-cryptosuite", {"cryptosuite": "eddsa-2099"}, None, CryptoError, "unsupported cryptosuite 'eddsa-2099'"),
    ("created-not-a-datetime", {"created": "2023-02-24"}, None, CryptoError,
     "created '2023-02-24' is not an XML Schema dateTime"),
    ("context-not-bundled", {}, None, ContextNotBundled,
     f"JSON-LD context {EXAMPLES_CONTEXT} is not bundled with credreg"),
    ("undefined-term", {}, [V2], CanonicalizationError,
     "JSON-LD canonicalization failed: term 'alumniOf' is not defined by the document's @context, "
     "so it would be left unsigned"),
]


@pytest.mark.parametrize("changes, context, error, message", [c[1:] for c in CREATE_FAILURES],
                         ids=[c[0] for c in CREATE_FAILURES])
def test_create_proof_refuses(changes: dict[str, str], context: list[str] | None, error: type[CryptoError],
                              message: str) -> None:
    doc = read_json(W3C / "unsigned.json")
    if context:
        doc["@context"] = context
    args = {"verification_method": "did:key:z#z", "cryptosuite": "eddsa-rdfc-2022",
            "created": "2023-02-24T23:36:38Z", **changes}
    with pytest.raises(error) as info:
        create_proof(doc, w3c_private_key(), loader=document_loader, **args)
    assert type(info.value) is error and info.value.message == message
