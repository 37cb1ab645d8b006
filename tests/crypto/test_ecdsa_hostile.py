"""Crafted ecdsa and Ed25519Signature2020 proofs: each must fail with the reason named, never raise.

The valid proofs are made by credreg's own signers over the W3C example credential (the suites
themselves are checked against Digital Bazaar's in test_ecdsa_2020_interop.py and the W3C vectors).
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from support import W3C, read_json, w3c_loader

from registry.crypto import ecdsa, ed25519_2020
from registry.crypto.base58 import b58decode, b58encode
from registry.crypto.dataintegrity import SIGNATURE_MISMATCH
from registry.crypto.ecdsa import CURVES
from registry.crypto.suites import verify_any

CREATED = "2026-03-02T10:00:00Z"
VM = "did:example:issuer#key-1"


@cache
def private(curve: str) -> ec.EllipticCurvePrivateKey:
    scalar = {"P-256": 0x1234567890ABCDEF, "P-384": 0xFEDCBA0987654321}[curve]
    return ec.derive_private_key(scalar, ec.SECP256R1() if curve == "P-256" else ec.SECP384R1())


ED_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


def document() -> dict[str, Any]:
    return read_json(W3C / "unsigned.json")


@cache
def _signed(suite: str, curve: str) -> dict[str, Any]:
    doc = document()
    return {**doc, "proof": ecdsa.create_proof(doc, private(curve), VM, suite, CREATED, loader=w3c_loader())}


def signed(suite: str = "ecdsa-rdfc-2019", curve: str = "P-256") -> dict[str, Any]:
    return copy.deepcopy(_signed(suite, curve))


def raw_signature(doc: dict[str, Any]) -> bytes:
    return b58decode(doc["proof"]["proofValue"][1:])


def with_value(doc: dict[str, Any], value: str) -> dict[str, Any]:
    doc["proof"]["proofValue"] = value
    return doc


def with_rs(doc: dict[str, Any], r: int, s: int, size: int) -> dict[str, Any]:
    return with_value(doc, "z" + b58encode(r.to_bytes(size, "big") + s.to_bytes(size, "big")))


N256 = CURVES["secp256r1"][4]
N384 = CURVES["secp384r1"][4]


def _rs(doc: dict[str, Any]) -> tuple[int, int]:
    raw = raw_signature(doc)
    half = len(raw) // 2
    return int.from_bytes(raw[:half], "big"), int.from_bytes(raw[half:], "big")


def _der(doc: dict[str, Any]) -> dict[str, Any]:
    r, s = _rs(doc)
    return with_value(doc, "z" + b58encode(encode_dss_signature(r, s)))


def _jcs_context_not_a_prefix(doc: dict[str, Any]) -> dict[str, Any]:
    doc["proof"]["@context"] = ["https://www.w3.org/ns/credentials/examples/v2"]
    return doc


# (name, suite, curve, change to a validly signed document, key to verify with (None: the signer's),
#  expected reason: exact text, or a prefix ending in "…")
Case = tuple[str, str, str, Callable[[dict[str, Any]], dict[str, Any]], Any, str]
CASES: list[Case] = [
    ("valid P-256 rdfc", "ecdsa-rdfc-2019", "P-256", lambda d: d, None, ""),
    ("valid P-384 rdfc", "ecdsa-rdfc-2019", "P-384", lambda d: d, None, ""),
    ("valid P-256 jcs", "ecdsa-jcs-2019", "P-256", lambda d: d, None, ""),
    ("valid P-384 jcs", "ecdsa-jcs-2019", "P-384", lambda d: d, None, ""),
    ("high-S twin of a valid signature (the spec does not forbid it)", "ecdsa-rdfc-2019", "P-256",
     lambda d: with_rs(d, _rs(d)[0], N256 - _rs(d)[1], 32), None, ""),
    ("truncated signature", "ecdsa-rdfc-2019", "P-256",
     lambda d: with_value(d, "z" + b58encode(raw_signature(d)[:63])), None,
     "proofValue decodes to 63 bytes; a P-256 signature (r ‖ s) has 64"),
    ("overlong signature", "ecdsa-rdfc-2019", "P-256",
     lambda d: with_value(d, "z" + b58encode(raw_signature(d) + b"\0")), None,
     "proofValue decodes to 65 bytes; a P-256 signature (r ‖ s) has 64"),
    ("P-384 length on a P-256 key", "ecdsa-rdfc-2019", "P-256",
     lambda d: with_value(d, "z" + b58encode(raw_signature(d) * 2)[:131]), None, "proofValue decodes to …"),
    ("DER where raw r ‖ s is expected", "ecdsa-jcs-2019", "P-384", _der, None, "proofValue decodes to …"),
    ("non-base58 character", "ecdsa-rdfc-2019", "P-256",
     lambda d: with_value(d, d["proof"]["proofValue"][:5] + "0" + d["proof"]["proofValue"][6:]), None,
     "proofValue is not valid base58btc: invalid base58 character '0' at position 5"),
    ("base64url multibase prefix", "ecdsa-rdfc-2019", "P-256",
     lambda d: with_value(d, "u" + d["proof"]["proofValue"][1:]), None,
     "proofValue is not multibase base58btc (it must start with 'z')"),
    ("proofValue missing", "ecdsa-rdfc-2019", "P-256",
     lambda d: (d["proof"].pop("proofValue"), d)[1], None,
     "proofValue is not multibase base58btc (it must start with 'z')"),
    ("a megabyte of base58 (decoding is quadratic)", "ecdsa-rdfc-2019", "P-256",
     lambda d: with_value(d, "z" + "2" * 1_000_000), None,
     "proofValue is not valid base58btc: base58 value of 1,000,000 characters; no key or signature is longer than 1,000"),
    ("r = 0", "ecdsa-rdfc-2019", "P-256", lambda d: with_rs(d, 0, _rs(d)[1], 32), None,
     "the P-256 signature's r or s is outside 1..n-1, so no key can have made it"),
    ("s = 0", "ecdsa-jcs-2019", "P-384", lambda d: with_rs(d, _rs(d)[0], 0, 48), None,
     "the P-384 signature's r or s is outside 1..n-1, so no key can have made it"),
    ("r = n", "ecdsa-rdfc-2019", "P-256", lambda d: with_rs(d, N256, _rs(d)[1], 32), None,
     "the P-256 signature's r or s is outside 1..n-1, so no key can have made it"),
    ("s = n + small (r, s + n would pass a lax check)", "ecdsa-rdfc-2019", "P-384",
     lambda d: with_rs(d, _rs(d)[0], _rs(d)[1] + N384, 48) if _rs(d)[1] + N384 < 2 ** 384 else with_rs(d, _rs(d)[0], N384, 48),
     None, "the P-384 signature's r or s is outside 1..n-1, so no key can have made it"),
    ("Ed25519 key offered to an ecdsa proof", "ecdsa-rdfc-2019", "P-256", lambda d: d, ED_KEY.public_key(),
     "ecdsa-rdfc-2019 needs a P-256 or P-384 key, but the verification method holds an Ed25519 key"),
    ("P-384 key for a P-256 proof", "ecdsa-rdfc-2019", "P-256", lambda d: d, "P-384",
     "proofValue decodes to 64 bytes; a P-384 signature (r ‖ s) has 96"),
    ("another P-256 key", "ecdsa-jcs-2019", "P-256", lambda d: d,
     ec.derive_private_key(7, ec.SECP256R1()).public_key(), SIGNATURE_MISMATCH),
    ("created malformed", "ecdsa-rdfc-2019", "P-256", lambda d: (d["proof"].__setitem__("created", "yesterday"), d)[1],
     None, "created 'yesterday' is not an XML Schema dateTime"),
    ("cryptosuite switched rdfc → jcs", "ecdsa-rdfc-2019", "P-256",
     lambda d: (d["proof"].__setitem__("cryptosuite", "ecdsa-jcs-2019"), d)[1], None, SIGNATURE_MISMATCH),
    ("jcs proof @context not the start of the document's", "ecdsa-jcs-2019", "P-256", _jcs_context_not_a_prefix, None,
     "the proof's @context is not the start of the document's @context"),
    ("jcs proof @context removed after signing", "ecdsa-jcs-2019", "P-384",
     lambda d: (d["proof"].pop("@context"), d)[1], None, SIGNATURE_MISMATCH),
    ("document changed", "ecdsa-jcs-2019", "P-256",
     lambda d: (d["credentialSubject"].__setitem__("alumniOf", "Elsewhere"), d)[1], None, SIGNATURE_MISMATCH),
    ("no verificationMethod", "ecdsa-rdfc-2019", "P-256",
     lambda d: (d["proof"].pop("verificationMethod"), d)[1], None, "proof has no verificationMethod"),
]


def _key(curve: str, key: Any) -> Any:
    if key is None:
        return private(curve).public_key()
    if isinstance(key, str):
        return private(key).public_key()
    return key


@pytest.mark.parametrize("suite, curve, change, key, reason", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_crafted_ecdsa_proof(suite: str, curve: str, change: Callable[[dict[str, Any]], dict[str, Any]], key: Any,
                             reason: str) -> None:
    doc = change(signed(suite, curve))
    check = verify_any(doc, doc["proof"], _key(curve, key), w3c_loader())
    if reason.endswith("…"):
        assert not check.ok and check.reason.startswith(reason[:-1]), check.reason
    else:
        assert (check.ok, check.reason) == (not reason, reason)


# Key/suite confusion for the other families: each proof is valid for its own key kind.
def _eddsa_proof() -> dict[str, Any]:
    from registry.crypto.dataintegrity import create_proof
    doc = document()
    return {**doc, "proof": create_proof(doc, ED_KEY, VM, "eddsa-rdfc-2022", CREATED, loader=w3c_loader())}


def _2020_proof() -> dict[str, Any]:
    doc = {**document(), "@context": [*document()["@context"], ed25519_2020.CONTEXT]}
    return {**doc, "proof": ed25519_2020.create_proof(doc, ED_KEY, VM, CREATED, loader=_loader_2020())}


def _loader_2020() -> Any:
    from registry.crypto.jsonld import bundled_contexts, make_loader
    from support import EXAMPLES_CONTEXT, VECTORS
    extra = {EXAMPLES_CONTEXT: read_json(W3C / "contexts" / "credentials-examples-v2.jsonld"),
             ed25519_2020.CONTEXT: read_json(VECTORS / "ed25519-2020" / "ed25519-signature-2020-v1.jsonld")}
    return make_loader({url: doc for url, doc in extra.items() if url not in bundled_contexts()})


@pytest.mark.parametrize("make, reason", [
    (_eddsa_proof, "eddsa-rdfc-2022 needs an Ed25519 key, but the verification method holds a P-256 key"),
    (_2020_proof, "Ed25519Signature2020 needs an Ed25519 key, but the verification method holds a P-256 key"),
], ids=["P-256 key offered to eddsa-rdfc-2022", "P-256 key offered to Ed25519Signature2020"])
def test_an_ecdsa_key_cannot_verify_an_ed25519_proof(make: Callable[[], dict[str, Any]], reason: str) -> None:
    doc = make()
    assert verify_any(doc, doc["proof"], ED_KEY.public_key(), _loader_2020()).ok  # the proof itself is sound
    check = verify_any(doc, doc["proof"], private("P-256").public_key(), _loader_2020())
    assert (check.ok, check.reason) == (False, reason)


def test_an_unknown_suite_is_not_checked_here() -> None:
    doc = signed()
    doc["proof"]["cryptosuite"] = "bbs-2023"
    check = verify_any(doc, doc["proof"], private("P-256").public_key(), w3c_loader())
    assert not check.ok and check.reason == "unsupported proof 'bbs-2023'"
