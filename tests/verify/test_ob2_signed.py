"""Open Badges 2.0 signed assertions: named cases with exact verdicts and steps, around a real RS256 JWS.

tests/vectors/ob2/example/assertion.jws was signed by node's crypto (tests/vectors/ob2/sign.mjs) with a key
that was never written down; key.json holds its public half. Forgeries are made here: algorithm confusion
(`none`, HS256 keyed with the public PEM), keys the issuer does not list or own, weak keys, injected `jwk`
headers, tampered payloads, hostile sizes.
"""
from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from test_ob2_hosted import BADGE, EVIL, EX, ISSUER, NOW, OK, REVOCATIONS, World, load, outcomes, run, world

from registry.verify.ob2_signed import MAX_JWS_CHARS

KEY = "https://badges.example.org/keys/1.json"
PAYLOAD_ID = "urn:uuid:4f0c8a56-2b7e-4d8e-9a43-0c1b5e2f7d19"
VECTOR = (EX / "assertion.jws").read_text(encoding="utf-8")


def b64(data: bytes | str) -> str:
    return base64.urlsafe_b64encode(data.encode() if isinstance(data, str) else data).rstrip(b"=").decode()


def parts(jws: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    head, body, sig = jws.strip().split(".")
    unb = lambda p: json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))  # noqa: E731
    return unb(head), unb(body), sig


def signed_world() -> World:
    docs = world()
    docs[KEY] = load("key.json")
    return docs


_ATTACKER = rsa.generate_private_key(public_exponent=65537, key_size=2048)
_WEAK = rsa.generate_private_key(public_exponent=65537, key_size=1024)


def pem(key: Any) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def forge(header: dict[str, Any], payload: dict[str, Any], key: Any = _ATTACKER) -> str:
    """A JWS made here: RS256 by `key`, HMAC keyed with `key` (bytes), or no signature for alg none."""
    signing_input = f"{b64(json.dumps(header))}.{b64(json.dumps(payload))}"
    alg = str(header.get("alg"))
    if isinstance(key, bytes):
        signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    elif alg.lower() == "none":
        signature = b""
    else:
        signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64(signature)}"


def with_payload(**changes: Any) -> dict[str, Any]:
    payload = parts(VECTOR)[1]
    payload.update(changes)
    return payload


def key_doc(w: World, **changes: Any) -> None:
    w[KEY].update(changes)


RS256 = {"alg": "RS256", "typ": "JWT"}
AFTER_VERIFICATION = {"badge class": "pass", "issuer": "pass", "status (revocation)": "pass", "valid from": "pass",
                      "valid until": "pass", "schema": "pass"}

