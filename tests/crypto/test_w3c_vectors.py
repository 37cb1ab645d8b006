"""The W3C vc-di-eddsa test vectors, reproduced step by step, and the reference-signed OB 3.0 vectors."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from registry.crypto.base58 import b58decode, b58encode
from registry.crypto.canonical import jcs, rdfc
from registry.crypto.dataintegrity import create_proof, hash_data, proofs_of, verify_proof, without_proof
from registry.crypto.jsonld import make_loader
from registry.crypto.multikey import decode_public_key, decode_secret_key, encode_public_key

VECTORS = Path(__file__).resolve().parent.parent / "vectors"
W3C = VECTORS / "w3c-vc-di-eddsa"
REF = VECTORS / "reference-signed"
# The examples context belongs to these tests only: it is never in the product's loader.
LOADER = make_loader({"https://www.w3.org/ns/credentials/examples/v2":
                      json.loads((W3C / "contexts" / "credentials-examples-v2.jsonld").read_text())})
KEYPAIR = json.loads((W3C / "keyPair.json").read_text())
PUBLIC = decode_public_key(KEYPAIR["publicKeyMultibase"])
PRIVATE = Ed25519PrivateKey.from_private_bytes(decode_secret_key(KEYPAIR["privateKeyMultibase"])[:32])
UNSIGNED = json.loads((W3C / "unsigned.json").read_text())


def text(path: Path) -> str:
    return path.read_text().rstrip("\n")


SUITES = {
    "eddsa-rdfc-2022": ("eddsa-rdfc-2022", "DataInt", lambda doc: rdfc(doc, LOADER).encode()),
    "eddsa-jcs-2022": ("eddsa-jcs-2022", "JCS", jcs),
}


@pytest.mark.parametrize("suite", SUITES)
def test_each_step_reproduces(suite: str) -> None:
    folder, tag, canon = SUITES[suite]
    d = W3C / folder
    config = json.loads((d / f"proofConfig{tag}.json").read_text())
    proof_canon = canon(config)
    doc_canon = canon(UNSIGNED)
    # The files drop N-Quads' final newline; the hashes below pin the exact bytes.
    assert proof_canon.decode().rstrip("\n") == text(d / f"proofCanon{tag}.txt")
    assert doc_canon.decode().rstrip("\n") == text(d / f"canonDoc{tag}.txt")
    assert hashlib.sha256(proof_canon).hexdigest() == text(d / f"proofHash{tag}.txt")
    assert hashlib.sha256(doc_canon).hexdigest() == text(d / f"docHash{tag}.txt")
    combined = hash_data(UNSIGNED, config, suite, LOADER)
    assert combined.hex() == text(d / f"combinedHash{tag}.txt")
    signature = PRIVATE.sign(combined)
    assert signature.hex() == text(d / f"sigHex{tag}.txt")
    assert "z" + b58encode(signature) == text(d / f"sigBTC58{tag}.txt")


@pytest.mark.parametrize("suite", SUITES)
def test_create_proof_matches_signed_vector(suite: str) -> None:
    folder, tag, _ = SUITES[suite]
    signed = json.loads((W3C / folder / ("signedDataInt.json" if tag == "DataInt" else "signedJCS.json")).read_text())
    vector_proof = proofs_of(signed)[0]
    proof = create_proof(UNSIGNED, PRIVATE, vector_proof["verificationMethod"], suite, vector_proof["created"],
                         loader=LOADER)
    assert proof == vector_proof
    assert verify_proof(signed, vector_proof, PUBLIC, LOADER).ok


def _ref_key() -> bytes:
    did = json.loads((REF / "site" / "issuers" / "refiss" / "did.json").read_text())
    return decode_public_key(did["verificationMethod"][0]["publicKeyMultibase"])


@pytest.mark.parametrize("name", ["basic", "rich", "active", "endorsement"])
def test_reference_signed_valid_and_tampered(name: str) -> None:
    key = _ref_key()
    valid = json.loads((REF / "valid" / f"{name}.json").read_text())
    tampered = json.loads((REF / "tampered" / f"{name}.json").read_text())
    assert isinstance(valid["proof"], dict)  # Digital Bazaar writes one object, not an array
    assert verify_proof(valid, proofs_of(valid)[0], key).ok
    result = verify_proof(tampered, proofs_of(tampered)[0], key)
    assert not result.ok
    assert result.reason.startswith("signature mismatch")


def test_reference_status_list_signature() -> None:
    status = json.loads((REF / "site" / "status" / "refiss" / "1.json").read_text())
    assert verify_proof(status, proofs_of(status)[0], _ref_key()).ok


def _signed() -> dict[str, Any]:
    return json.loads((W3C / "eddsa-rdfc-2022" / "signedDataInt.json").read_text())


def _with_proof(**changes: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    doc = _signed()
    proof = {**doc["proof"], **changes}
    return doc, proof


BAD_PROOFS = [
    ("unknown-cryptosuite", {"cryptosuite": "eddsa-2099"}, "unsupported cryptosuite 'eddsa-2099'"),
    ("unknown-proof-type", {"type": "Ed25519Signature2020"}, "unsupported proof type 'Ed25519Signature2020'"),
    ("proofvalue-not-multibase", {"proofValue": "u" + "A" * 86}, "proofValue is not multibase base58btc (it must start with 'z')"),
    ("proofvalue-bad-base58", {"proofValue": "z0OIl"}, "proofValue is not valid base58btc: invalid base58 character '0' at position 1"),
    ("truncated-signature", {"proofValue": "z" + b58encode(b"\x01" * 32)}, "proofValue decodes to 32 bytes; an Ed25519 signature has 64"),
    ("changed-created", {"created": "2023-02-25T00:00:00Z"}, "signature mismatch: the document or proof was changed after signing, or another key signed it"),
]


@pytest.mark.parametrize("changes, reason", [(c, r) for _, c, r in BAD_PROOFS], ids=[n for n, _, _ in BAD_PROOFS])
def test_bad_proofs_give_exact_reason(changes: dict[str, str], reason: str) -> None:
    doc, proof = _with_proof(**changes)
    result = verify_proof(doc, proof, PUBLIC, LOADER)
    assert (result.ok, result.reason) == (False, reason)


def test_context_not_bundled_is_refused_by_the_product_loader() -> None:
    doc, proof = _with_proof()
    result = verify_proof(doc, proof, PUBLIC)  # the product loader lacks the examples context
    assert not result.ok
    assert result.reason == ("JSON-LD context https://www.w3.org/ns/credentials/examples/v2 is not bundled with credreg")


@pytest.mark.parametrize("value, message", [
    ("z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc", "publicKeyMultibase is not an Ed25519 key (multicodec prefix 0xec01, expected 0xed01)"),
    ("6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", "publicKeyMultibase must be multibase base58btc (start with 'z')"),
    (encode_public_key(bytes(20)), "publicKeyMultibase has 20 key bytes, expected 32"),
], ids=["x25519-key", "no-multibase-prefix", "truncated"])
def test_bad_multikeys(value: str, message: str) -> None:
    from registry.errors import CryptoError
    with pytest.raises(CryptoError) as info:
        decode_public_key(value)
    assert info.value.message == message


def test_base58_round_trip_keeps_leading_zeros() -> None:
    for data in (b"", b"\0", b"\0\0\x01", bytes(range(40))):
        assert b58decode(b58encode(data)) == data


def test_every_field_is_signed_in_both_suites() -> None:
    for suite in SUITES:
        proof = create_proof(UNSIGNED, PRIVATE, "did:key:x#y", suite, "2024-01-01T00:00:00Z", loader=LOADER)
        signed = {**UNSIGNED, "proof": [proof]}
        assert verify_proof(signed, proof, PUBLIC, LOADER).ok
        for field in ("name", "description", "issuer", "validFrom"):
            changed = {**signed, field: "changed"}
            assert not verify_proof(changed, proof, PUBLIC, LOADER).ok, (suite, field)
        nested = json.loads(json.dumps(signed))
        nested["credentialSubject"]["alumniOf"] = "Another School"
        assert not verify_proof(nested, proof, PUBLIC, LOADER).ok
        assert without_proof(signed) == UNSIGNED
