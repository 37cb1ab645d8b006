"""OB 3.0 credentials signed (eddsa-rdfc-2022) by Digital Bazaar's libraries verify here; tampered copies do not."""
from __future__ import annotations

import pytest
from support import REF, REF_ISSUER, read_json, ref_public_key

from registry.crypto.dataintegrity import SIGNATURE_MISMATCH, proofs_of, verify_proof

NAMES = ["basic", "rich", "active", "endorsement"]


@pytest.mark.parametrize("name", NAMES)
def test_valid_credential_verifies(name: str) -> None:
    credential = read_json(REF / "valid" / f"{name}.json")
    assert isinstance(credential["proof"], dict)  # Digital Bazaar writes one object, not an array
    check = verify_proof(credential, proofs_of(credential)[0], ref_public_key())
    assert (check.ok, check.reason) == (True, "")
    assert (check.cryptosuite, check.verification_method) == ("eddsa-rdfc-2022", f"{REF_ISSUER}#key-1")


@pytest.mark.parametrize("name", NAMES)
def test_valid_credential_verifies_with_its_proof_in_an_array(name: str) -> None:
    credential = read_json(REF / "valid" / f"{name}.json")
    credential["proof"] = [credential["proof"]]
    assert verify_proof(credential, proofs_of(credential)[0], ref_public_key()).ok


@pytest.mark.parametrize("name", NAMES)
def test_tampered_credential_fails_with_a_signature_mismatch(name: str) -> None:
    credential = read_json(REF / "tampered" / f"{name}.json")
    check = verify_proof(credential, proofs_of(credential)[0], ref_public_key())
    assert (check.ok, check.reason) == (False, SIGNATURE_MISMATCH)


def test_status_list_credential_verifies() -> None:
    status = read_json(REF / "site" / "status" / "refiss" / "1.json")
    assert status["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    check = verify_proof(status, proofs_of(status)[0], ref_public_key())
    assert (check.ok, check.reason) == (True, "")


def test_the_did_document_publishes_the_signing_key() -> None:
    key = read_json(REF / "key.json")
    did = read_json(REF / "site" / "issuers" / "refiss" / "did.json")
    assert did["verificationMethod"][0]["id"] == key["id"] == f"{REF_ISSUER}#key-1"
    assert did["assertionMethod"] == [key["id"]]
