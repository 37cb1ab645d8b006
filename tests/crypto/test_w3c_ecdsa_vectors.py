"""The W3C vc-di-ecdsa test vectors (ecdsa-rdfc-2019 and ecdsa-jcs-2019, P-256 and P-384) against credreg.

The vectors' keys are did:key / Multikey P-256 ("zDn…") and P-384 ("z82…"); their signatures are
raw r ‖ s. See tests/vectors/w3c-vc-di-ecdsa/README.md for why the RDFC ones are checked over the
canonical form the vector shows rather than the one today's contexts give.
"""
from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from support import VECTORS, read_json, w3c_loader

from registry.crypto.base58 import b58decode
from registry.crypto.canonical import jcs, rdfc
from registry.crypto.dataintegrity import SIGNATURE_MISMATCH, hash_data, proofs_of, without_proof
from registry.crypto.ecdsa import verify_proof
from registry.crypto.multikey import decode_multikey, key_from_did_key

ECDSA = VECTORS / "w3c-vc-di-ecdsa"
TYPED = "^^<https://w3id.org/security#cryptosuiteString>"

# name → (signed file, curve, digest)
VECTOR_FILES = {
    "ecdsa-rdfc-2019 P-256": ("ecdsa-rdfc-2019-p256/signedECDSAP256.json", "secp256r1", "sha256"),
    "ecdsa-rdfc-2019 P-384": ("ecdsa-rdfc-2019-p384/signedECDSAP384.json", "secp384r1", "sha384"),
    "ecdsa-jcs-2019 P-256": ("ecdsa-jcs-2019-p256/signedJCSECDSAP256.json", "secp256r1", "sha256"),
    "ecdsa-jcs-2019 P-384": ("ecdsa-jcs-2019-p384/signedJCSECDSAP384.json", "secp384r1", "sha384"),
}
JCS = [name for name in VECTOR_FILES if "jcs" in name]
RDFC = [name for name in VECTOR_FILES if "rdfc" in name]


def signed(name: str) -> dict[str, Any]:
    return read_json(ECDSA / VECTOR_FILES[name][0])


def vector_key(name: str) -> ec.EllipticCurvePublicKey:
    """The key the proof names: a did:key for JCS, an https URL ending in #<multikey> for RDFC."""
    vm = proofs_of(signed(name))[0]["verificationMethod"]
    key = key_from_did_key(vm) if vm.startswith("did:key:") else decode_multikey(vm.split("#", 1)[1])
    assert isinstance(key, ec.EllipticCurvePublicKey)
    return key


@pytest.mark.parametrize("name", VECTOR_FILES)
def test_the_key_decodes_to_its_curve(name: str) -> None:
    assert vector_key(name).curve.name == VECTOR_FILES[name][1]


@pytest.mark.parametrize("name", JCS)
def test_jcs_vector_verifies(name: str) -> None:
    document = signed(name)
    check = verify_proof(document, proofs_of(document)[0], vector_key(name), w3c_loader())
    assert (check.ok, check.reason, check.cryptosuite) == (True, "", "ecdsa-jcs-2019")


@pytest.mark.parametrize("name", JCS)
def test_jcs_vector_steps_match_the_files(name: str) -> None:
    """The canonical proof configuration and the combined hash are the vector's, byte for byte."""
    folder = Path(VECTOR_FILES[name][0]).parent
    tag = "P256" if "P-256" in name else "P384"
    document = signed(name)
    proof = proofs_of(document)[0]
    config = {key: value for key, value in proof.items() if key != "proofValue"}
    assert jcs(config).decode() == (ECDSA / folder / f"proofCanonJCSECDSA{tag}.txt").read_text()
    combined = hash_data(without_proof(document), proof, "ecdsa-jcs-2019", w3c_loader(), VECTOR_FILES[name][2],
                         with_context=False)
    assert combined.hex() == (ECDSA / folder / f"combinedHashJCSECDSA{tag}.txt").read_text()


@pytest.mark.parametrize("name", VECTOR_FILES)
def test_a_changed_vector_fails_on_its_signature(name: str) -> None:
    document = copy.deepcopy(signed(name))
    document["credentialSubject"]["alumniOf"] = "Another School"
    check = verify_proof(document, proofs_of(document)[0], vector_key(name), w3c_loader())
    assert (check.ok, check.reason) == (False, SIGNATURE_MISMATCH)


@pytest.mark.parametrize("name", RDFC)
def test_rdfc_vector_signature_is_over_the_canonical_form_it_shows(name: str) -> None:
    """The vector's r ‖ s verifies over hash(canonical proof options, untyped cryptosuite) ‖ hash(canonical
    document), both canonical forms made by credreg, the document's with the key's hash in RDFC-1.0."""
    _, curve, digest = VECTOR_FILES[name]
    document = signed(name)
    proof = proofs_of(document)[0]
    config = {**{k: v for k, v in proof.items() if k != "proofValue"}, "@context": document["@context"]}
    today = rdfc(config, w3c_loader(), digest)
    assert TYPED in today
    shown = today.replace(TYPED, "")
    if name.endswith("P-256"):
        assert shown == (ECDSA / "ecdsa-rdfc-2019-p256/proofCanonECDSAP256.txt").read_text()
    data = (hashlib.new(digest, shown.encode()).digest()
            + hashlib.new(digest, rdfc(without_proof(document), w3c_loader(), digest).encode()).digest())
    size = 32 if curve == "secp256r1" else 48
    raw = b58decode(proof["proofValue"][1:])
    assert len(raw) == 2 * size
    algorithm = hashes.SHA256() if digest == "sha256" else hashes.SHA384()
    der = encode_dss_signature(int.from_bytes(raw[:size], "big"), int.from_bytes(raw[size:], "big"))
    vector_key(name).verify(der, data, ec.ECDSA(algorithm))  # raises InvalidSignature if not


@pytest.mark.parametrize("name", RDFC)
def test_rdfc_vector_does_not_verify_under_todays_pinned_contexts(name: str) -> None:
    """Today's Data Integrity context types `cryptosuite`, so the signed meaning differs: credreg says so."""
    document = signed(name)
    check = verify_proof(document, proofs_of(document)[0], vector_key(name), w3c_loader())
    assert (check.ok, check.reason) == (False, SIGNATURE_MISMATCH)
