"""ecdsa-sd-2023 never raises: random byte flips, insertions and truncations of the W3C vector's CBOR proofValue,
and random CBOR values in its place, each give a failed ProofCheck with a reason (seeded, so a failure repeats)."""
from __future__ import annotations

import base64
import copy
import json
import random
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from support import VECTORS

from registry.crypto.base58 import b58decode
from registry.crypto.ecdsa_sd import verify_derived_proof

SD = VECTORS / "w3c-vc-di-ecdsa-sd"
REVEAL = json.loads((SD / "derivedRevealDocument.json").read_text(encoding="utf-8"))
_KEY = b58decode(json.loads((SD / "publicKeys.json").read_text(encoding="utf-8"))["baseKeyPair"]
                 ["publicKeyMultibase"][1:])
ISSUER_KEY = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _KEY[2:])
RAW = base64.urlsafe_b64decode(REVEAL["proof"]["proofValue"][1:] + "==")


def with_bytes(raw: bytes) -> dict[str, Any]:
    doc = copy.deepcopy(REVEAL)
    doc["proof"]["proofValue"] = "u" + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    return doc


def mutate(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        kind, at = rng.randrange(3), rng.randrange(3, len(data))  # the header stays: the CBOR is what is fuzzed
        if kind == 0:
            data[at] ^= 1 << rng.randrange(8)
        elif kind == 1:
            data[at:at] = bytes([rng.randrange(256)])
        else:
            del data[at:]
            if len(data) <= 3:
                break
    return bytes(data)


def random_value(rng: random.Random, depth: int = 0) -> Any:
    kinds = ["int", "bytes", "text", "none"] + (["list", "map"] if depth < 4 else [])
    kind = rng.choice(kinds)
    if kind == "int":
        return rng.choice([0, 1, -1, 2**64 - 1, -(2**64), 2**70, rng.randrange(100)])
    if kind == "bytes":
        return bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 32, 35, 48, 64, 96])))
    if kind == "text":
        return "c14n0"
    if kind == "none":
        return rng.choice([None, True, 1.5])
    if kind == "list":
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(6))]
    return {random_value(rng, 4): random_value(rng, depth + 1) for _ in range(rng.randrange(4))}


@pytest.mark.parametrize("seed", range(4))
def test_mutated_proof_values_fail_cleanly(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(150):
        doc = with_bytes(mutate(rng, RAW))
        check = verify_derived_proof(doc, doc["proof"], ISSUER_KEY)
        assert not check.ok and check.reason


@pytest.mark.parametrize("seed", range(4))
def test_random_cbor_values_fail_cleanly(seed: int) -> None:
    rng = random.Random(1000 + seed)
    for _ in range(150):
        try:
            payload = cbor2.dumps(random_value(rng))
        except (cbor2.CBOREncodeError, TypeError, ValueError):
            continue
        doc = with_bytes(b"\xd9\x5d\x01" + payload)
        check = verify_derived_proof(doc, doc["proof"], ISSUER_KEY)
        assert not check.ok and check.reason
