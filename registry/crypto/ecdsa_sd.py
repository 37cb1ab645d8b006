"""Verification of ecdsa-sd-2023 derived proofs (W3C Data Integrity ECDSA Cryptosuites v1.0, createVerifyData
and "Verify Derived Proof"): what a holder presents after disclosing only some statements.

The document without its proof is canonicalized with RDFC-1.0 (bounded, safe mode, bundled contexts) and its
blank nodes are relabelled with the proof's label map (the issuer's HMAC ids), then sorted; mandatoryIndexes
split those N-Quads into mandatory and disclosed ones. The issuer's key signs proofHash ‖ publicKey ‖
mandatoryHash (SHA-256 with P-256, SHA-384 with P-384, as the spec ties the hash to the curve), and the
proof-scoped P-256 key (publicKey) signs each disclosed N-Quad. `verify_derived_proof` never raises for a bad proof.
"""
from __future__ import annotations

import hashlib
import re
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from ..errors import CryptoError
from .canonical import rdfc
from .dataintegrity import DATETIME, PROOF_TYPE, SIGNATURE_MISMATCH, ProofCheck, without_proof
from .ecdsa_sd_cbor import DerivedProofValue, parse_derived_proof_value
from .jsonld import Loader, document_loader

ECDSA_SD = "ecdsa-sd-2023"
P256_PUB = b"\x80\x24"
# A canonical N-Quad's terms: a literal or an IRI (skipped, whatever they hold) or a blank node label.
_TERM = re.compile(r'"(?:[^"\\]|\\.)*"|<[^>]*>|_:(\S+)')
_CURVES: dict[str, tuple[int, hashes.HashAlgorithm, Any]] = {
    # curve name → (bytes of r and of s, the signature's hash, the hashlib function for proofHash/mandatoryHash)
    "secp256r1": (32, hashes.SHA256(), hashlib.sha256),
    "secp384r1": (48, hashes.SHA384(), hashlib.sha384),
}


def verify_derived_proof(document: dict[str, Any], proof: dict[str, Any], public_key: ec.EllipticCurvePublicKey,
                         loader: Loader = document_loader) -> ProofCheck:
    """Check one ecdsa-sd-2023 derived proof of `document` with the issuer's P-256 or P-384 key; never raises."""
    if not isinstance(proof, dict):
        return ProofCheck(False, ECDSA_SD, "", "", "proof is not a JSON object")
    vm, created = proof.get("verificationMethod"), proof.get("created")

    def fail(reason: str, hint: str = "") -> ProofCheck:
        return ProofCheck(False, ECDSA_SD, str(vm or ""), str(created or ""), reason, hint)

    problem = _proof_problem(document, proof, public_key)
    if problem:
        return fail(problem)
    try:
        parts = parse_derived_proof_value(proof.get("proofValue"))
        ok = _verify(document, proof, parts, public_key, loader)
    except CryptoError as exc:
        return fail(exc.message, exc.hint)
    if not ok:
        return fail(SIGNATURE_MISMATCH)
    return ProofCheck(True, ECDSA_SD, str(vm), str(created or ""))


def _proof_problem(document: Any, proof: dict[str, Any], public_key: Any) -> str:
    """What makes the proof or key unusable before any cryptography, or ""."""
    if not isinstance(document, dict):
        return "the document is not a JSON object"
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != ECDSA_SD:
        return f"not an {ECDSA_SD} DataIntegrityProof (type {proof.get('type')!r}, cryptosuite " \
               f"{proof.get('cryptosuite')!r})"
    for key in ("verificationMethod", "proofPurpose"):
        if not isinstance(proof.get(key), str) or not proof[key]:
            return f"proof has no {key}"
    created = proof.get("created")
    if created is not None and not (isinstance(created, str) and DATETIME.fullmatch(created)):
        return f"created {created!r} is not an XML Schema dateTime"
    if not isinstance(public_key, ec.EllipticCurvePublicKey) or public_key.curve.name not in _CURVES:
        return "the issuer's key is not a P-256 or P-384 key, which ecdsa-sd-2023 requires"
    return ""


