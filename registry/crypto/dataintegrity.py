"""Data Integrity proofs with the EdDSA cryptosuites eddsa-rdfc-2022 and eddsa-jcs-2022 (W3C, v1.0),
and the parts every proof family shares (ecdsa.py, ed25519_2020.py): hashing, the proof's shape checks.

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
# What each canonicalization serves, across the Data Integrity families (ecdsa.py uses hash_data too).
RDFC_SUITES = frozenset({EDDSA_RDFC, "ecdsa-rdfc-2019"})
JCS_SUITES = frozenset({EDDSA_JCS, "ecdsa-jcs-2019"})
SIGNATURE_MISMATCH = "signature mismatch: the document or proof was changed after signing, or another key signed it"
# XML Schema dateTime, which the cryptosuites require of `created` (the time zone is optional there).
DATETIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


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
              loader: Loader = document_loader, digest: str = "sha256", with_context: bool = True) -> bytes:
    """The bytes that are signed: the hash of the canonical proof configuration, then of the canonical document.

    As the cryptosuites' proof configuration algorithms say, the configuration is the proof options
    without `proofValue`, with `@context` set to the document's `@context`. `with_context=False` leaves
    @context out: a JCS proof that carries none was signed without one (made before the specifications
    asked signers to copy the document's @context into the proof, like the W3C ecdsa-jcs-2019 vectors),
    which is how Digital Bazaar's JCS verifiers hash it too. `digest` is SHA-256 for the EdDSA suites and
    P-256, SHA-384 for P-384 (hashlib names).
    """
    if not isinstance(document_without_proof, dict) or not isinstance(proof_config, dict):
        raise CryptoError("a document and its proof configuration must be JSON objects")
    canonical = _canonicalizer(cryptosuite, loader, digest)
    config = {key: value for key, value in proof_config.items() if key not in ("proofValue", "@context")}
    if with_context and "@context" in document_without_proof:
        config["@context"] = document_without_proof["@context"]
    return (hashlib.new(digest, canonical(config)).digest()
            + hashlib.new(digest, canonical(document_without_proof)).digest())


def create_proof(document: dict[str, Any], private_key: Ed25519PrivateKey, verification_method: str,
                 cryptosuite: str, created: str, proof_purpose: str = "assertionMethod",
                 loader: Loader = document_loader) -> dict[str, Any]:
    """A DataIntegrityProof over `document` (any proofs it has are left out); the caller attaches it.

    For eddsa-jcs-2022 the proof carries the document's `@context`, as the cryptosuite's
    create-proof algorithm says; eddsa-rdfc-2022 proofs rely on the document's.
    """
    if cryptosuite not in CRYPTOSUITES:
        raise _unsupported(cryptosuite)
    if not isinstance(created, str) or not DATETIME.fullmatch(created):
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
    """Check one eddsa proof of `document` with a raw 32-byte Ed25519 public key; never raises for a bad proof."""
    checked = preflight(document, proof, PROOF_TYPE, CRYPTOSUITES)
    if isinstance(checked, ProofCheck):
        return checked
    signature, fail = checked
    suite = str(proof["cryptosuite"])
    if len(signature) != 64:
        return fail(f"proofValue decodes to {len(signature)} bytes; an Ed25519 signature has 64")
    if not isinstance(public_key_raw, bytes) or len(public_key_raw) != 32:
        return fail("the public key is not 32 raw bytes of an Ed25519 key")
    unsecured = secured_view(document, proof, suite == EDDSA_JCS)
    if isinstance(unsecured, str):
        return fail(unsecured)
    try:
        data = hash_data(unsecured, proof, suite, loader, with_context=jcs_context(proof))
    except CryptoError as exc:
        return fail(exc.message, exc.hint)
    try:
        Ed25519PublicKey.from_public_bytes(public_key_raw).verify(signature, data)
    except InvalidSignature:
        return fail(SIGNATURE_MISMATCH)
    return passed(proof)


Fail = Callable[..., ProofCheck]


def failure(proof: Any) -> Fail:
    """A builder of failing ProofChecks that carry what `proof` claims (suite, method, created)."""
    claims = proof if isinstance(proof, dict) else {}
    suite = claims.get("cryptosuite") or claims.get("type")

    def fail(reason: str, hint: str = "") -> ProofCheck:
        return ProofCheck(False, str(suite or ""), str(claims.get("verificationMethod") or ""),
                          str(claims.get("created") or ""), reason, hint)
    return fail


def passed(proof: dict[str, Any]) -> ProofCheck:
    """The ProofCheck of a proof whose signature verified."""
    return ProofCheck(True, str(proof.get("cryptosuite") or proof.get("type")), str(proof["verificationMethod"]),
                      str(proof.get("created") or ""))


def preflight(document: Any, proof: Any, proof_type: str, suites: tuple[str, ...] | None) -> tuple[bytes, Fail] | ProofCheck:
    """The checks every proof shares, before any hashing: its type and cryptosuite (`suites`, None for a
    proof type without one), verificationMethod, proofPurpose, `created`, and a base58btc proofValue.

    Returns the decoded signature and a failure builder, or the failing ProofCheck.
    """
    fail = failure(proof)
    if not isinstance(proof, dict):
        return fail("proof is not a JSON object")
    if not isinstance(document, dict):
        return fail("the document is not a JSON object")
    if proof.get("type") != proof_type:
        return fail(f"unsupported proof type {proof.get('type')!r}")
    if suites is not None and proof.get("cryptosuite") not in suites:
        return fail(f"unsupported cryptosuite {proof.get('cryptosuite')!r}")
    for key in ("verificationMethod", "proofPurpose"):
        if not isinstance(proof.get(key), str) or not proof[key]:
            return fail(f"proof has no {key}")
    created = proof.get("created")
    if created is not None and not (isinstance(created, str) and DATETIME.fullmatch(created)):
        return fail(f"created {created!r} is not an XML Schema dateTime")
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        return fail("proofValue is not multibase base58btc (it must start with 'z')")
    try:
        return b58decode(value[1:]), fail
    except CryptoError as exc:
        return fail(f"proofValue is not valid base58btc: {exc.message}")


def jcs_context(proof: dict[str, Any]) -> bool:
    """Whether a proof's configuration is hashed with an @context: always for RDFC, for JCS when the proof has one."""
    return proof.get("cryptosuite") not in JCS_SUITES or "@context" in proof


def secured_view(document: dict[str, Any], proof: dict[str, Any], jcs_suite: bool) -> dict[str, Any] | str:
    """The unsecured document to hash, or why the proof cannot apply to it.

    The JCS suites' verify algorithm: when the proof carries an @context, the document's @context
    must start with it, and the proof's @context is what the document is hashed with.
    """
    unsecured = without_proof(document)
    if jcs_suite and "@context" in proof:
        if not _starts_with(unsecured.get("@context"), proof["@context"]):
            return "the proof's @context is not the start of the document's @context"
        unsecured["@context"] = proof["@context"]
    return unsecured


def _canonicalizer(cryptosuite: str, loader: Loader, digest: str = "sha256") -> Callable[[dict[str, Any]], bytes]:
    """The canonicalization a cryptosuite signs; CryptoError for any other suite. RDFC-1.0 labels blank
    nodes with the suite's hash too (SHA-384 for P-384 keys, as vc-di-ecdsa and Digital Bazaar do)."""
    if cryptosuite in RDFC_SUITES:
        return lambda value: rdfc(value, loader, digest).encode("utf-8")
    if cryptosuite in JCS_SUITES:
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
