"""VC-JWTs signed by an independent implementation (panva's jose under node) with RS256, ES256, ES384 and
EdDSA, keys found every way the header or issuer allows, and the hostile table: alg none, HS256 keyed with
the public key, key/alg confusion, another issuer's key, self-supplied keys, claims that disagree."""
from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timezone
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from jwt_cases import CASES, FULL, SHORT, VC, Case
from jwt_support import HTTPS, WEB, Keys, b64, b64json, credential, documents, jose, make_keys, outcomes, verify_bytes

from registry.verify.jwt import credential_of
from registry.verify.jwt_keys import key_from_jwk

pytestmark = pytest.mark.node


@pytest.fixture(scope="module")
def signed(node: str) -> tuple[Keys, dict[str, str]]:
    """Every case's token, signed by jose in one node run."""
    keys = make_keys(node)
    jobs = []
    for case in CASES:
        header = case.header(keys) if callable(case.header) else case.header
        payload = case.payload(keys) if callable(case.payload) else case.payload
        alg = header["alg"]
        jwk = dict(keys.private[case.key], alg=alg) if alg == "PS256" else keys.private[case.key]
        jobs.append({"name": case.name, "jwk": jwk, "header": header,
                     "payload": payload if isinstance(payload, str) else json.dumps(payload)})
    return keys, jose(node, {"sign": jobs})


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_jwt(case: Case, signed: tuple[Keys, dict[str, str]]) -> None:
    keys, tokens = signed
    result = verify_bytes(tokens[case.name].encode("ascii"), documents(keys))
    alg = (case.header(keys) if callable(case.header) else case.header)["alg"]
    step = next(s for s in result.steps if s.name == f"proof 1 (JWT {alg})")
    assert (result.verdict.value, step.outcome.value) == (case.verdict, case.proof), step.detail
    assert case.detail in step.detail
    expected = (SHORT if case.steps is SHORT else FULL | case.steps) | {step.name: case.proof}
    if case.name == "exp-disagrees-with-vc":
        expected["valid until"] = "pass"
    assert outcomes(result) == expected


def proof_detail(result: Any) -> str:
    """The detail of the token's one proof step."""
    return next(s.detail for s in result.steps if s.name.startswith("proof 1 "))


def _forged(header: dict[str, Any], payload: dict[str, Any], signature: str) -> bytes:
    return f"{b64json(header)}.{b64json(payload)}.{signature}".encode("ascii")


def test_alg_none_is_refused(signed: tuple[Keys, dict[str, str]]) -> None:
    keys, _ = signed
    result = verify_bytes(_forged({"alg": "none", "typ": VC}, credential(keys.did_key("ed")), ""), documents(keys))
    assert result.verdict.value == "invalid"
    assert outcomes(result) == FULL | {"proof 1 (JWT none)": "fail"}
    assert proof_detail(result) == "alg none: the token is unsigned, so it proves nothing"


def test_hs256_keyed_with_the_public_key_is_refused(signed: tuple[Keys, dict[str, str]]) -> None:
    """The classic confusion: a MAC whose secret is the issuer's published key, which anyone can compute."""
    keys, _ = signed
    public_pem = key_from_jwk(keys.public["rsa"], "rsa").public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    head, body = b64json({"alg": "HS256", "typ": VC, "kid": "rsa-1"}), b64json(credential(HTTPS))
    mac = b64(hmac.new(public_pem, f"{head}.{body}".encode(), hashlib.sha256).digest())
    result = verify_bytes(f"{head}.{body}.{mac}".encode(), documents(keys))
    assert (result.verdict.value, outcomes(result)["proof 1 (JWT HS256)"]) == ("invalid", "fail")
    assert "shared-secret MAC" in proof_detail(result)


def test_tampered_payload_fails(signed: tuple[Keys, dict[str, str]]) -> None:
    keys, tokens = signed
    head, _, sig = tokens["eddsa-kid-did-web"].split(".")
    other = b64json(credential(WEB, name="Something else entirely"))
    result = verify_bytes(f"{head}.{other}.{sig}".encode(), documents(keys))
    assert result.verdict.value == "invalid"
    assert "the signature does not verify" in proof_detail(result)


@pytest.mark.parametrize("size, step, detail", [
    (5 * 1024 * 1024, "container", "input is larger than 4 MiB"),
    (3 * 1024 * 1024, "proof 1 (JWT)", "the token is longer than 2,097,152 characters"),
], ids=["five-mib", "three-mib"])
def test_huge_jwt_is_refused(size: int, step: str, detail: str, signed: tuple[Keys, dict[str, str]]) -> None:
    from registry.errors import InputError
    keys, tokens = signed
    head, body, sig = tokens["eddsa-kid-did-web"].split(".")
    raw = f"{head}.{body}{'A' * (size - len(head) - len(body) - len(sig))}.{sig}".encode()
    try:
        result = verify_bytes(raw, documents(keys))
    except InputError as exc:  # the container refuses it before any parsing
        assert (step, exc.message) == ("container", detail)
        return
    assert [(s.name, s.outcome.value, s.detail) for s in result.steps][1:] == [(step, "fail", detail)]


