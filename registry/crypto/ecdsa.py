"""Data Integrity proofs with the ECDSA cryptosuites ecdsa-rdfc-2019 and ecdsa-jcs-2019 (W3C vc-di-ecdsa).

The key's curve picks the hash: P-256 → SHA-256, P-384 → SHA-384, for the two halves of hashData
(proof configuration first) and for ECDSA itself. proofValue = "z" + base58btc(r ‖ s), the IEEE
P1363 form (64 bytes for P-256, 96 for P-384); `cryptography` wants DER, so it is converted after
r and s are checked to lie in 1..n-1. High-S signatures are accepted, as the specification does.
"""
from __future__ import annotations

import copy
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from ..errors import CryptoError
from .base58 import b58encode
from .dataintegrity import DATETIME, PROOF_TYPE, SIGNATURE_MISMATCH, ProofCheck, hash_data, jcs_context, \
    passed, preflight, secured_view, without_proof
from .jsonld import Loader, document_loader
from .publickeys import describe_key

ECDSA_RDFC = "ecdsa-rdfc-2019"
ECDSA_JCS = "ecdsa-jcs-2019"
CRYPTOSUITES = (ECDSA_RDFC, ECDSA_JCS)

# curve name (cryptography) → (display name, hashlib digest, cryptography hash, scalar bytes, group order n)
CURVES: dict[str, tuple[str, str, type[hashes.HashAlgorithm], int, int]] = {
    "secp256r1": ("P-256", "sha256", hashes.SHA256, 32,
                  0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551),
    "secp384r1": ("P-384", "sha384", hashes.SHA384, 48,
                  0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973),
}


def _curve(key: object, suite: str) -> tuple[str, str, type[hashes.HashAlgorithm], int, int]:
    """The curve parameters of an ECDSA key; CryptoError for any other key (key/suite confusion)."""
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name not in CURVES:
        raise CryptoError(f"{suite} needs a P-256 or P-384 key, but the verification method holds "
                          f"{'an' if describe_key(key)[0] in 'AEIOU' else 'a'} {describe_key(key)} key",
                          "the proof names a key of another kind than its cryptosuite signs with")
    return CURVES[key.curve.name]


def create_proof(document: dict[str, Any], private_key: ec.EllipticCurvePrivateKey, verification_method: str,
                 cryptosuite: str, created: str, proof_purpose: str = "assertionMethod",
                 loader: Loader = document_loader) -> dict[str, Any]:
    """An ecdsa DataIntegrityProof over `document` (any proofs it has are left out); the caller attaches it.

    For ecdsa-jcs-2019 the proof carries the document's `@context`, as its create-proof algorithm says.
    """
    if cryptosuite not in CRYPTOSUITES:
        raise CryptoError(f"unsupported cryptosuite {cryptosuite!r}", f"supported: {', '.join(CRYPTOSUITES)}")
    if not isinstance(created, str) or not DATETIME.fullmatch(created):
        raise CryptoError(f"created {created!r} is not an XML Schema dateTime", "use e.g. 2026-01-01T00:00:00Z")
    _, digest, algorithm, size, _ = _curve(private_key.public_key(), cryptosuite)
    unsecured = without_proof(document)
    proof: dict[str, Any] = {"type": PROOF_TYPE, "cryptosuite": cryptosuite, "created": created,
                             "verificationMethod": verification_method, "proofPurpose": proof_purpose}
    if cryptosuite == ECDSA_JCS and "@context" in unsecured:
        proof["@context"] = copy.deepcopy(unsecured["@context"])
    der = private_key.sign(hash_data(unsecured, proof, cryptosuite, loader, digest), ec.ECDSA(algorithm()))
    r, s = decode_dss_signature(der)
    return {**proof, "proofValue": "z" + b58encode(r.to_bytes(size, "big") + s.to_bytes(size, "big"))}


def verify_proof(document: dict[str, Any], proof: dict[str, Any], public_key: object,
                 loader: Loader = document_loader) -> ProofCheck:
    """Check one ecdsa-rdfc-2019 or ecdsa-jcs-2019 proof with a P-256 or P-384 key; never raises for a bad proof."""
    checked = preflight(document, proof, PROOF_TYPE, CRYPTOSUITES)
    if isinstance(checked, ProofCheck):
        return checked
    signature, fail = checked
    suite = str(proof["cryptosuite"])
    try:
        name, digest, algorithm, size, order = _curve(public_key, suite)
    except CryptoError as exc:
        return fail(exc.message, exc.hint)
    if len(signature) != 2 * size:
        return fail(f"proofValue decodes to {len(signature)} bytes; a {name} signature (r ‖ s) has {2 * size}",
                    "the signature is truncated, padded, DER-encoded or made on another curve")
    r, s = int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
    if not (0 < r < order and 0 < s < order):
        return fail(f"the {name} signature's r or s is outside 1..n-1, so no key can have made it")
    unsecured = secured_view(document, proof, suite == ECDSA_JCS)
    if isinstance(unsecured, str):
        return fail(unsecured)
    try:
        data = hash_data(unsecured, proof, suite, loader, digest, jcs_context(proof))
    except CryptoError as exc:
        return fail(exc.message, exc.hint)
    assert isinstance(public_key, ec.EllipticCurvePublicKey)  # _curve checked it
    try:
        public_key.verify(encode_dss_signature(r, s), data, ec.ECDSA(algorithm()))
    except InvalidSignature:
        return fail(SIGNATURE_MISMATCH)
    return passed(proof)
