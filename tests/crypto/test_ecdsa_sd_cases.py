"""The shared cases in tests/cases/proofs-sd/ at the proof level: credreg's ecdsa-sd-2023 verifier called directly
(the key taken from the issuer's did:key) gives each case's proof outcome for the exact reason below. The shared
runners check the cases' verdicts and steps in both runtimes; this pins why each proof passes or fails."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from support import TESTS

from registry.crypto.base58 import b58decode
from registry.crypto.ecdsa_sd import verify_derived_proof
from registry.crypto.ecdsa_sd_cbor import BASE_PROOF

CASES = sorted((TESTS / "cases" / "proofs-sd").glob("*.json"))
STEP = "proof 1 (ecdsa-sd-2023)"
REASONS = {"derived-valid": "", "derived-tampered": "signature mismatch: the document or proof was changed after "
           "signing, or another key signed it", "base-proof-presented": BASE_PROOF}


def did_key_p256(verification_method: str) -> ec.EllipticCurvePublicKey:
    """The P-256 key a did:key names ("did:key:zDna…#zDna…")."""
    multibase = verification_method.removeprefix("did:key:").partition("#")[0]
    raw = b58decode(multibase[1:])
    assert raw[:2] == b"\x80\x24", "not a P-256 did:key"
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw[2:])


def test_every_case_is_checked() -> None:
    assert sorted(path.stem for path in CASES) == sorted(REASONS)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_case_proof_outcome(path: Path) -> None:
    case: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert case["name"] == path.stem
    credential = case["credential"]["json"]
    proof = credential["proof"]
    assert credential["issuer"]["id"] == proof["verificationMethod"].partition("#")[0]
    check = verify_derived_proof(credential, proof, did_key_p256(proof["verificationMethod"]))
    assert ("pass" if check.ok else "fail") == case["expect"]["steps"][STEP]
    assert check.reason == REASONS[path.stem]