def _verify(document: dict[str, Any], proof: dict[str, Any], parts: DerivedProofValue,
            issuer_key: ec.EllipticCurvePublicKey, loader: Loader) -> bool:
    """createVerifyData, then the signature checks; CryptoError for a proof that is malformed, not merely wrong."""
    size, algorithm, digest = _CURVES[issuer_key.curve.name]
    if len(parts.base_signature) != 2 * size:
        raise CryptoError(f"baseSignature has {len(parts.base_signature)} bytes; a {issuer_key.curve.name} "
                          f"signature has {2 * size}", "the proof was made with a key of another curve")
    ephemeral = _proof_scoped_key(parts.public_key)
    unsecured = without_proof(document)
    config = {key: value for key, value in proof.items() if key not in ("proofValue", "@context")}
    if "@context" in unsecured:
        config["@context"] = unsecured["@context"]
    proof_hash = digest(rdfc(config, loader).encode("utf-8")).digest()
    nquads = relabelled_nquads(rdfc(unsecured, loader), parts.label_map)
    covered = len(parts.mandatory_indexes) + len(parts.signatures)
    if covered != len(nquads):
        raise CryptoError(f"the document has {len(nquads)} statements but the proof covers {covered} "
                          f"({len(parts.mandatory_indexes)} mandatory, {len(parts.signatures)} disclosed)",
                          "a statement was added to or removed from the disclosed credential")
    if parts.mandatory_indexes and parts.mandatory_indexes[-1] >= len(nquads):
        raise CryptoError(f"mandatoryIndexes names statement {parts.mandatory_indexes[-1]}; the document has "
                          f"{len(nquads)}")
    chosen = set(parts.mandatory_indexes)
    mandatory = [quad for index, quad in enumerate(nquads) if index in chosen]
    disclosed = [quad for index, quad in enumerate(nquads) if index not in chosen]  # as many as signatures
    mandatory_hash = digest("".join(mandatory).encode("utf-8")).digest()
    if not _ecdsa_ok(issuer_key, parts.base_signature, proof_hash + parts.public_key + mandatory_hash, size,
                     algorithm):
        return False
    return all(_ecdsa_ok(ephemeral, signature, quad.encode("utf-8"), 32, hashes.SHA256())
               for signature, quad in zip(parts.signatures, disclosed))


def relabelled_nquads(canonical: str, label_map: dict[str, str]) -> list[str]:
    """The canonical N-Quads with every blank node label replaced by its label map id, sorted as Digital Bazaar
    sorts them (by UTF-16 code units, JavaScript's default order, which the signer used)."""
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        label = match.group(1)
        if label is None:
            return match.group(0)
        if label not in label_map:
            missing.append(label)
            return match.group(0)
        return "_:" + label_map[label]

    quads = [_TERM.sub(replace, line) + "\n" for line in canonical.split("\n")[:-1]]
    if missing:
        raise CryptoError(f"the proof's label map has no entry for blank node {missing[0]}",
                          "the document's blank nodes are not the ones the holder disclosed")
    return sorted(quads, key=lambda quad: quad.encode("utf-16-be"))


def _proof_scoped_key(multikey: bytes) -> ec.EllipticCurvePublicKey:
    """The proof-scoped key from its multikey bytes, which the spec requires to be P-256."""
    if not multikey.startswith(P256_PUB):
        raise CryptoError(f"the proof-scoped publicKey is not a P-256 Multikey (prefix 0x{multikey[:2].hex()}, "
                          "expected 0x8024)")
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), multikey[2:])
    except ValueError:
        raise CryptoError("the proof-scoped publicKey is not a point on P-256") from None


def _ecdsa_ok(key: ec.EllipticCurvePublicKey, signature: bytes, data: bytes, size: int,
              algorithm: hashes.HashAlgorithm) -> bool:
    """Whether an IEEE P1363 (r ‖ s) ECDSA signature verifies."""
    r, s = int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
    try:
        key.verify(encode_dss_signature(r, s), data, ec.ECDSA(algorithm))
    except InvalidSignature:
        return False
    return True
