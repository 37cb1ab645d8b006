"""Ed25519Signature2020 proofs (W3C CCG Data Integrity EdDSA 2020), as VC 1.1 Open Badges 3.0 issuers sign them.

The proof's `type` is Ed25519Signature2020 and it has no cryptosuite. As Digital Bazaar's
jsonld-signatures does: the proof options (without proofValue, jws and signatureValue) take the
document's @context unless they carry their own, both are canonicalized with URDNA2015 (RDFC-1.0),
each is hashed with SHA-256, options first, and Ed25519 signs those 64 bytes; proofValue is
"z" + base58btc(signature). The document must name the suite's context (or terms are undefined).
"""
from __future__ import annotations

import hashlib
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..errors import CryptoError
from .base58 import b58encode
from .canonical import rdfc
from .dataintegrity import DATETIME, SIGNATURE_MISMATCH, ProofCheck, passed, preflight, without_proof
from .jsonld import Loader, document_loader
from .publickeys import describe_key

PROOF_TYPE = "Ed25519Signature2020"
CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"
_NOT_SIGNED = ("proofValue", "jws", "signatureValue")


def hash_data(document_without_proof: dict[str, Any], proof: dict[str, Any], loader: Loader = document_loader) -> bytes:
    """SHA-256 of the canonical proof options, then SHA-256 of the canonical document (64 bytes)."""
    options = {"@context": document_without_proof.get("@context"),
               **{key: value for key, value in proof.items() if key not in _NOT_SIGNED}}
    if options["@context"] is None:
        del options["@context"]
    return (hashlib.sha256(rdfc(options, loader).encode("utf-8")).digest()
            + hashlib.sha256(rdfc(document_without_proof, loader).encode("utf-8")).digest())


def create_proof(document: dict[str, Any], private_key: Ed25519PrivateKey, verification_method: str, created: str,
                 proof_purpose: str = "assertionMethod", loader: Loader = document_loader) -> dict[str, Any]:
    """An Ed25519Signature2020 proof over `document` (any proofs it has are left out); the caller attaches it."""
    if not isinstance(created, str) or not DATETIME.fullmatch(created):
        raise CryptoError(f"created {created!r} is not an XML Schema dateTime", "use e.g. 2026-01-01T00:00:00Z")
    proof: dict[str, Any] = {"type": PROOF_TYPE, "created": created, "verificationMethod": verification_method,
                             "proofPurpose": proof_purpose}
    signature = private_key.sign(hash_data(without_proof(document), proof, loader))
    return {**proof, "proofValue": "z" + b58encode(signature)}


def verify_proof(document: dict[str, Any], proof: dict[str, Any], public_key: object,
                 loader: Loader = document_loader) -> ProofCheck:
    """Check one Ed25519Signature2020 proof with an Ed25519 key; never raises for a bad proof."""
    checked = preflight(document, proof, PROOF_TYPE, None)
    if isinstance(checked, ProofCheck):
        return checked
    signature, fail = checked
    if not isinstance(public_key, Ed25519PublicKey):
        return fail(f"{PROOF_TYPE} needs an Ed25519 key, but the verification method holds a {describe_key(public_key)} key",
                    "the proof names a key of another kind than its proof type signs with")
    if len(signature) != 64:
        return fail(f"proofValue decodes to {len(signature)} bytes; an Ed25519 signature has 64")
    context = document.get("@context")
    if CONTEXT not in (context if isinstance(context, list) else [context]):
        return fail(f"the document's @context does not name {CONTEXT}, which defines {PROOF_TYPE}'s terms",
                    "an Ed25519Signature2020 credential lists that context, as its signer must have")
    try:
        data = hash_data(without_proof(document), proof, loader)
    except CryptoError as exc:
        return fail(exc.message, exc.hint)
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return fail(SIGNATURE_MISMATCH)
    return passed(proof)
