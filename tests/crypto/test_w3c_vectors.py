"""The W3C vc-di-eddsa test vectors, reproduced step by step for both cryptosuites.

Each intermediate value is compared with its file byte for byte, so a failure names the step
that broke. The N-Quads files keep their final newline: it is part of the canonical form (their
SHA-256 is the hash file's), and no other vector file ends in one.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from support import W3C, read_json, w3c_loader, w3c_private_key, w3c_public_key

from registry.crypto.base58 import b58encode
from registry.crypto.canonical import jcs, rdfc
from registry.crypto.dataintegrity import create_proof, hash_data, proofs_of, verify_proof, without_proof

# cryptosuite → (vector folder, file-name tag, its canonicalization as bytes)
SUITES: dict[str, tuple[str, str, Callable[[Any], bytes]]] = {
    "eddsa-rdfc-2022": ("eddsa-rdfc-2022", "DataInt", lambda value: rdfc(value, w3c_loader()).encode("utf-8")),
    "eddsa-jcs-2022": ("eddsa-jcs-2022", "JCS", jcs),
}

# step → vector file (with {tag} for the suite's tag)
STEPS = {
    "canonical-proof-config": "proofCanon{tag}.txt",
    "canonical-document": "canonDoc{tag}.txt",
    "proof-config-hash": "proofHash{tag}.txt",
    "document-hash": "docHash{tag}.txt",
    "combined-hash": "combinedHash{tag}.txt",
    "signature-hex": "sigHex{tag}.txt",
    "signature-base58btc": "sigBTC58{tag}.txt",
}


def signed_file(suite: str) -> str:
    folder, tag, _ = SUITES[suite]
    return f"{folder}/signed{tag}.json"


@cache
def reproduce(suite: str) -> dict[str, str]:
    """Every intermediate value for `suite`, computed from unsigned.json and the key pair alone."""
    _, _, canonical = SUITES[suite]
    unsigned = read_json(W3C / "unsigned.json")
    options = {key: value for key, value in proofs_of(read_json(W3C / signed_file(suite)))[0].items()
               if key not in ("proofValue", "@context")}
    proof_canon = canonical({**options, "@context": unsigned["@context"]})
    doc_canon = canonical(unsigned)
    combined = hash_data(unsigned, options, suite, w3c_loader())
    signature = w3c_private_key().sign(combined)
    return {
        "canonical-proof-config": proof_canon.decode("utf-8"),
        "canonical-document": doc_canon.decode("utf-8"),
        "proof-config-hash": hashlib.sha256(proof_canon).hexdigest(),
        "document-hash": hashlib.sha256(doc_canon).hexdigest(),
        "combined-hash": combined.hex(),
        "signature-hex": signature.hex(),
        "signature-base58btc": "z" + b58encode(signature),
    }


@pytest.mark.parametrize("suite, step", [(suite, step) for suite in SUITES for step in STEPS],
                         ids=[f"{suite}/{step}" for suite in SUITES for step in STEPS])
def test_step_matches_vector_file(suite: str, step: str) -> None:
    folder, tag, _ = SUITES[suite]
    expected = (W3C / folder / STEPS[step].format(tag=tag)).read_text(encoding="utf-8")
    assert reproduce(suite)[step] == expected


@pytest.mark.parametrize("suite", SUITES)
def test_proof_config_file_is_the_proof_options_with_the_document_context(suite: str) -> None:
    folder, tag, _ = SUITES[suite]
    proof = proofs_of(read_json(W3C / signed_file(suite)))[0]
    config = {key: value for key, value in proof.items() if key != "proofValue"}
    config["@context"] = read_json(W3C / "unsigned.json")["@context"]
    assert config == read_json(W3C / folder / f"proofConfig{tag}.json")


@pytest.mark.parametrize("suite", SUITES)
def test_create_proof_gives_the_signed_vector(suite: str) -> None:
    signed = read_json(W3C / signed_file(suite))
    expected = signed["proof"]
    proof = create_proof(read_json(W3C / "unsigned.json"), w3c_private_key(), expected["verificationMethod"], suite,
                         expected["created"], loader=w3c_loader())
    assert {**without_proof(signed), "proof": proof} == signed
    # jcs proofs carry the document's @context (eddsa-jcs-2022 create-proof step); rdfc proofs do not.
    assert ("@context" in proof) == (suite == "eddsa-jcs-2022")


@pytest.mark.parametrize("suite", SUITES)
def test_signed_vector_verifies(suite: str) -> None:
    signed = read_json(W3C / signed_file(suite))
    check = verify_proof(signed, proofs_of(signed)[0], w3c_public_key(), w3c_loader())
    assert (check.ok, check.reason, check.cryptosuite, check.created) == (True, "", suite, "2023-02-24T23:36:38Z")
