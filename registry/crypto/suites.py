"""Which proofs credreg can check, and the one entry point that checks any of them with a resolved key.

`kind_of(proof)` names a proof's suite (its cryptosuite, or its type when it has none) and whether
credreg knows it; `verify_any` sends the proof to its family's module. A proof credreg does not know
is never checked here: the caller reports it as a warning, not a failure (the proof rule).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from . import dataintegrity, ecdsa, ecdsa_sd, ed25519_2020
from .dataintegrity import ProofCheck, failure
from .jsonld import Loader, document_loader
from .publickeys import PublicKey, describe_key

Verifier = Callable[[dict[str, Any], dict[str, Any], Any, Loader], ProofCheck]


def _eddsa(document: dict[str, Any], proof: dict[str, Any], key: Any, loader: Loader) -> ProofCheck:
    """eddsa-rdfc-2022 / eddsa-jcs-2022, which dataintegrity checks with raw Ed25519 bytes."""
    if not isinstance(key, Ed25519PublicKey):
        return failure(proof)(f"{proof.get('cryptosuite')} needs an Ed25519 key, but the verification method holds "
                              f"a {describe_key(key)} key",
                              "the proof names a key of another kind than its cryptosuite signs with")
    return dataintegrity.verify_proof(document, proof, key.public_bytes(Encoding.Raw, PublicFormat.Raw), loader)


# DataIntegrityProof cryptosuite → its verifier (ecdsa-sd-2023: derived proofs, as a holder presents them).
DATA_INTEGRITY: dict[str, Verifier] = {
    dataintegrity.EDDSA_RDFC: _eddsa,
    dataintegrity.EDDSA_JCS: _eddsa,
    ecdsa.ECDSA_RDFC: ecdsa.verify_proof,
    ecdsa.ECDSA_JCS: ecdsa.verify_proof,
    ecdsa_sd.ECDSA_SD: ecdsa_sd.verify_derived_proof,
}
# Proof types that carry no cryptosuite → their verifier.
PROOF_TYPES: dict[str, Verifier] = {
    ed25519_2020.PROOF_TYPE: ed25519_2020.verify_proof,
}


def suite_of(proof: Any) -> str:
    """The name a step shows for a proof: its cryptosuite, else its type, else "unknown"."""
    if not isinstance(proof, dict):
        return "unknown"
    name = proof.get("cryptosuite") if proof.get("type") == dataintegrity.PROOF_TYPE else None
    name = name or proof.get("type")
    return name if isinstance(name, str) and name else "unknown"


def known(proof: Any) -> bool:
    """Whether credreg can check this proof (its type, and for a DataIntegrityProof its cryptosuite)."""
    return _verifier(proof) is not None


def known_names() -> tuple[str, ...]:
    """Every cryptosuite and proof type credreg checks, for messages."""
    return tuple(DATA_INTEGRITY) + tuple(PROOF_TYPES)


def _verifier(proof: Any) -> Verifier | None:
    if not isinstance(proof, dict):
        return None
    kind = proof.get("type")
    if kind == dataintegrity.PROOF_TYPE:
        suite = proof.get("cryptosuite")
        return DATA_INTEGRITY.get(suite) if isinstance(suite, str) else None
    return PROOF_TYPES.get(kind) if isinstance(kind, str) else None


def verify_any(document: dict[str, Any], proof: dict[str, Any], key: PublicKey,
               loader: Loader = document_loader) -> ProofCheck:
    """Check one proof of `document` with `key`, whatever its suite; never raises for a bad proof.

    An unknown suite is a failing ProofCheck here; callers that follow the proof rule ask `known` first.
    """
    verifier = _verifier(proof)
    if verifier is None:
        return failure(proof)(f"unsupported proof {suite_of(proof)!r}", f"supported: {', '.join(known_names())}")
    return verifier(document, proof, key, loader)
