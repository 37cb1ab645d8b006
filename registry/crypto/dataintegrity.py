"""Data Integrity proofs with the EdDSA cryptosuites eddsa-rdfc-2022 and eddsa-jcs-2022 (W3C, v1.0).

hashData = SHA-256(canonical proof configuration) ‖ SHA-256(canonical document), proof first; the
signature is Ed25519 over those 64 bytes and proofValue = "z" + base58btc(signature). Canonical
forms are always rebuilt from parsed values, never taken from text a caller hands in.
`verify_proof` reports a bad proof as a result and never raises for one.
"""
from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..errors import CryptoError
from .base58 import b58decode, b58encode
from .canonical import jcs, rdfc
from .jsonld import Loader, document_loader

PROOF_TYPE = "DataIntegrityProof"
EDDSA_RDFC = "eddsa-rdfc-2022"
EDDSA_JCS = "eddsa-jcs-2022"
CRYPTOSUITES = (EDDSA_RDFC, EDDSA_JCS)
SIGNATURE_MISMATCH = "signature mismatch: the document or proof was changed after signing, or another key signed it"
# XML Schema dateTime, which the cryptosuites require of `created` (the time zone is optional there).
_DATETIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


@dataclass(frozen=True)
class ProofCheck:
    """The outcome of checking one proof: ok, or the reason it failed, with what the proof claims."""

    ok: bool
    cryptosuite: str
    verification_method: str
    created: str
    reason: str = ""
    hint: str = ""  # how to fix it, when the failure is not simply a changed file (e.g. a poison graph)


def proofs_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's proofs as a list: `proof` may be one object (Digital Bazaar) or an array (OB 3.0)."""
    proof = document.get("proof")
    if proof is None:
        return []
    return [p for p in (proof if isinstance(proof, list) else [proof]) if isinstance(p, dict)]


def without_proof(document: dict[str, Any]) -> dict[str, Any]:
    """The unsecured document: everything but `proof` (a proof set is signed without any of its proofs)."""
    return {key: value for key, value in document.items() if key != "proof"}


def hash_data(document_without_proof: dict[str, Any], proof_config: dict[str, Any], cryptosuite: str,
              loader: Loader = document_loader) -> bytes:
    """The 64 bytes that are signed: SHA-256 of the canonical proof configuration, then of the canonical document.

    As both cryptosuites' proof configuration algorithms say, the configuration is the proof
    options without `proofValue`, with `@context` set to the document's `@context`.
    """
    if not isinstance(document_without_proof, dict) or not isinstance(proof_config, dict):
        raise CryptoError("a document and its proof configuration must be JSON objects")
    canonical = _canonicalizer(cryptosuite, loader)
    config = {key: value for key, value in proof_config.items() if key not in ("proofValue", "@context")}
    if "@context" in document_without_proof:
        config["@context"] = document_without_proof["@context"]
    return hashlib.sha256(canonical(config)).digest() + hashlib.sha256(canonical(document_without_proof)).digest()


def create_proof(document: dict[str, Any], private_key: Ed25519PrivateKey, verification_method: str,
                 cryptosuite: str, created: str, proof_purpose: str = "assertionMethod",
                 loader: Loader = document_loader) -> dict[str, Any]:
    """A DataIntegrityProof over `document` (any proofs it has are left out); the caller attaches it.

    For eddsa-jcs-2022 the proof carries the document's `@context`, as the cryptosuite's
    create-proof algorithm says; eddsa-rdfc-2022 proofs rely on the document's.
    """
    if cryptosuite not in CRYPTOSUITES:
        raise _unsupported(cryptosuite)
    if not isinstance(created, str) or not _DATETIME.fullmatch(created):
        raise CryptoError(f"created {created!r} is not an XML Schema dateTime", "use e.g. 2026-01-01T00:00:00Z")
    unsecured = without_proof(document)
    proof: dict[str, Any] = {"type": PROOF_TYPE, "cryptosuite": cryptosuite, "created": created,
                             "verificationMethod": verification_method, "proofPurpose": proof_purpose}
    if cryptosuite == EDDSA_JCS and "@context" in unsecured:
        proof["@context"] = copy.deepcopy(unsecured["@context"])
    signature = private_key.sign(hash_data(unsecured, proof, cryptosuite, loader))
    return {**proof, "proofValue": "z" + b58encode(signature)}


