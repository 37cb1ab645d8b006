"""Data Integrity proofs with the EdDSA cryptosuites eddsa-rdfc-2022 and eddsa-jcs-2022 (W3C, v1.0).

hashData = SHA-256(canonical proof configuration) ‖ SHA-256(canonical document); the
signature is Ed25519 over those 64 bytes; proofValue = "z" + base58btc(signature).
`verify_proof` returns a result and never raises for a bad proof; `verify_proof_or_raise`
raises CryptoError, for callers that must stop.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..errors import CryptoError
from .base58 import b58decode, b58encode
from .canonical import jcs, rdfc
from .jsonld import Loader, document_loader

CRYPTOSUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022")


@dataclass(frozen=True)
class ProofCheck:
    """The outcome of checking one proof: ok, or the reason it failed."""

    ok: bool
    cryptosuite: str
    verification_method: str
    created: str
    reason: str = ""


def proofs_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's proofs as a list (`proof` may be one object or an array)."""
    proof = document.get("proof")
    if proof is None:
        return []
    proofs = proof if isinstance(proof, list) else [proof]
    return [p for p in proofs if isinstance(p, dict)]


def without_proof(document: dict[str, Any]) -> dict[str, Any]:
    """The unsecured document: everything but `proof`."""
    return {k: v for k, v in document.items() if k != "proof"}


def _proof_config(unsecured: dict[str, Any], proof: dict[str, Any], cryptosuite: str) -> dict[str, Any]:
    config = {k: v for k, v in proof.items() if k not in ("proofValue", "@context")}
    if cryptosuite == "eddsa-jcs-2022" and "@context" in proof:
        config["@context"] = proof["@context"]
    elif "@context" in unsecured:
        config["@context"] = unsecured["@context"]
    return config


def hash_data(unsecured: dict[str, Any], proof_config: dict[str, Any], cryptosuite: str,
              loader: Loader = document_loader) -> bytes:
    """The 64 bytes that are signed: hash of the canonical proof configuration, then of the document."""
    if cryptosuite == "eddsa-rdfc-2022":
        config_c, doc_c = rdfc(proof_config, loader).encode(), rdfc(unsecured, loader).encode()
    elif cryptosuite == "eddsa-jcs-2022":
        config_c, doc_c = jcs(proof_config), jcs(unsecured)
    else:
        raise CryptoError(f"unknown cryptosuite {cryptosuite!r}", f"supported: {', '.join(CRYPTOSUITES)}")
    return hashlib.sha256(config_c).digest() + hashlib.sha256(doc_c).digest()


def create_proof(document: dict[str, Any], private_key: Ed25519PrivateKey, verification_method: str,
                 cryptosuite: str, created: str, proof_purpose: str = "assertionMethod",
                 loader: Loader = document_loader) -> dict[str, Any]:
    """A DataIntegrityProof over `document` (its existing proofs excluded)."""
    unsecured = without_proof(document)
    proof: dict[str, Any] = {"type": "DataIntegrityProof", "cryptosuite": cryptosuite, "created": created,
                             "verificationMethod": verification_method, "proofPurpose": proof_purpose}
    if cryptosuite == "eddsa-jcs-2022" and "@context" in unsecured:
        proof["@context"] = unsecured["@context"]
    signature = private_key.sign(hash_data(unsecured, _proof_config(unsecured, proof, cryptosuite), cryptosuite, loader))
    return {**proof, "proofValue": "z" + b58encode(signature)}


def verify_proof(document: dict[str, Any], proof: dict[str, Any], public_key: bytes,
                 loader: Loader = document_loader) -> ProofCheck:
    """Check one proof of `document` with a raw Ed25519 public key; never raises for a bad proof."""
    suite = str(proof.get("cryptosuite", ""))
    vm, created = str(proof.get("verificationMethod", "")), str(proof.get("created", ""))

    def fail(reason: str) -> ProofCheck:
        return ProofCheck(False, suite, vm, created, reason)

    if proof.get("type") != "DataIntegrityProof":
        return fail(f"unsupported proof type {proof.get('type')!r}")
    if suite not in CRYPTOSUITES:
        return fail(f"unsupported cryptosuite {suite!r}")
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        return fail("proofValue is not multibase base58btc (it must start with 'z')")
    try:
        signature = b58decode(value[1:])
    except CryptoError as exc:
        return fail(f"proofValue is not valid base58btc: {exc.message}")
    if len(signature) != 64:
        return fail(f"proofValue decodes to {len(signature)} bytes; an Ed25519 signature has 64")
    unsecured = without_proof(document)
    if suite == "eddsa-jcs-2022" and "@context" in proof:
        doc_context = unsecured.get("@context")
        proof_context = proof["@context"] if isinstance(proof["@context"], list) else [proof["@context"]]
        doc_list = doc_context if isinstance(doc_context, list) else [doc_context]
        if doc_list[:len(proof_context)] != proof_context:
            return fail("the proof's @context does not match the start of the document's @context")
    try:
        data = hash_data(unsecured, _proof_config(unsecured, proof, suite), suite, loader)
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except InvalidSignature:
        return fail("signature mismatch: the document or proof was changed after signing, or another key signed it")
    except CryptoError as exc:
        return fail(exc.message)
    except ValueError as exc:
        return fail(f"bad public key: {exc}")
    return ProofCheck(True, suite, vm, created)


def verify_proof_or_raise(document: dict[str, Any], proof: dict[str, Any], public_key: bytes,
                          loader: Loader = document_loader) -> ProofCheck:
    """Like verify_proof, but a failure raises CryptoError."""
    result = verify_proof(document, proof, public_key, loader)
    if not result.ok:
        raise CryptoError(f"proof ({result.cryptosuite}) does not verify: {result.reason}",
                          "the credential was altered or signed with another key")
    return result