VC11 = ["https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
MAPPING_CASES = [
    ("fills-in", {"iss": "did:example:i", "nbf": 1262304000, "exp": 1893456000, "jti": "urn:uuid:2", "sub": "did:example:s",
                  "vc": {"@context": VC11, "credentialSubject": {"type": "AchievementSubject"}}},
     {"@context": VC11, "issuer": "did:example:i", "issuanceDate": "2010-01-01T00:00:00Z",
      "expirationDate": "2030-01-01T00:00:00Z", "id": "urn:uuid:2",
      "credentialSubject": {"type": "AchievementSubject", "id": "did:example:s"}}, []),
    ("agrees", {"iss": "did:example:i", "nbf": 1262304000, "vc": {"@context": VC11, "issuer": {"id": "did:example:i"},
                                                                 "issuanceDate": "2010-01-01T00:00:00.000Z"}},
     {"@context": VC11, "issuer": {"id": "did:example:i"}, "issuanceDate": "2010-01-01T00:00:00.000Z"}, []),
    ("disagrees", {"iss": "did:example:x", "jti": "urn:a", "sub": "did:example:s",
                   "vc": {"@context": VC11, "issuer": "did:example:i", "id": "urn:b", "credentialSubject": {"id": "did:example:t"}}},
     {"@context": VC11, "issuer": "did:example:i", "id": "urn:b", "credentialSubject": {"id": "did:example:t"}},
     ["iss", "jti", "sub"]),
]


@pytest.mark.parametrize("payload, credential_out, disagree", [c[1:] for c in MAPPING_CASES],
                         ids=[c[0] for c in MAPPING_CASES])
def test_vc11_jwt_claims_map_to_the_credential(payload: dict[str, Any], credential_out: dict[str, Any],
                                               disagree: list[str]) -> None:
    got, problems = credential_of(payload)
    assert got == credential_out
    assert [p.split()[3] for p in problems] == disagree


RETIRED = datetime(2026, 6, 1, tzinfo=timezone.utc)
HISTORY_URL = "https://issuer.test/keys.json"
HISTORY_CASES = [  # (id, JWT time claims, the JWT proof step's outcome and the start of its detail)
    ("signed-before-retirement", {"iat": 1773567000}, "pass",
     f"signature verified with {WEB}#key-1 (did:web https://issuer.test/.well-known/did.json)"),
    ("signed-after-retirement", {"iat": 1790000000}, "fail", "signed 2026-09-21 by key-1, which was retired on 2026-06-01"),
    ("nbf-stands-for-iat", {"nbf": 1790000000, "validFrom": "2026-09-21T14:13:20Z"}, "fail",
     "signed 2026-09-21 by key-1, which was retired on 2026-06-01"),
    ("no-time-at-all", {}, "fail",
     "the proof has no valid 'created' time, so it cannot be placed in the history of key key-1"),
]


def with_history(docs: dict[str, Any]) -> dict[str, Any]:
    """The issuer's DID document linking a key history in which key-1 was retired on 2026-06-01."""
    did_doc = dict(docs["https://issuer.test/.well-known/did.json"],
                   service=[{"id": f"{WEB}#key-history", "type": "CredregKeyHistory", "serviceEndpoint": HISTORY_URL}])
    history = {"version": 1, "issuer": WEB, "keys": [{"id": f"{WEB}#key-1", "validFrom": "2026-01-01T00:00:00Z",
                                                      "validUntil": "2026-06-01T00:00:00Z", "reason": "retired"}]}
    return docs | {"https://issuer.test/.well-known/did.json": did_doc, HISTORY_URL: history}


@pytest.mark.parametrize("claims, outcome, detail", [c[1:] for c in HISTORY_CASES], ids=[c[0] for c in HISTORY_CASES])
def test_key_history_applies_to_the_jwt(claims: dict[str, Any], outcome: str, detail: str, node: str) -> None:
    """The issuer's published key history judges the JWT's iat (else nbf) as it judges a proof's created."""
    keys = make_keys(node)
    payload = credential(WEB) | claims
    token = jose(node, {"sign": [{"name": "t", "jwk": keys.private["ed"], "payload": json.dumps(payload),
                                  "header": {"alg": "EdDSA", "typ": VC, "kid": f"{WEB}#key-1"}}]})["t"]
    step = next(s for s in verify_bytes(token.encode(), with_history(documents(keys))).steps
                if s.name == "proof 1 (JWT EdDSA)")
    assert (step.outcome.value, step.detail[:len(detail)]) == (outcome, detail), step.detail