def verify_proof(document: dict[str, Any], proof: dict[str, Any], public_key_raw: bytes,
                 loader: Loader = document_loader) -> ProofCheck:
    """Check one proof of `document` with a raw 32-byte Ed25519 public key; never raises for a bad proof."""
    if not isinstance(proof, dict):
        return ProofCheck(False, "", "", "", "proof is not a JSON object")
    suite, vm, created = (proof.get(key) for key in ("cryptosuite", "verificationMethod", "created"))

    def fail(reason: str, hint: str = "") -> ProofCheck:
        return ProofCheck(False, str(suite or ""), str(vm or ""), str(created or ""), reason, hint)

    if not isinstance(document, dict):
        return fail("the document is not a JSON object")
    if proof.get("type") != PROOF_TYPE:
        return fail(f"unsupported proof type {proof.get('type')!r}")
    if suite not in CRYPTOSUITES:
        return fail(f"unsupported cryptosuite {suite!r}")
    for key in ("verificationMethod", "proofPurpose"):
        if not isinstance(proof.get(key), str) or not proof[key]:
            return fail(f"proof has no {key}")
    if created is not None and not (isinstance(created, str) and _DATETIME.fullmatch(created)):
        return fail(f"created {created!r} is not an XML Schema dateTime")
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        return fail("proofValue is not multibase base58btc (it must start with 'z')")
    try:
        signature = b58decode(value[1:])
    except CryptoError as exc:
        return fail(f"proofValue is not valid base58btc: {exc.message}")
    if len(signature) != 64:
        return fail(f"proofValue decodes to {len(signature)} bytes; an Ed25519 signature has 64")
    if not isinstance(public_key_raw, bytes) or len(public_key_raw) != 32:
        return fail("the public key is not 32 raw bytes of an Ed25519 key")
    unsecured = without_proof(document)
    if suite == EDDSA_JCS and "@context" in proof:
        # The cryptosuite's verify algorithm: the document's @context must start with the proof's,
        # and the proof's @context is what the document is hashed with.
        if not _starts_with(unsecured.get("@context"), proof["@context"]):
            return fail("the proof's @context is not the start of the document's @context")
        unsecured["@context"] = proof["@context"]
    try:
        data = hash_data(unsecured, proof, suite, loader)
    except CryptoError as exc:
        return fail(exc.message, exc.hint)
    try:
        Ed25519PublicKey.from_public_bytes(public_key_raw).verify(signature, data)
    except InvalidSignature:
        return fail(SIGNATURE_MISMATCH)
    return ProofCheck(True, str(suite), str(vm), str(created or ""))


def _canonicalizer(cryptosuite: str, loader: Loader) -> Callable[[dict[str, Any]], bytes]:
    """The canonicalization a cryptosuite signs; CryptoError for any other suite."""
    if cryptosuite == EDDSA_RDFC:
        return lambda value: rdfc(value, loader).encode("utf-8")
    if cryptosuite == EDDSA_JCS:
        return jcs
    raise _unsupported(cryptosuite)


def _unsupported(cryptosuite: object) -> CryptoError:
    """The error for a cryptosuite credreg does not implement."""
    return CryptoError(f"unsupported cryptosuite {cryptosuite!r}", f"supported: {', '.join(CRYPTOSUITES)}")


def _starts_with(document_context: Any, proof_context: Any) -> bool:
    """Whether the document's @context begins with every entry of the proof's, in order."""
    doc = document_context if isinstance(document_context, list) else [document_context]
    head = proof_context if isinstance(proof_context, list) else [proof_context]
    return doc[:len(head)] == head
