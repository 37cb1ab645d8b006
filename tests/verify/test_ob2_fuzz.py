"""Hostile values anywhere in an Open Badges 2.0 Assertion, its BadgeClass, issuer Profile, RevocationList or
CryptographicKey give steps with details, never an exception."""
from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from test_ob2_hosted import ASSERTION, EX, ISSUER, REVOCATIONS, World, run
from test_ob2_signed import forge, signed_world, with_payload

HOSTILE: list[Any] = [None, True, 0, -1, 1e308, "", "x" * 5000, "https://", "https://[::1", "http://a/b",
                      "https://badges.example.org:0/", "https://u@badges.example.org/", [], [None], ["x"] * 500,
                      {}, {"id": None}, {"id": 5}, {"type": ["BadgeClass", 7]}, [[[[[]]]]], "\u202e\x00"]
VECTOR = (EX / "assertion.jws").read_text(encoding="utf-8")


def mutations(docs: World) -> list[tuple[str, str, Any]]:
    return [(url, key, value) for url, doc in docs.items() for key in list(doc) + ["verification", "publicKey"]
            for value in HOSTILE]


def full_world() -> World:
    return signed_world()


@pytest.mark.parametrize("material", ["hosted", "signed"])
def test_hostile_values_anywhere(material: str) -> None:
    rng = random.Random(7)
    cases = mutations(full_world())
    for url, key, value in rng.sample(cases, min(len(cases), 400)):
        docs = full_world()
        docs[url][key] = copy.deepcopy(value)
        result = run(docs, ASSERTION if material == "hosted" else VECTOR)
        assert result.steps and all(isinstance(s.detail, str) and s.detail for s in result.steps), (url, key, value)


@pytest.mark.parametrize("key", ["recipient", "badge", "issuedOn", "expires", "verification", "id", "type", "uid",
                                 "revoked"])
def test_hostile_signed_payload_values(key: str) -> None:
    for value in HOSTILE:
        result = run(full_world(), forge({"alg": "RS256"}, with_payload(**{key: value})))
        assert result.verdict.value != "valid" and all(s.detail for s in result.steps), (key, value)


@pytest.mark.parametrize("where", ["allowedOrigins", "startsWith", "verificationProperty"])
def test_hostile_verification_policy(where: str) -> None:
    for value in HOSTILE:
        docs = full_world()
        docs[ISSUER]["verification"] = {"type": "VerificationObject", where: copy.deepcopy(value)}
        result = run(docs, ASSERTION)
        assert all(s.detail for s in result.steps), (where, value)


def test_hostile_revocation_entries() -> None:
    for value in HOSTILE:
        docs = full_world()
        docs[REVOCATIONS]["revokedAssertions"] = copy.deepcopy(value)
        result = run(docs, ASSERTION)
        assert result.verdict.value in ("valid", "status unknown"), value