# (name, change the world and return the JWS handed in, verdict, step outcomes different from OK)
CASES: list[tuple[str, Callable[[World], Any], str, dict[str, str | None]]] = [
    ("valid-node-signed", lambda w: VECTOR, "valid", {}),
    ("valid-with-surrounding-whitespace", lambda w: f"\n  {VECTOR.strip()}\n\n", "valid", {}),
    ("key-embedded-in-issuer-profile", lambda w: (w[ISSUER].update(publicKey=[w.pop(KEY)]), VECTOR)[1], "valid", {}),
    ("tampered-payload", lambda w: ".".join([VECTOR.split(".")[0], b64(json.dumps(with_payload(
        expires="2099-01-01T00:00:00Z"))), VECTOR.split(".")[2]]), "invalid", {"verification": "fail"}),
    ("tampered-header", lambda w: ".".join([b64(json.dumps({"alg": "RS256"})), *VECTOR.split(".")[1:]]), "invalid",
     {"verification": "fail"}),
    ("signature-empty", lambda w: VECTOR.rsplit(".", 1)[0] + ".", "invalid", {"verification": "fail"}),
    # algorithm confusion: a verifier must never let the JWS pick how it is checked
    ("alg-none", lambda w: forge({"alg": "none"}, with_payload()), "invalid", {"verification": "fail"}),
    ("alg-None-capitalised", lambda w: forge({"alg": "None"}, with_payload()), "invalid", {"verification": "fail"}),
    ("alg-missing", lambda w: forge({"typ": "JWT"}, with_payload()), "invalid", {"verification": "fail"}),
    ("alg-HS256-keyed-with-the-public-pem", lambda w: forge({"alg": "HS256"}, with_payload(),
                                                            w[KEY]["publicKeyPem"].encode()), "invalid",
     {"verification": "fail"}),
    ("alg-ES256-not-in-ob2", lambda w: forge({"alg": "ES256"}, with_payload()), "cannot verify",
     {"verification": "unknown"}),
    ("alg-EdDSA-not-in-ob2", lambda w: forge({"alg": "EdDSA"}, with_payload()), "cannot verify",
     {"verification": "unknown"}),
    ("crit-header", lambda w: forge({**RS256, "crit": ["exp"], "exp": 1}, with_payload()), "invalid",
     {"verification": "fail"}),
    ("unencoded-payload-b64-false", lambda w: forge({**RS256, "b64": False}, with_payload()), "invalid",
     {"verification": "fail"}),
    ("injected-jwk-header-is-ignored", lambda w: forge({**RS256, "jwk": {"kty": "RSA", "n": "x", "e": "AQAB"}},
                                                       with_payload()), "invalid", {"verification": "fail"}),
    # keys: listed by the issuer, owned by the issuer, an RSA key of 2048 bits or more
    ("creator-not-listed-by-issuer", lambda w: (w.update({EVIL + "key.json": {
        "type": "CryptographicKey", "id": EVIL + "key.json", "owner": ISSUER, "publicKeyPem": pem(_ATTACKER)}}),
        forge(RS256, with_payload(verification={"type": "SignedBadge", "creator": EVIL + "key.json"})))[1],
     "invalid", {"verification": "fail"}),
    ("issuer-lists-no-key", lambda w: (w[ISSUER].pop("publicKey"), VECTOR)[1], "invalid", {"verification": "fail"}),
    ("key-owner-is-not-the-issuer", lambda w: (key_doc(w, owner=EVIL + "issuer.json"), VECTOR)[1], "invalid",
     {"verification": "fail"}),
    ("key-says-another-id", lambda w: (key_doc(w, id=EVIL + "key.json"), VECTOR)[1], "invalid",
     {"verification": "fail"}),
    ("key-not-a-cryptographic-key", lambda w: (key_doc(w, type="Issuer"), VECTOR)[1], "invalid",
     {"verification": "fail"}),
    ("key-unreachable", lambda w: (w.pop(KEY), VECTOR)[1], "cannot verify", {"verification": "unknown"}),
    ("key-is-ec-not-rsa", lambda w: (key_doc(w, publicKeyPem=pem(ec.generate_private_key(ec.SECP256R1()))),
                                     VECTOR)[1], "invalid", {"verification": "fail"}),
    ("key-pem-garbage", lambda w: (key_doc(w, publicKeyPem="-----BEGIN PUBLIC KEY-----\nAAAA\n"), VECTOR)[1],
     "invalid", {"verification": "fail"}),
    ("key-pem-huge", lambda w: (key_doc(w, publicKeyPem="A" * 100_000), VECTOR)[1], "invalid",
     {"verification": "fail"}),
    ("key-1024-bit", lambda w: (key_doc(w, publicKeyPem=pem(_WEAK)), forge(RS256, with_payload(), _WEAK))[1],
     "invalid", {"verification": "fail"}),
    ("badge-issuer-is-not-the-key-owner",  # a real key of one issuer signing another issuer's badge
     lambda w: (w.update({EVIL + "issuer.json": {**w[ISSUER], "id": EVIL + "issuer.json", "publicKey": [KEY]}}),
                w[BADGE].update(issuer=EVIL + "issuer.json"), VECTOR)[2], "invalid",
     {"verification": "fail", "status (revocation)": "unknown"}),  # the copied Profile names the other's list
    # the payload
    ("payload-declares-hosted", lambda w: forge(RS256, with_payload(verification={"type": "hosted"})), "invalid",
     {"verification": "fail", **dict.fromkeys(AFTER_VERIFICATION)}),
    ("payload-not-an-assertion", lambda w: forge(RS256, with_payload(type="BadgeClass")), "invalid",
     {"format": "fail", "verification": None, **dict.fromkeys(AFTER_VERIFICATION)}),
    ("payload-not-json", lambda w: f"{b64(json.dumps(RS256))}.{b64('not json')}.AAAA", "invalid",
     {"format": "fail", "verification": None, **dict.fromkeys(AFTER_VERIFICATION)}),
    ("payload-duplicate-keys", lambda w: b64(json.dumps(RS256)) + "." + b64('{"id": 1, "id": 2}') + ".AAAA", "invalid",
     {"format": "fail", "verification": None, **dict.fromkeys(AFTER_VERIFICATION)}),
    ("payload-nested-too-deep", lambda w: f"{b64(json.dumps(RS256))}.{b64('[' * 5000 + ']' * 5000)}.AAAA", "invalid",
     {"format": "fail", "verification": None, **dict.fromkeys(AFTER_VERIFICATION)}),
    ("header-not-an-object", lambda w: f"{b64('[1]')}.{VECTOR.split('.', 1)[1]}", "invalid",
     {"format": "fail", "verification": None, **dict.fromkeys(AFTER_VERIFICATION)}),
    ("jws-oversized", lambda w: f"{b64(json.dumps(RS256))}.{'A' * MAX_JWS_CHARS}.AAAA", "invalid",
     {"format": "fail", "verification": None, **dict.fromkeys(AFTER_VERIFICATION)}),
    ("four-parts", lambda w: VECTOR.strip() + ".AAAA", "invalid",
     {"format": "fail", "verification": None, **dict.fromkeys(AFTER_VERIFICATION)}),
    # linked documents and status, with the signature fine
    ("badge-class-unreachable", lambda w: (w.pop(BADGE), VECTOR)[1], "cannot verify",
     {"verification": None, "badge class": "unknown", "issuer": None, "status (revocation)": None, "valid from": None,
      "valid until": None, "schema": None}),
    ("revoked-in-list", lambda w: (w[REVOCATIONS]["revokedAssertions"].append(PAYLOAD_ID), VECTOR)[1], "revoked",
     {"status (revocation)": "fail"}),
    ("revocation-list-unreachable", lambda w: (w.pop(REVOCATIONS), VECTOR)[1], "status unknown",
     {"status (revocation)": "unknown"}),
]


@pytest.mark.parametrize("name,change,verdict,changed", CASES, ids=[c[0] for c in CASES])
def test_signed_case(name: str, change: Callable[[World], Any], verdict: str, changed: dict[str, str | None]) -> None:
    docs = signed_world()
    result = run(docs, change(docs))
    expected = {k: v for k, v in {**OK, **changed}.items() if v}
    assert (result.verdict.value, outcomes(result)) == (verdict, expected), [s.to_dict() for s in result.steps]
    assert all(s.detail for s in result.steps)


def test_vector_recipient_and_id() -> None:
    docs = signed_world()
    good, wrong = (run(copy.deepcopy(docs), VECTOR, email) for email in ("sam@example.org", "eve@example.org"))
    assert (good.verdict.value, good.credential_id, wrong.verdict.value) == (
        "valid", PAYLOAD_ID, "not issued to this email")


def test_vector_expires_by_its_own_dates() -> None:
    from datetime import datetime, timezone
    late = run(signed_world(), VECTOR, now=datetime(2028, 2, 1, tzinfo=timezone.utc))
    assert (late.verdict.value, NOW.year) == ("expired", 2026)
