"""create_proof then verify_proof on an Open Badges 3.0 credential, in both cryptosuites; any change breaks it."""
from __future__ import annotations

import copy
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from support import TEST_KEY, TEST_PUBLIC_RAW

from registry.crypto.dataintegrity import CRYPTOSUITES, SIGNATURE_MISMATCH, create_proof, proofs_of, verify_proof
from registry.crypto.multikey import encode_public_key, public_key_from_did_key

KEY, PUBLIC = TEST_KEY, TEST_PUBLIC_RAW
VM = f"did:key:{encode_public_key(PUBLIC)}#{encode_public_key(PUBLIC)}"
CREATED = "2026-03-02T10:00:00Z"

CREDENTIAL: dict[str, Any] = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    "id": "https://registry.test/credentials/rt-0001.json",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": f"did:key:{encode_public_key(PUBLIC)}", "type": ["Profile"], "name": "Round Trip Academy",
               "url": "https://rt.example/"},
    "validFrom": "2026-03-02T10:00:00Z",
    "validUntil": "2028-03-02T10:00:00Z",
    "name": "Python Foundations",
    "credentialSubject": {
        "type": ["AchievementSubject"],
        "identifier": [{"type": "IdentityObject", "hashed": True, "identityType": "emailAddress",
                        "identityHash": "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399",
                        "salt": "pepper"}],
        "achievement": {
            "id": "https://registry.test/badges/rt/python/",
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": "Python Foundations",
            "description": "Writes and tests small Python programs.",
            "criteria": {"narrative": "Pass the practical assessment."},
            "alignment": [{"type": ["Alignment"], "targetName": "Programming", "targetUrl": "https://esco.example/p"}],
        },
        "result": [{"type": ["Result"], "value": "86",
                    "resultDescription": "https://registry.test/badges/rt/python/#score"}],
    },
}


@cache
def proof_for(suite: str) -> dict[str, Any]:
    return create_proof(CREDENTIAL, KEY, VM, suite, CREATED)


def signed(suite: str) -> dict[str, Any]:
    return {**copy.deepcopy(CREDENTIAL), "proof": [copy.deepcopy(proof_for(suite))]}


def paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key and array element of a JSON value, by path."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        yield (*path, key)
        yield from paths(child, (*path, key))


def changed(value: Any) -> Any:
    """A different value of the same JSON type (the credential holds strings, booleans, objects and arrays)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, str):
        return value + "x"
    return {"changed": True} if isinstance(value, dict) else [*value, "x"]


def mutate(document: dict[str, Any], path: tuple[Any, ...], how: str) -> None:
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    if how == "change":
        parent[path[-1]] = changed(parent[path[-1]])
    else:
        del parent[path[-1]]


PATHS = list(paths(CREDENTIAL))
# One exception, by the eddsa-jcs-2022 spec: appending to the document's @context keeps a jcs proof valid
# (the document is hashed with the proof's @context); test_proof_failures pins that behaviour.
MUTATIONS = [(suite, path, how) for suite in CRYPTOSUITES for path in PATHS for how in ("change", "remove")
             if (suite, path, how) != ("eddsa-jcs-2022", ("@context",), "change")]
# A mutated type or @context can make the document invalid rather than merely different (for eddsa-rdfc-2022
# a canonicalization failure or an unbundled context, for eddsa-jcs-2022 a proof @context mismatch): that fails too.
ACCEPTED_REASONS = (SIGNATURE_MISMATCH, "JSON-LD canonicalization failed: ", "JSON-LD context ",
                    "the proof's @context is not the start of the document's @context")


@pytest.mark.parametrize("suite", CRYPTOSUITES)
def test_round_trip_verifies(suite: str) -> None:
    document = signed(suite)
    proof = proofs_of(document)[0]
    assert public_key_from_did_key(proof["verificationMethod"]) == PUBLIC
    check = verify_proof(document, proof, PUBLIC)
    assert (check.ok, check.reason, check.cryptosuite, check.verification_method, check.created) == (
        True, "", suite, VM, CREATED)


def test_proof_set_of_both_suites_verifies_proof_by_proof() -> None:
    document = {**copy.deepcopy(CREDENTIAL), "proof": [proof_for(suite) for suite in CRYPTOSUITES]}
    assert [verify_proof(document, proof, PUBLIC).ok for proof in proofs_of(document)] == [True, True]


@pytest.mark.parametrize("suite, path, how", MUTATIONS,
                         ids=[f"{suite}:{how}:{'.'.join(map(str, path))}" for suite, path, how in MUTATIONS])
def test_any_mutation_fails(suite: str, path: tuple[Any, ...], how: str) -> None:
    document = signed(suite)
    mutate(document, path, how)
    check = verify_proof(document, proofs_of(document)[0], PUBLIC)
    assert not check.ok
    assert check.reason.startswith(ACCEPTED_REASONS), check.reason


PROOF_FIELDS = ["type", "cryptosuite", "created", "verificationMethod", "proofPurpose", "proofValue"]


@pytest.mark.parametrize("suite, field", [(s, f) for s in CRYPTOSUITES for f in PROOF_FIELDS],
                         ids=[f"{s}:{f}" for s in CRYPTOSUITES for f in PROOF_FIELDS])
def test_any_proof_field_change_fails(suite: str, field: str) -> None:
    document = signed(suite)
    proof = proofs_of(document)[0]
    proof[field] = {"created": "2026-03-02T10:00:01Z", "proofValue": "z" + proof["proofValue"][2:] + "1",
                    "cryptosuite": next(s for s in CRYPTOSUITES if s != suite)}.get(field, proof[field] + "x")
    assert not verify_proof(document, proof, PUBLIC).ok
